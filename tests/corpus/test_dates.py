"""Dates, months and years: the forms the archive and questions use."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from corpus.dates import find_dates, lunar_year, parse_date, parse_month_mentions, parse_year_mentions

# (text from a file under ../shared/corpus, the first date in it)
REAL_DATES = [
    ("Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025", date(2025, 11, 19)),
    ("09/02/2022 10:46", date(2022, 2, 9)),
    ("cấp tỉnh tại hội nghị ngày 07/2/2022", date(2022, 2, 7)),
    ("Chỉ thị số 11-CT/TW ngày 08/12/2021 của Ban Bí thư", date(2021, 12, 8)),
    ("Quyết định giám đốc thẩm số 06/2017/DS-GĐT ngày 27-3-2017 của Hội đồng", date(2017, 3, 27)),
    ("khoản 4 Điều 36 Pháp lệnh thừa kế ngày 30-8-1990", date(1990, 8, 30)),
    ("QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG", date(2025, 1, 2)),
    ("Hà Tĩnh, ngày 01 tháng12 năm 2025", date(2025, 12, 1)),
    ("Hà Nội, ngày 25\ntháng 11 năm 2025", date(2025, 11, 25)),
    ("thông qua vào các ngày 20, 21, 23 tháng 02 năm 2024 và được công bố", date(2024, 2, 23)),
    (
        "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 24 \ntháng 02 năm 2021",
        date(2021, 2, 24),
    ),
    ("(có hiệu lực từ ngày 01/7/2025) quy định về", date(2025, 7, 1)),
    ("Luật xây dựng số 62/2020/QH14 ngày 17 tháng 06 năm 2020;", date(2020, 6, 17)),
    ("TP. HCM, ngày 31/05/2021", date(2021, 5, 31)),
    ("Hà Nội ngày 01 tháng 12 năm 2025", date(2025, 12, 1)),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;", date(2025, 6, 16)),
    ("Thông báo số 496-TB/TU ngày 18/01/2022, Thông báo số 502-TB/TU", date(2022, 1, 18)),
    ("trước ngày 01-01-2017 (ngày Bộ luật Dân sự năm 2015 bắt đầu có hiệu lực)", date(2017, 1, 1)),
    ("Tại phiên họp ngày 28/11/2025, sau khi nghe Báo cáo", date(2025, 11, 28)),
    ("ngay 7 thang 2 nam 2022", date(2022, 2, 7)),  # a question typed without diacritics
    ("on February 7, 2022 the province", date(2022, 2, 7)),
    ("meeting of 7 Feb 2022", date(2022, 2, 7)),
]


@pytest.mark.parametrize(("text", "expected"), REAL_DATES)
def test_real_dates(text: str, expected: date) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == expected
    assert text[parsed.start : parsed.end] == parsed.raw


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2022",
        "ngày 30 tháng 2 năm 2024",
        "Số: 87/2025/QĐ-UBND",  # a number's year is not a date
        "tháng 02/2022",  # a month, not a day
        "giai đoạn 2022 - 2023",
        "13/45/2020",
    ],
)
def test_no_date(text: str) -> None:
    assert find_dates(text) == []


def test_all_dates_in_order() -> None:
    text = "Kết luận số 25-KL/TW ngày 30/12/2021, Nghị quyết số 128/NQ-CP ngày 11/10/2021 và ngày 30 tháng 4 năm 2022"
    assert [p.value for p in find_dates(text)] == [date(2021, 12, 30), date(2021, 10, 11), date(2022, 4, 30)]


def test_nfd_text() -> None:
    text = unicodedata.normalize("NFD", "Hà Nội, ngày 19 tháng 11 năm 2025")
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == date(2025, 11, 19)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022.", [(2022, 2)]),
        ("từ tháng 6/2022 đến nay và phương hướng đến tháng 6/2027", [(2022, 6), (2027, 6)]),
        ("chính quyền địa phương 2 cấp tháng 11/2025 (Báo cáo số 5", [(2025, 11)]),
        ("Cuối tháng 10 và tháng 11/2025, Thủ tướng đã hỗ trợ", [(2025, 10), (2025, 11)]),
        ("tháng 2 năm 2022", [(2022, 2)]),
        ("thang 2 nam 2022", [(2022, 2)]),
        ("02/2022", [(2022, 2)]),
        ("What happened in February 2022?", [(2022, 2)]),
        ("Feb 2022 meeting", [(2022, 2)]),
        ("ngày 09/02/2022", []),  # a full date is not a month mention
        ("quý IV/2021", []),
        ("Số: 87/2025/QĐ-UBND", []),
    ],
)
def test_month_mentions(text: str, months: list[tuple[int, int]]) -> None:
    assert parse_month_mentions(text) == months


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("năm 2021", [2021]),
        ("2021", [2021]),
        ("tình hình tổ chức Tết Nguyên đán Nhâm Dần năm 2022", [2022]),
        ("Tết Nhâm Dần có gì mới", [2022]),
        ("tet nham dan", [2022]),
        ("Tết Quý Mão", [2023]),
        ("Tân Sửu", [2021]),
        ("Giáp Thìn", [2024]),
        ("Ất Tỵ", [2025]),
        ("Bính Ngọ", [2026]),
        ("mẫu thân của đương sự", []),  # folded it reads "mau than" (Mậu Thân): accents must match
        ("trồng mới ít nhất 2.000 ha lim", []),
        ("Số: 2020/QĐ-UBND", []),  # a document's number, not a year
        ("giai đoạn 2026 - 2030", [2026, 2030]),
    ],
)
def test_year_mentions(text: str, years: list[int]) -> None:
    assert parse_year_mentions(text) == years


def test_lunar_year_table() -> None:
    assert lunar_year("Nhâm Dần") == 2022
    assert lunar_year("canh ty") == 2020
    assert lunar_year("Tân Tị") == lunar_year("Tân Tỵ") == 2001
    assert lunar_year("Hội nghị") is None
