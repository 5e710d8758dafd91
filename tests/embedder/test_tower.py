"""The question tower: LoRA updates of the default model's question side. Stored as float16
in the ranker file, merged as W + B·A, run by ONNX Runtime with torch's vectors; zero updates
give the base model's vectors, and training moves real questions toward their passages."""

from __future__ import annotations

import numpy as np
import pytest

from embedder.tower import RANK, TowerWeights, layer, merge, target_names, tower_vectors

QUESTIONS = [
    "Who chaired the conference on Conclusion 20-KL/TW?",
    "Mục tiêu tiêm vắc xin trong tháng 02/2022 là gì?",
]


def _random_updates(rng, names, scale=0.02, dims=(384, 1536)):
    updates = {}
    for name in names:
        n_in = dims[1] if name.endswith("output.dense") and ".attention." not in name else dims[0]
        n_out = dims[1] if name.endswith("intermediate.dense") else dims[0]
        updates[name] = (rng.normal(size=(RANK, n_in)) * scale, rng.normal(size=(n_out, RANK)) * scale)
    return updates


def test_weights_round_to_float16_and_survive_the_ranker_file_format():
    rng = np.random.default_rng(0)
    names = ["encoder.layer.0.attention.self.query", "encoder.layer.0.intermediate.dense"]
    weights = TowerWeights.of(_random_updates(rng, names))
    a, b = weights.updates[names[0]]
    assert a.dtype == np.float16 and a.shape == (RANK, 384) and b.shape == (384, RANK)
    again = TowerWeights.from_dict(weights.to_dict())
    assert again is not None and again.digest == weights.digest and len(weights.digest) == 16
    for name in names:
        assert all(
            np.array_equal(x, y) for x, y in zip(again.updates[name], weights.updates[name], strict=True)
        )
    assert TowerWeights.from_dict(None) is None
    other = TowerWeights.of(_random_updates(np.random.default_rng(1), names))
    assert other.digest != weights.digest


def test_merge_adds_b_times_a_to_each_named_layer():
    torch = pytest.importorskip("torch")
    from transformers import BertConfig, BertModel

    bert = BertModel(
        BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)
    )
    names = target_names(bert)
    assert len(names) == 12 and names[0] == "encoder.layer.0.attention.self.query"
    weights = TowerWeights.of(_random_updates(np.random.default_rng(2), names, dims=(32, 64)))
    before = {n: layer(bert, n).weight.detach().clone() for n in names}
    merge(bert, weights)
    for name in names:
        a, b = weights.updates[name]
        expected = before[name] + torch.from_numpy(b.astype(np.float32) @ a.astype(np.float32))
        assert torch.allclose(layer(bert, name).weight, expected, atol=1e-6)


@pytest.mark.model
def test_zero_updates_give_the_base_models_question_vectors(real_settings, real_embedder):
    names = target_names(real_embedder.model[0].auto_model)
    zero = TowerWeights.of(
        {
            n: (np.zeros_like(a), np.zeros_like(b))
            for n, (a, b) in _random_updates(np.random.default_rng(3), names).items()
        }
    )
    tuned = tower_vectors(zero, real_settings, QUESTIONS)
    base = real_embedder.embed(QUESTIONS, "query")
    assert tuned.shape == base.shape and np.abs(tuned - base).max() < 1e-5


@pytest.mark.model
def test_trained_tower_moves_questions_toward_their_passages(real_settings, real_embedder):
    """A short training on real questions and passages of the sample archive: each question's
    gold passage gains on the other candidates (the loss it minimises), and the ONNX and
    torch runs of the tuned model agree."""
    from index.evaluation import train_tower as tt

    passages = [
        "Chủ trì hội nghị: đồng chí Nguyễn Xuân Ký, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy.",
        "Tiêm vắc xin phòng COVID-19 mũi nhắc lại cho 100% người từ 18 tuổi trở lên trước ngày 28/02/2022.",
        "Trồng 1,2 triệu cây xanh phân tán trên địa bàn toàn tỉnh trong năm 2023.",
        "Tỷ lệ che phủ rừng toàn tỉnh đạt 54,8% vào cuối năm 2023.",
    ]
    vectors = real_embedder.embed(passages, "passage")
    questions = QUESTIONS + [
        "How many scattered trees will be planted in 2023?",
        "forest cover rate end of 2023",
    ]
    examples = [tt.TowerExample(q, vectors, np.arange(4) == i) for i, q in enumerate(questions)]

    def gold_margin(v: np.ndarray) -> float:
        """Mean over questions of the gold passage's cosine minus the best other's."""
        s = v @ vectors.T
        gold = np.diag(s).copy()
        np.fill_diagonal(s, -np.inf)
        return float(np.mean(gold - s.max(axis=1)))

    import torch

    saved, threads = tt.EPOCHS, torch.get_num_threads()
    tt.EPOCHS = 12  # 12 steps of one batch: enough to move 4 questions, seconds on 2 cores
    try:
        weights = tt.train_tower(examples, real_settings.with_(query_runtime="torch"))
    finally:
        tt.EPOCHS = saved
    # Training takes every configured thread and gives the process back as it found it.
    assert torch.get_num_threads() == threads
    torch_run = tower_vectors(weights, real_settings.with_(query_runtime="torch"), questions)
    onnx_run = tower_vectors(weights, real_settings, questions)
    assert np.abs(torch_run - onnx_run).max() < 1e-4
    before, after = gold_margin(real_embedder.embed(questions, "query")), gold_margin(torch_run)
    assert after > before + 0.02, (before, after)  # measured 0.034 -> 0.077


def test_training_runs_on_every_configured_thread_and_restores_the_process(monkeypatch):
    """Question embedding leaves torch on one thread; a tower's training takes them all."""
    import torch

    from config import Settings
    from index.evaluation import train_tower as tt

    seen: list[int] = []
    monkeypatch.setattr(tt, "_train", lambda examples, settings, seed: seen.append(torch.get_num_threads()))
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        tt.train_tower([], Settings().with_(threads=2))
        assert seen == [2] and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_zero_threads_means_every_core():
    import os

    from config import Settings

    assert Settings().with_(threads=0).torch_threads == (os.cpu_count() or 1)
    assert Settings().with_(threads=3).torch_threads == 3
