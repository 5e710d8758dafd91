"""Documents cited by a text: type, number, date; deduplicated; own number left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corpus.numbers import parse_doc_number
from corpus.references import find_references, mention_date

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BULLETINS = SHARED / "corpus" / "bulletins"
needs_shared = pytest.mark.skipif(not BULLETINS.is_dir(), reason="../shared is absent")


def _by_key(refs):
    return {r.number.key: r for r in refs}


@needs_shared
def test_bulletin_508_references() -> None:
    text = (BULLETINS / "quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt").read_text(encoding="utf-8")
    refs = find_references(text, own_number=parse_doc_number("508-TB/TU"))
    by_key = _by_key(refs)
    expected = {
        "11-CT/TW": ("Chỉ thị", date(2021, 12, 8)),
        "35/CT-TTG": ("Chỉ thị", date(2021, 12, 31)),
        "20-CT/TU": ("Chỉ thị", date(2021, 12, 16)),
        "18-CT/TU": ("Chỉ thị", date(2021, 10, 18)),
        "128/NQ-CP": ("Nghị quyết", date(2021, 10, 11)),  # cited twice; the dated mention is kept
        "25-KL/TW": ("Kết luận", date(2021, 12, 30)),
        "218/QD-BYT": ("Quyết định", date(2022, 1, 27)),
        "01-CT/TTG": ("Chỉ thị", date(2022, 2, 8)),  # written "01 - CT/TTg"
        "409-GM/TU": ("Giấy mời", date(2022, 1, 28)),
        "691-CV/TU": ("Công văn", date(2022, 2, 6)),  # also cited as "Văn bản số 691-CV/TU"
    }
    for key, (doc_type, when) in expected.items():
        assert key in by_key, key
        assert (by_key[key].doc_type, by_key[key].date) == (doc_type, when), key
    assert "508-TB/TU" not in by_key  # the bulletin's own document
    assert len(by_key) == len(refs)  # one reference per number
    assert [r.start for r in refs] == sorted(r.start for r in refs)
    ref = by_key["11-CT/TW"]
    assert text[ref.start : ref.end] == ref.raw == "Chỉ thị số 11-CT/TW ngày 08/12/2021"


@needs_shared
def test_bulletin_conference_bare_numbers_merge() -> None:
    text = (BULLETINS / "quang-ninh-2021-10-22-hoi-nghi-ket-luan-20.txt").read_text(encoding="utf-8")
    refs = find_references(text)
    found = {(r.doc_type, r.number.display, r.date) for r in refs}
    assert ("Kết luận", "20-KL/TW", date(2021, 10, 16)) in found
    assert ("Chỉ thị", "18-CT/TU", None) in found
    # "Kết luận số 20" and "Chỉ thị số 18" in the headline are the same acts: no bare duplicates
    assert not any(r.number.symbol == "" and r.number.number in ("20", "18") for r in refs)
    assert ("Nghị quyết", "27", None) in found  # "theo Nghị quyết 27": only a bare number is given


@pytest.mark.parametrize(
    ("text", "doc_type", "display", "when"),
    [
        ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;", "Luật", "72/2025/QH15", None),
        (
            "BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG",
            "Quyết định",
            "06/QĐ-TTG",
            date(2025, 1, 2),
        ),
        (
            "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024, được sửa đổi",
            "Luật",
            "31/2024/QH15",
            date(2024, 1, 18),
        ),
        (
            "Thực hiện Chỉ thị số 50-CT/TW, ngày 23/7/2025 của Ban Bí thư",
            "Chỉ thị",
            "50-CT/TW",
            date(2025, 7, 23),
        ),
        (
            "điều chỉnh các Quyết định của UBND tỉnh: số 1175/QĐ-UBND ngày 16/12/2020",
            "Quyết định",  # no type right before the number: the symbol's QĐ says it
            "1175/QĐ-UBND",
            date(2020, 12, 16),
        ),
        (
            "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi",
            "Luật",
            "64/2025/QH15",
            None,
        ),
        (
            "Báo cáo thẩm tra số 426/BC-UBPLTP15 ngày 03 tháng 6 năm 2025",
            "Báo cáo",
            "426/BC-UBPLTP15",
            date(2025, 6, 3),
        ),
        (
            "Cục Thuế nhận được công văn số 324/QTR-KTr2 ngày 22/7/2025",
            None,
            "324/QTR-KTr2",
            date(2025, 7, 22),
        ),
        (
            "Thông tư số 219/2013/TT-BTC ngày 31/12/2013 của Bộ Tài chính",
            "Thông tư",
            "219/2013/TT-BTC",
            date(2013, 12, 31),
        ),
    ],
)
def test_reference_forms(text: str, doc_type: str | None, display: str, when: date | None) -> None:
    refs = find_references(text)
    assert refs, text
    ref = refs[0]
    assert (ref.doc_type, ref.number.display, ref.date) == (doc_type, display, when)
    assert text[ref.start : ref.end] == ref.raw


def test_lower_case_cong_van_symbol_is_not_a_directive() -> None:
    # "CT" in "5348/CT-CS" is the tax department (Cục Thuế), not "Chỉ thị"
    (ref,) = find_references("Căn cứ văn bản 5348/CT-CS của Cục Thuế")
    assert ref.doc_type is None


def test_own_number_excluded() -> None:
    text = "Số: 2820/QĐ-UBND\nQuyết định này thay thế Quyết định số 10/QĐ-UBND; Quyết định số 2820/QĐ-UBND có hiệu lực"
    refs = find_references(text, own_number=parse_doc_number("2820/QĐ-UBND"))
    assert [r.number.display for r in refs] == ["10/QĐ-UBND"]


def test_dedup_keeps_the_dated_mention() -> None:
    text = "Nghị quyết số 128/NQ-CP đã nêu. Theo Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ."
    (ref,) = find_references(text)
    assert ref.date == date(2021, 10, 11) and ref.raw.endswith("ngày 11/10/2021")


def test_mention_date_of_own_number() -> None:
    text = "PHỤ LỤC\n(Kèm theo Nghị định số 170/2025/NĐ-CP ngày 30 tháng 6 năm 2025 của Chính phủ)"
    assert mention_date(text, parse_doc_number("170/2025/NĐ-CP")) == date(2025, 6, 30)


def test_no_references() -> None:
    assert find_references("Hội nghị truyền trực tuyến đến các đơn vị, địa phương trong toàn tỉnh.") == ()
