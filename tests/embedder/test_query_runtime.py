"""Questions embedded by ONNX Runtime over the torch model's fp32 weights: the same vectors as
torch (so the same answers), the index untouched, and torch again where the runtime is off."""

from __future__ import annotations

import numpy as np
import pytest

from embedder.backends import RuntimeEncoder
from embedder.query_runtime import query_model

QUESTIONS = [
    "Mục tiêu tiêm vắc xin trong tháng 02/2022 là gì?",
    "muc tieu tiem vac xin thang 2/2022",
    "What are the vaccine targets for February 2022?",
    "Who chaired the conference on Conclusion 20-KL/TW?",
]


def test_the_default_model_embeds_questions_with_onnx_runtime_and_the_same_vectors(real_embedder):
    pytest.importorskip("onnxruntime")
    assert real_embedder.query_model is not None
    fast = real_embedder.embed(QUESTIONS[:1], "query")
    for question in QUESTIONS:
        onnx = real_embedder.embed([question], "query")
        saved, real_embedder.query_model = real_embedder.query_model, None
        try:
            torch = real_embedder.embed([question], "query")
        finally:
            real_embedder.query_model = saved
        assert np.abs(onnx - torch).max() < 1e-5
        assert float(onnx[0] @ torch[0]) > 0.99999
    # Passages (what the index stores) never go through it.
    assert not isinstance(real_embedder.model[0].model, RuntimeEncoder)
    assert isinstance(real_embedder.query_model[0].model, RuntimeEncoder)
    assert real_embedder.query_model is not None and fast.shape == (1, real_embedder.dim)


def test_passages_and_long_inputs_stay_on_torch(real_embedder, monkeypatch):
    pytest.importorskip("onnxruntime")

    def refuse(*args, **kwargs):
        raise AssertionError("the ONNX twin embedded a passage")

    monkeypatch.setattr(real_embedder.query_model, "encode", refuse)
    real_embedder.embed(["Sở Y tế chủ trì, phối hợp với các đơn vị."], "passage")
    real_embedder.embed([" ".join(["tiêm chủng vắc xin mũi nhắc lại"] * 40)], "query")


def test_query_runtime_torch_keeps_torch(real_embedder, real_settings):
    assert (
        query_model(
            real_embedder.model, real_embedder.weights_hash, real_settings.with_(query_runtime="torch")
        )
        is None
    )
    with pytest.raises(ValueError, match="query_runtime"):
        query_model(real_embedder.model, real_embedder.weights_hash, real_settings.with_(query_runtime="gpu"))


def test_a_failed_export_falls_back_to_torch(real_embedder, real_settings, monkeypatch, caplog):
    pytest.importorskip("onnxruntime")
    from embedder import backends

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backends, "attach", broken)
    assert query_model(real_embedder.model, real_embedder.weights_hash, real_settings) is None
    assert "disk full" in caplog.text
    # The torch model itself was not touched by the attempt.
    assert real_embedder.embed(QUESTIONS[:1], "query").shape == (1, real_embedder.dim)
