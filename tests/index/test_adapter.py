"""The question adapter: learns to move a question toward its gold passage, saved in the
ranker file and read back bit for bit; its two feature columns."""

from __future__ import annotations

import lightgbm
import numpy as np

from index.evaluation.train_adapter import Example, train_adapter
from index.retrieval.adapter import QueryAdapter, adapted_vector
from index.retrieval.features import FEATURES, adapted_columns
from index.retrieval.ranker import load_ranker, save_ranker


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def _examples(rng: np.random.Generator, n: int, rotation: np.ndarray) -> list[Example]:
    """Questions whose gold passage is a fixed rotation of the question (plus noise): the
    plain cosine cannot find it among random candidates, an adapter can learn it."""
    out = []
    for _ in range(n):
        q = _unit(rng.normal(size=16))
        gold = _unit(rotation @ q + 0.1 * rng.normal(size=16))
        others = _unit(rng.normal(size=(9, 16)) + 0.8 * q)  # decoys near the question itself
        passages = np.vstack([gold, others])
        out.append(Example(q, passages, np.arange(10) == 0))
    return out


def test_the_adapter_learns_what_the_plain_cosine_misses():
    rng = np.random.default_rng(0)
    rotation, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    train, test = _examples(rng, 200, rotation), _examples(rng, 100, rotation)
    adapter = train_adapter(train)

    def right(vector_of) -> float:
        return float(np.mean([np.argmax(e.passages @ vector_of(e.query)) == 0 for e in test]))

    plain, adapted = right(lambda q: q), right(adapter.apply)
    assert adapted > plain + 0.3, (plain, adapted)
    assert np.isclose(np.linalg.norm(adapter.apply(test[0].query)), 1.0, atol=1e-5)


def test_no_adapter_leaves_the_question_and_its_columns_as_the_plain_cosine():
    rng = np.random.default_rng(1)
    q, passages = _unit(rng.normal(size=8)), _unit(rng.normal(size=(5, 8)))
    assert adapted_vector(None, q) is q
    columns = adapted_columns(passages, adapted_vector(None, q))
    assert np.allclose(columns[:, 0], passages @ q)
    assert np.isclose(columns[:, 1].min(), 0.0) and (columns[:, 1] >= 0).all()
    assert adapted_columns(passages[:0], q).shape == (0, 2)


def test_the_adapter_is_saved_in_the_ranker_file_and_changes_its_fingerprint(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(60, len(FEATURES)))
    model = lightgbm.LGBMRanker(n_estimators=5, num_leaves=4, min_data_in_leaf=5, verbose=-1)
    model.fit(x, (x[:, 0] > 0).astype(int), group=[10] * 6)
    text = model.booster_.model_to_string()
    adapter = QueryAdapter(rng.normal(size=(384, 384)).astype(np.float32) * 0.01)
    path = tmp_path / "ranker.json"
    plain = save_ranker(path, text, {})
    assert load_ranker(path).adapter is None
    with_adapter = save_ranker(path, text, {}, adapter=adapter)
    assert with_adapter != plain
    loaded = load_ranker(path).adapter
    assert loaded is not None and np.array_equal(loaded.matrix, adapter.matrix)
