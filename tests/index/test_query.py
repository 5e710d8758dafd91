"""Question parsing: language, quoted FTS terms, numbers, dates; accent restoration."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from index.errors import EmptyQuery
from index.retrieval.lexical import fts_match, lexical_terms
from index.retrieval.query import parse_query
from index.store.accents import count_forms, restore
from index.store.schema import SCHEMA


@pytest.mark.parametrize(
    "text, language",
    [
        ("Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?", "vi"),
        ("muc tieu tiem vac xin thang 2 2022", "vi_plain"),
        ("What are the vaccine targets for February 2022?", "en"),
        ("How many communes does Vietnam have?", "en"),
        ("chi thi 18-CT/TU noi gi ve cap do dich", "vi_plain"),
        # No English question word: told apart by words that cannot be Vietnamese syllables.
        ("Will foreigners with an e-visa be able to enter through Long Thanh airport?", "en"),
        ("Long Thanh airport e-visa rules", "en"),
        ("lu dac biet lon khanh hoa dak lak thu tuong yeu cau tiep te thuc pham", "vi_plain"),
        ("quang ninh so ket phong chong dich covid 19", "vi_plain"),
        # English questions that name a document by its Vietnamese symbol or quote a term
        # (from the question files; every one was read as Vietnamese before).
        ("Under Hai Phong's Decision 210/2025/QĐ-UBND, who now decides on liquidating lost assets?", "en"),
        ("In Hanoi's Resolution 48/2025/NQ-HĐND on budget allocation norms, how are points given?", "en"),
        ("When did Dong Nai's updated list of certification (chứng thực) procedures take effect?", "en"),
        ("PM dispatch 229/CĐ-TTg emulation drive: weekly report due when?", "en"),
        # Vietnamese with a document symbol or an English abbreviation stays Vietnamese.
        ("Quyết định 210/2025/QĐ-UBND của Hải Phòng giao ai thanh lý tài sản?", "vi"),
        ("AI HAY BỊ MIS-C?", "vi"),
        ("Ai chủ trì hội nghị về Kết luận 20-KL/TW?", "vi"),
        # A few accented names inside English are still English; many make it Vietnamese.
        ("Who chaired the meeting of the Tỉnh ủy Quảng Ninh Standing Committee?", "en"),
        ("Who is Nguyễn Xuân Ký, Bí thư Tỉnh ủy?", "vi"),
    ],
)
def test_language(text, language):
    assert parse_query(text).language == language


def test_numbers_and_dates_in_questions():
    q = parse_query("Thông báo 508-tb/tu ngày 09/02/2022 yêu cầu gì về tiêm vắc xin tháng 02/2022?")
    assert q.number_keys == ("508-TB/TU",)
    assert date(2022, 2, 9) in q.dates
    assert (2022, 2) in q.months
    assert parse_query("Kết luận số 20 nói gì?").bare_numbers == (("ket luan", "20"),)
    assert parse_query("What are the vaccine targets for February 2022?").months == ((2022, 2),)
    assert 2022 in parse_query("Tết Nhâm Dần").years


@pytest.mark.parametrize(
    "text, found",
    [
        ('tiêm "vắc xin', [1]),
        ("NEAR(a b)", [2]),  # the word "near", not the NEAR operator
        ("a* OR b", []),
        ("x:y", []),
        ("-z ^w", []),
        ("18-CT/TU", [1]),
        ("xin*", [1]),  # a prefix query if it reached FTS5 raw; quoted, the word "xin" only
    ],
)
def test_fts_terms_are_always_quoted(text, found):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO chunks_fts(rowid, folded) VALUES(1, 'tiem vac xin 18 ct tu')")
    conn.execute("INSERT INTO chunks_fts(rowid, folded) VALUES(2, 'xinh dep near or')")
    match = fts_match(lexical_terms(parse_query(text)))
    assert all(term.startswith('"') and term.endswith('"') for term in match.split(" OR "))
    rows = conn.execute("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", (match,)).fetchall()
    assert [r[0] for r in rows] == found


def test_punctuation_only_is_refused():
    with pytest.raises(EmptyQuery):
        parse_query("…?! --- ***")


def test_restore_accents_from_archive_forms():
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    texts = [
        "Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022.",
        "Tiêm vắc xin mũi 3 cho người lao động.",
    ] * 2
    conn.executemany(
        "INSERT INTO accent_forms VALUES(?,?,?)", [(k, f, n) for k, (f, n) in count_forms(texts).items()]
    )
    assert restore(conn, "day nhanh tien do tiem vac xin").text == "đẩy nhanh tiến độ tiêm vắc xin"
    assert restore(conn, "tiem vac xin cho hoc sinh").text == "tiêm vắc xin cho hoc sinh"


def test_lexical_terms_keep_the_rarest_and_drop_the_common():
    q = parse_query("Tỉnh ủy Quảng Ninh yêu cầu tiêm vắc xin mũi 3 cho học sinh")
    rows = 10_000
    df = {
        "tinh": 6000,
        "uy": 5000,
        "quang": 900,
        "ninh": 950,
        "yeu": 4000,
        "cau": 4200,
        "tiem": 600,
        "vac": 700,
        "xin": 750,
        "mui": 400,
        "3": 3000,
        "hoc": 1900,
        "sinh": 2000,
    }
    terms = lexical_terms(q, df, rows)
    assert set(terms) == {"quang", "ninh", "tiem", "vac", "mui"}  # ≤ 15% of passages ("xin" is a stop word)
    # Fewer than three rare words: the rarest three, but never words in most passages.
    common = parse_query("tỉnh ủy yêu cầu học sinh")
    assert lexical_terms(common, df, rows) == ["hoc", "sinh"]
    assert lexical_terms(common, {k: 9000 for k in df}, rows) == []
    # A small archive keeps every word: no doclist is long enough to be slow.
    assert set(lexical_terms(common, {k: 90 for k in df}, 100)) == {"tinh", "uy", "yeu", "cau", "hoc", "sinh"}


def test_lexical_terms_stay_within_the_postings_budget():
    q = parse_query("tiêm vắc xin mũi nhắc lại cho trẻ em")
    df = {"tiem": 1400, "vac": 1300, "mui": 900, "nhac": 1200, "lai": 1450, "tre": 800, "em": 1000}
    terms = lexical_terms(q, df, 10_000)  # budget: 40 % of 10,000 passages
    assert set(terms) == {"tre", "mui", "em", "nhac"}  # 3,900 passages; "vac" (1,300) would pass 4,000
