"""Neighbouring hits of a document are cited as one passage (index/answer.group_hits)."""

from __future__ import annotations

from datetime import date

from index.answer.passages import Passage, group_hits, whole_sentences
from index.records import DocInfo, Hit

BULLETIN = DocInfo(
    doc_id="2022-02-09-ban-tin-thong-bao-508-TB-TU.txt",
    doc_type="Thông báo",
    number="508-TB/TU",
    number_key="508-tb/tu",
    issuer="Tỉnh ủy Quảng Ninh",
    issue_date=date(2022, 2, 9),
    title=None,
)
OTHER = DocInfo(
    doc_id="2021-10-22-ket-luan-20.txt",
    doc_type="Kết luận",
    number="20-KL/TW",
    number_key="20-kl/tw",
    issuer=None,
    issue_date=None,
    title=None,
)


def hit(doc: DocInfo, ordinal: int, section: str = "2") -> Hit:
    # Chunks of ~1,000 characters sharing a 150-character overlap, as the chunker cuts them.
    start = ordinal * 850
    return Hit(
        chunk_id=ordinal,
        doc=doc,
        ordinal=ordinal,
        text="x" * 1000,
        start=start,
        end=start + 1000,
        section=section,
        page=None,
        heading="",
        score=1.0 / (ordinal + 1),
    )


def ordinals(groups: list[list[Hit]]) -> list[list[tuple[str, int]]]:
    return [[(h.doc.number, h.ordinal) for h in g] for g in groups]


def test_next_and_previous_chunks_join_the_best_hit():
    hits = [hit(BULLETIN, 4), hit(OTHER, 4), hit(BULLETIN, 5), hit(BULLETIN, 3)]
    groups = group_hits(hits, top=3, max_chars=3000)
    assert ordinals(groups) == [
        [("508-TB/TU", 4), ("508-TB/TU", 5), ("508-TB/TU", 3)],
        [("20-KL/TW", 4)],
    ]


def test_distant_chunks_and_long_spans_stay_apart():
    hits = [hit(BULLETIN, 4), hit(BULLETIN, 6), hit(BULLETIN, 5), hit(BULLETIN, 3)]
    # 4 and 6 are not neighbours; 5 joins 4 (1,850 chars); 3 would make 2,700 > 2,000.
    groups = group_hits(hits, top=5, max_chars=2000)
    assert ordinals(groups) == [
        [("508-TB/TU", 4), ("508-TB/TU", 5)],
        [("508-TB/TU", 6)],
        [("508-TB/TU", 3)],
    ]


def test_no_joining_past_the_last_shown_group():
    # Only one passage is shown: a neighbour ranked below another document's hit is not pulled in.
    hits = [hit(BULLETIN, 4), hit(OTHER, 1), hit(BULLETIN, 5)]
    assert ordinals(group_hits(hits, top=1, max_chars=3000)) == [[("508-TB/TU", 4)]]
    assert ordinals(group_hits(hits, top=2, max_chars=3000)) == [
        [("508-TB/TU", 4), ("508-TB/TU", 5)],
        [("20-KL/TW", 1)],
    ]


def test_max_chars_below_one_chunk_turns_joining_off():
    hits = [hit(BULLETIN, 4), hit(BULLETIN, 5)]
    assert ordinals(group_hits(hits, top=5, max_chars=1)) == [[("508-TB/TU", 4)], [("508-TB/TU", 5)]]


def test_passage_cites_the_section_of_the_chunk_holding_an_offset():
    a, b = hit(BULLETIN, 4, section="2 › 3"), hit(BULLETIN, 5, section="2 › 4")
    p = Passage(hits=(a, b), text="x" * (b.end - a.start), start=a.start, end=b.end, doc_rowid=1)
    assert p.hit_at(10).section == "2 › 3"
    assert p.hit_at(b.end - a.start - 10).section == "2 › 4"
    assert p.hit_at(10_000).section == "2 › 3"  # outside: the best hit


# Item 4 of Thông báo 508-TB/TU (sample archive), as the document's cleaned text holds it.
ITEM_4 = (
    "3. Tiếp tục duy trì các chốt kiểm soát.\n"
    "4. Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022. Phấn đấu hoàn thành trước ngày "
    "28/02/2022 các mục tiêu: tiêm mũi 1 cho 100% người từ đủ 12 tuổi trở lên đủ điều kiện nhưng "
    "chưa tiêm; tiêm mũi 2 cho tất cả những người đã đến lịch. Sở Y tế chịu trách nhiệm điều phối "
    "vắc xin và báo cáo tiến độ hằng ngày.\n"
    "5. Các sở, ngành theo chức năng, nhiệm vụ triển khai thực hiện."
)


def span(text: str, start: int, end: int) -> str:
    s, e = whole_sentences(text, start, end)
    return text[s:e]


def test_a_span_cut_inside_a_sentence_is_widened_to_the_whole_sentence():
    start = ITEM_4.index("hoàn thành trước")
    end = ITEM_4.index("đủ điều kiện")
    assert span(ITEM_4, start, end) == (
        "Phấn đấu hoàn thành trước ngày 28/02/2022 các mục tiêu: tiêm mũi 1 cho 100% người từ đủ 12 "
        "tuổi trở lên đủ điều kiện nhưng chưa tiêm;"
    )


def test_dates_and_numbers_do_not_end_sentences():
    # "02/2022." ends a sentence, "28/02/2022" and "100%" do not.
    start = ITEM_4.index("Phấn đấu")
    end = ITEM_4.index("100%") + 2
    assert span(ITEM_4, start, end).endswith("chưa tiêm;")


def test_a_span_on_sentence_or_line_edges_is_left_as_it_is():
    start = ITEM_4.index("4. Đẩy")
    end = ITEM_4.index("\n5.")
    assert whole_sentences(ITEM_4, start, end) == (start, end)
    start = ITEM_4.index("Sở Y tế")
    assert whole_sentences(ITEM_4, start, end) == (start, end)
    assert whole_sentences(ITEM_4, 0, len(ITEM_4)) == (0, len(ITEM_4))


def test_widening_stops_at_the_reach_limit():
    long_sentence = "tiêm " * 200  # 1,000 characters without a sentence end
    text = long_sentence + "xong. Tiếp theo."
    assert whole_sentences(text, 501, 601, limit=50) == (501, 601)
    s, e = whole_sentences(text, 501, 990, limit=50)
    assert text[s:e].endswith("xong.") and s == 501
