"""The backend comparison's arithmetic and table (no model: vectors made here)."""

from __future__ import annotations

import numpy as np

from embedder.bench_backends import _agreement, table


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, 16)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_rank_agreement_is_one_for_the_same_vectors_and_drops_when_they_move():
    rng = np.random.default_rng(0)
    p, q = _unit(rng, 50), _unit(rng, 8)
    assert _agreement(p, q, p, q) == {"top10_overlap": 1.0, "top1_same": 1.0}
    moved = _agreement(p, q, _unit(rng, 50), q)
    assert moved["top10_overlap"] < 0.6
    assert _agreement(p, np.zeros((0, 16)), p, np.zeros((0, 16))) == {}


def test_table_has_a_row_per_backend_and_says_what_is_missing():
    row = {
        "backend": "torch fp32",
        "passages_per_s": 6.5,
        "passes_per_s": [6.1, 6.5],
        "cpu_s_per_passage": 0.3,
        "cosine_mean": 1.0,
        "cosine_min": 1.0,
        "top10_overlap": 1.0,
        "top1_same": 1.0,
        "peak_rss_mib": 1400,
        "loadavg_1min": 0.4,
        "loadavg_per_pass": [0.5, 0.4],
        "fingerprint": "m|weights=x|fp32|max=512",
        "passages": 256,
        "mean_tokens": 261.0,
        "batch_size": 32,
        "threads": 2,
    }
    missing = {"backend": "onnx int8", "error": "not installed: pip install -r requirements-backends.txt"}
    text = table([row, missing])
    assert "| torch fp32 | 6.30 (6.10, 6.50) | 0.300 |" in text
    assert "| onnx int8 | not installed" in text
    assert "256 passages of ~261 tokens" in text
