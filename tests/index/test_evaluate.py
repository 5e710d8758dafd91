"""The evaluation's arithmetic: answerable and unanswerable questions are counted apart."""

from __future__ import annotations

from index.evaluation.evaluate import Metrics, Outcome

BULLETIN = "bulletins/quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt"


def outcome(
    qid: str, gold: list[str], ranked: list[str], passages: list[bool], found: bool, chars: int
) -> Outcome:
    return Outcome(
        qid=qid,
        kind="en" if gold else "none_en",
        question="What are the vaccine targets for February 2022?",
        gold=gold,
        ranked_docs=ranked,
        passage_hits=passages,
        latency_ms=100.0,
        first=ranked[0] if ranked else "",
        found=found,
        passage_chars=chars,
    )


def test_unanswerable_questions_are_scored_by_saying_not_found():
    m = Metrics(
        [
            outcome("q1", [BULLETIN], [BULLETIN, "other"], [True, False], True, 900),
            outcome("q2", [BULLETIN], ["other", BULLETIN], [False], False, 0),
            outcome("n1", [], ["other"], [], False, 0),
            outcome("n2", [], ["other"], [], True, 1200),
            outcome("n3", [], ["other"], [], False, 0),
        ]
    )
    r = m.report()
    # Retrieval metrics count the two answerable questions only.
    assert r["questions"] == 2
    assert r["hit@1"] == 0.5 and r["hit@5"] == 1.0 and r["mrr@10"] == 0.75
    assert r["passage_hit@1"] == 0.5
    # q2 is answerable but was told "not found": its price, reported beside the hits.
    assert r["said_not_found"] == 0.5
    assert r["first_passage_chars"] == {"mean": 900, "max": 900}
    assert r["no_answer"]["questions"] == 3
    assert r["no_answer"]["said_not_found"] == 0.667
    # The unanswerable question that got an answer is listed among the misses.
    assert [x["id"] for x in r["misses"]] == ["q2", "n2"]


def test_no_unanswerable_questions_no_section():
    m = Metrics([outcome("q1", [BULLETIN], [BULLETIN], [True], True, 800)])
    assert "no_answer" not in m.report()
