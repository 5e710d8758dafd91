"""Neighbouring hits of a document are cited as one passage (index/answer.group_hits)."""

from __future__ import annotations

from datetime import date

from index.answer import Passage, group_hits
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
    p = Passage(hits=(a, b), text="x" * (b.end - a.start), start=a.start, end=b.end)
    assert p.hit_at(10).section == "2 › 3"
    assert p.hit_at(b.end - a.start - 10).section == "2 › 4"
    assert p.hit_at(10_000).section == "2 › 3"  # outside: the best hit
