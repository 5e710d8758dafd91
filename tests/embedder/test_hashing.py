"""The hashing fake: same interface, deterministic, no model. Plumbing tests only."""

from __future__ import annotations

import numpy as np

from embedder import Embedder, HashingEmbedder


def test_same_interface_and_unit_rows():
    emb = HashingEmbedder(dim=64)
    assert isinstance(emb, Embedder)
    assert (emb.dim, emb.fingerprint, emb.name, emb.max_tokens, emb.truncated) == (
        64,
        "hashing-64",
        "hashing-64",
        512,
        0,
    )
    vecs = emb.embed(["Chỉ thị số 18-CT/TU", "", "Thông báo 508-TB/TU"], "passage")
    assert vecs.dtype == np.float32 and vecs.shape == (3, 64)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-6)
    assert emb.embed([], "query").shape == (0, 64)


def test_deterministic_and_folds_diacritics():
    a, b = HashingEmbedder(dim=32), HashingEmbedder(dim=32)
    text = "Đẩy nhanh tiến độ tiêm vắc xin"
    np.testing.assert_array_equal(a.embed([text], "query"), b.embed([text], "query"))
    folded, other = a.embed(["day nhanh tien do tiem vac xin", "trồng rừng gỗ lớn"], "query")
    assert float(folded @ a.embed([text], "passage")[0]) > 0.99
    assert float(other @ a.embed([text], "passage")[0]) < 0.5
    assert HashingEmbedder(dim=16).fingerprint != a.fingerprint


def test_counts_tokens_and_truncation():
    emb = HashingEmbedder()
    assert emb.count_tokens(["một hai ba"]) == [5]
    emb.embed(["chữ " * 600], "passage")
    assert emb.truncated == 1
