"""'Not found' evidence: what a question names, and the logistic model's arithmetic."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from config import Settings
from index.answer.answerable import EVIDENCE, Answerability, named_phrases
from index.answer.sentences import _favoured
from index.retrieval.query import parse_query

READER = SimpleNamespace(settings=Settings())


@pytest.mark.parametrize(
    "question, names",
    [
        ("Số lượng xã phường của tỉnh Thanh Hóa sau sáp nhập năm 2025?", ["thanh hoa", "2025"]),
        # Lower-case syllables inside a name split it; each part is still looked for.
        ("Kết luận 20 của Ban Chấp hành Trung ương nói gì?", ["20", "ban chap", "trung"]),
        ("Ủy ban nhân dân tỉnh Đắk Lắk quyết định gì ngày 12/11/2025?", ["dak lak", "12 11 2025"]),
        ("How many communes does Ca Mau province have after 2025?", ["ca mau", "2025"]),
        ("muc ho tro cua ha noi nam 2026", ["2026"]),  # typed in lower case: only the year
    ],
)
def test_what_a_question_names(question, names):
    assert named_phrases(READER, parse_query(question)) == names


def test_model_arithmetic_and_features():
    n = len(EVIDENCE)
    model = Answerability(
        mean=(0.0,) * n, scale=(1.0,) * n, coef=(1.0,) + (0.0,) * (n - 1), intercept=0.0, threshold=0.5
    )
    evidence = dict.fromkeys(EVIDENCE, 0.0)
    assert model.probability(evidence) == pytest.approx(0.5)
    evidence[EVIDENCE[0]] = 3.0
    assert model.probability(evidence) > 0.95
    # A model trained on other evidence is not used (the thresholds decide instead).
    assert Answerability.from_dict({"features": ["x"], "mean": [0], "scale": [1], "coef": [1]}) is None


def test_only_favoured_sentences_are_embedded():
    overlaps = [0.0, 0.9, 0.1, 0.9, 0.5]
    bonus = [0.0, 0.0, 0.02, 0.0, 0.0]
    assert _favoured(overlaps, bonus, 0.05, 2) == [1, 3]  # earlier first on ties, kept in order
    assert _favoured(overlaps, bonus, 0.05, 0) == [0, 1, 2, 3, 4]  # 0: every sentence
    assert _favoured(overlaps, bonus, 0.0, 1) == [2]  # English: the bonus decides


def _rows(shift: float, n: int = 120) -> list[dict]:
    """Plumbing rows: answerable questions' evidence is ``shift`` higher on every number."""
    import numpy as np

    from index.answer.answerable import EVIDENCE

    rng = np.random.default_rng(3)
    rows = []
    for i in range(n):
        answerable = i % 2 == 0
        ev = {k: float(rng.normal() + (shift if answerable else 0.0)) for k in EVIDENCE}
        kind = "en" if answerable else ("none_en" if i % 4 == 1 else "none_vi")
        rows.append({"answerable": answerable, "passage@5": answerable, "evidence": ev, "kind": kind})
    return rows


def test_not_found_is_measured_on_rows_the_model_was_not_fitted_on():
    from index.evaluation.train_ranker import answerability_out_of_fold

    apart = answerability_out_of_fold(_rows(shift=3.0))
    mixed = answerability_out_of_fold(_rows(shift=0.0))
    assert set(apart["by_kind"]) == {"none_en", "none_vi"}
    # Separable evidence: most unanswerables refused while ~98.5 % of answerables are kept.
    assert apart["said_not_found"] > 0.8 and apart["answerable_kept"] > 0.9
    # Evidence that says nothing: out of fold the model can refuse little at that threshold.
    assert mixed["said_not_found"] < 0.3
    assert answerability_out_of_fold(_rows(shift=3.0)) == apart  # fixed draws: repeatable


def test_out_of_fold_counts_the_passage_at_5_that_not_found_costs():
    from index.evaluation.train_ranker import answerability_out_of_fold

    # Every answerable row's passages hold the answer: each one turned away costs passage@5.
    every = answerability_out_of_fold(_rows(shift=1.0))
    assert every["passage@5_lost"] > 0.01
    assert every["passage@5_lost"] == round(1 - every["answerable_kept"], 3)
    # None of them does: turning them away costs no passage@5.
    rows = _rows(shift=1.0)
    for r in rows:
        r["passage@5"] = False
    none = answerability_out_of_fold(rows)
    assert none["answerable_kept"] < 1 and none["passage@5_lost"] == 0
