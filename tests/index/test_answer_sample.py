"""Cited answers on the bundled sample archive with the real default model."""

from __future__ import annotations

import pytest

from index.api import ask, get_document

BULLETIN = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"


@pytest.mark.parametrize(
    "question",
    [
        "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?",
        "muc tieu tiem vac xin thang 2 2022 la gi",
        "What are the vaccine targets for February 2022?",
    ],
)
def test_vaccine_question_cites_508_item_4_with_highlight(sample_index, question):
    answer = ask(sample_index, question)
    assert answer.found
    first = answer.citations[0]
    assert first.doc.doc_id == BULLETIN
    assert first.doc.number == "508-TB/TU"
    assert first.section.endswith("4")
    marked = " ".join(first.passage[s:e] for s, e in first.highlights)
    assert "mũi 1" in marked or "tiêm vắc xin" in marked
    view = get_document(sample_index, first.doc.doc_id)
    assert view.text[first.start : first.end] == first.passage


def test_unanswerable_question_says_so(sample_index):
    answer = ask(sample_index, "Giá vé tàu vũ trụ lên sao Hỏa năm 2030 là bao nhiêu?")
    assert not answer.found
    assert "Không tìm thấy" in answer.message


def test_punctuation_only_question_gets_a_message(sample_index):
    answer = ask(sample_index, "?!")
    assert not answer.found and "type a question" in answer.message


def test_citation_lists_references_both_ways(sample_index):
    answer = ask(sample_index, "Chỉ thị 18-CT/TU quy định công bố cấp độ dịch khi nào?")
    first = answer.citations[0]
    assert first.doc.number == "18-CT/TU"
    assert any(r.doc_id == BULLETIN for r in first.cited_by)
