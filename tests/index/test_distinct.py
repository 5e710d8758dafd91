"""Results hold no passage twice (index/retrieval/distinct.py), with real decree text."""

from __future__ import annotations

from rows_support import chunk_row

from config import Ranking
from index.retrieval.distinct import distinct
from index.retrieval.fusion import Candidate

# Nghị định 99/2022/NĐ-CP repeats this form note under every form (five times in a row
# among the results for an English question); once with a few more words.
NOTE = (
    "Trường hợp không có Chứng minh nhân dân hoặc Căn cước công dân thì kê khai số chứng minh được "
    "cấp theo Luật Sĩ quan Quân đội nhân dân Việt Nam, Luật Quân nhân chuyên nghiệp, công nhân và viên "
    "chức quốc phòng (gọi chung là Chứng minh quân đội) trong trường hợp cá nhân này đang công tác trong "
    "quân đội/For a Vietnamese citizen, required information includes: full name (as appearing on the ID "
    "card), the number of ID card. If these cards are not available, declare full name and number of "
    "military ID card issued based on the Law on Officers of the Vietnam People's Army, the Law on "
    "Professional Soldiers, National Defense Workers and Officials (collectively referred to as military "
    "ID card) if this individual is working for the Army."
)
NOTE_LONGER = NOTE.replace("kê khai số", "kê khai đầy đủ họ và tên, số").replace(
    "(gọi chung là Chứng minh quân đội)",
    "(gọi chung là Chứng minh quân đội) theo đúng nội dung ghi trên Chứng minh quân đội",
)
# Thông tư 45/2025/TT-BYT: its preamble and its Article 1 restate the same title, and the
# answer ("which circular does it repeal?") is Article 1's.
PREAMBLE = (
    "Theo đề nghị của Cục trưởng Cục Quản lý Khám, chữa bệnh;\nBộ trưởng Bộ Y tế ban hành Thông tư bãi bỏ "
    "Thông tư số 31/2015/TT- BYT ngày 14 tháng 10 năm 2015 của Bộ trưởng Bộ Y tế quy định việc áp dụng chế "
    "độ bồi dưỡng, thời gian và số người thực hiện giám định đối với từng loại việc giám định pháp y, pháp "
    "y tâm thần."
)
TITLE = (
    "Bãi bỏ toàn bộ Thông tư số 31/2015/TT-BYT ngày 14 tháng 10 năm 2015 của Bộ trưởng Bộ Y tế quy định "
    "việc áp dụng chế độ bồi dưỡng, thời gian và số người thực hiện giám định đối với từng loại việc giám "
    "định pháp y, pháp y tâm thần"
)
ARTICLE_1 = f"Điều 1. {TITLE} {TITLE}."


def run(passages: list[tuple], k: int = 10) -> list[int]:
    """(document row id, number key, text[, issuer]) in rank order → chunk ids kept."""
    rows = {
        i: chunk_row(i, p[0], p[2], number_key=p[1], issuer=p[3] if len(p) > 3 else "Bộ Tài chính")
        for i, p in enumerate(passages)
    }
    return [c.chunk_id for c in distinct([Candidate(i) for i in rows], rows, k, Ranking())]


def test_a_repeated_note_is_shown_once():
    decree = (1, "99/2022/nđ-cp")
    other = (2, "03/2026/nđ-cp", "Quỹ hoạt động trong phạm vi tỉnh: 1.600.000.000 đồng.")
    assert run([(*decree, NOTE), (*decree, NOTE), other, (*decree, NOTE_LONGER), (*decree, NOTE)]) == [0, 2]


def test_passages_that_only_share_a_title_are_both_kept():
    circular = (7, "45/2025/tt-byt")
    assert run([(*circular, PREAMBLE), (*circular, ARTICLE_1)]) == [0, 1]


def test_copies_of_one_document_collapse_but_two_directives_do_not():
    # Two saved copies of one circular: same number, different files.
    assert run([(1, "110/2025/tt-btc", NOTE), (2, "110/2025/tt-btc", NOTE)]) == [0]
    # Two directives that say the same thing: the reviewer sees both.
    assert run([(1, "18-ct/tu", NOTE), (2, "20-kl/tw", NOTE)]) == [0, 1]
    # Two provinces' decisions may share a number: not copies.
    assert run(
        [(1, "87/2025/qđ-ubnd", NOTE, "UBND tỉnh Gia Lai"), (2, "87/2025/qđ-ubnd", NOTE, "UBND tỉnh Nghệ An")]
    ) == [0, 1]
    # Without a number, only the same document's repeats collapse.
    assert run([(1, None, NOTE), (2, None, NOTE), (1, None, NOTE)]) == [0, 1]


def test_stops_at_k():
    assert run([(1, None, NOTE), (1, None, NOTE), (1, None, PREAMBLE), (1, None, ARTICLE_1)], k=2) == [0, 2]
