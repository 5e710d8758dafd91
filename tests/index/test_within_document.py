"""Passages scored inside one document: its subject words weigh nothing there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rows_support import chunk_row

from config import SAMPLE_ARCHIVE
from corpus.chunking import chunk_document
from corpus.loader import load_document
from corpus.vietnamese import fold
from index.retrieval.fusion import Candidate
from index.retrieval.query import parse_query
from index.retrieval.within_document import lexical_scores, passage_order, passages_by_question, question_keys
from index.store.schema import passage_body

PLAN = SAMPLE_ARCHIVE / "2023-03-20-ke-hoach-112-KH-UBND-trong-rung.txt"
NGHE_AN_PLAN = "corpus/govdocs/0a97eb9c3c536047.md"  # Kế hoạch 1026/KH-UBND, bảo vệ bí mật nhà nước


def passages_of(path: Path) -> dict[int, str]:
    """A document's chunks as the index stores them: folded heading and text (the FTS column)."""
    doc = load_document(path, path.parent)
    return {c.ordinal: fold(passage_body(c.heading, c.text)) for c in chunk_document(doc)}


def best(question: str, passages: dict[int, str]) -> str:
    scores = lexical_scores(parse_query(question), passages)
    return passages[max(scores, key=scores.__getitem__)]


def test_words_rare_in_the_document_pick_its_passage():
    passages = passages_of(PLAN)
    assert all("trong rung" in p for p in passages.values())  # the plan's subject
    top = best("Kế hoạch trồng rừng hỗ trợ bao nhiêu cho rừng gỗ lớn bằng cây bản địa?", passages)
    assert "ho tro 8.000.000 dong/ha" in top
    top = best("ke hoach trong rung: vu thu trong rung tu thang may", passages)
    assert "vu thu: tu thang 7" in top


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Ở Nghệ An, cơ quan nào chủ trì theo dõi, đôn đốc kế hoạch tăng cường bảo vệ bí mật nhà nước?",
            "2. giao cong an tinh chu tri",
        ),
        (
            "Sở Khoa học và Công nghệ làm gì để bảo vệ bí mật nhà nước ở Nghệ An?",
            "3. so khoa hoc va cong nghe",
        ),
    ],
)
def test_real_plan_subject_words_weigh_nothing(shared_dir: Path, question: str, answer: str):
    passages = passages_of(shared_dir / NGHE_AN_PLAN)
    assert sum("bi mat nha nuoc" in p for p in passages.values()) >= 0.8 * len(passages)
    assert answer in best(question, passages)


def test_dates_are_left_to_document_choice():
    q = parse_query("Cuối tháng 10 và tháng 11/2025, Thủ tướng đã hỗ trợ bao nhiêu tiền cho miền Trung?")
    unigrams, pairs = question_keys(q)
    assert {"thu", "tuong", "ho", "tro", "mien", "trung"} <= unigrams
    assert not unigrams & {"thang", "10", "11", "2025"}
    assert "tuong" in pairs["thu"]
    # A year on its own is not a date: "đến 2030" tells a plan's 2030 target from its 2025 one.
    assert "2030" in question_keys(parse_query("dong thap den 2030 bao nhieu phan tram"))[0]


def test_order_adds_a_share_of_the_best_lexical_score_to_the_cosine():
    dense = [(1, 0.90), (2, 0.88), (3, 0.87)]
    assert passage_order(dense, {}, 0.15) == [1, 2, 3]
    assert passage_order(dense, {3: 8.0, 1: 1.0}, 0.15) == [3, 1, 2]  # 0.87 + 0.15 > 0.90 + 0.019
    assert passage_order(dense, {3: 8.0, 1: 1.0}, 0.0) == [1, 2, 3]


def test_a_passage_no_retriever_found_takes_its_documents_place():
    ranked = [Candidate(10, score=0.05), Candidate(20, score=0.04), Candidate(11, score=0.03)]
    rows = {10: chunk_row(10, 1), 11: chunk_row(11, 1), 20: chunk_row(20, 2)}
    base = {10: 0.05, 11: 0.03, 20: 0.04}
    placed = passages_by_question(ranked, rows, base, {1: [12, 11, 10]})
    assert [c.chunk_id for c in placed] == [12, 20, 11]
    assert placed[0].score == 0.05  # the place's score
