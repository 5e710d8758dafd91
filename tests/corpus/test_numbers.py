"""Document numbers as the archive writes them: parsing, spans, canonical keys."""

from __future__ import annotations

import unicodedata

import pytest

from corpus.numbers import find_doc_numbers, number_key, parse_doc_number

# (text as it occurs in the archive, display form, key, year). Every text is copied
# from a file under ../shared/corpus (bulletins, govdocs headers and bodies, PDFs, DOCX).
REAL_FORMS = [
    ("Tỉnh ủy Quảng Ninh vừa ban hành Thông báo số 508-TB/TU về", "508-TB/TU", "508-TB/TU", None),
    ("Số: 2820/QĐ-UBND", "2820/QĐ-UBND", "2820/QD-UBND", None),
    ("Số: 87/2025/QĐ-UBND", "87/2025/QĐ-UBND", "87/2025/QD-UBND", 2025),
    ("Kết luận số 20-KL/TW ngày 16/10/2021 tại Hội nghị lần thứ tư", "20-KL/TW", "20-KL/TW", None),
    ("Nghị quyết số 128/NQ-CP ngày 11/10/2021", "128/NQ-CP", "128/NQ-CP", None),
    ("Chỉ thị số 01 - CT/TTg ngày 08/02/2022", "01-CT/TTg", "01-CT/TTG", None),
    ("(Báo cáo số 19/BC-UBND ngày 07/02/2022 của UBND tỉnh)", "19/BC-UBND", "19/BC-UBND", None),
    ("Chỉ thị số 35/CT-TTg ngày 31/12/2021 của Thủ tướng Chính phủ", "35/CT-TTg", "35/CT-TTG", None),
    ("QUỐC HỘI Luật số: 91/2015/QH13", "91/2015/QH13", "91/2015/QH13", 2015),
    ("ÁN LỆ SỐ 43/2021/AL1", "43/2021/AL", "43/2021/AL", 2021),  # "1" is the PDF's footnote mark
    ("Án lệ số 26/2018/AL về xác định thời điểm", "26/2018/AL", "26/2018/AL", 2018),
    ("Số: 3783/QĐ- UBND", "3783/QĐ-UBND", "3783/QD-UBND", None),
    ("Số: 3783/QĐ-\nUBND\nNghệ An, ngày 20 tháng 11 năm 2025", "3783/QĐ-UBND", "3783/QD-UBND", None),
    ("Số:10988/BNV-CQĐP V/v tuyên truyền chủ trương", "10988/BNV-CQĐP", "10988/BNV-CQDP", None),
    ("Số 383-QĐ/TW | Hà Nội, ngày 19 tháng 11 năm 2025", "383-QĐ/TW", "383-QD/TW", None),
    ("Số 37-HD/BTGDVTW", "37-HD/BTGDVTW", "37-HD/BTGDVTW", None),
    ("Số: 1147-QĐ/BTGDVTW", "1147-QĐ/BTGDVTW", "1147-QD/BTGDVTW", None),
    ("Số 07-KL/VPTW", "07-KL/VPTW", "07-KL/VPTW", None),
    ("Số: 1663/NQ-UBTVQH15 |", "1663/NQ-UBTVQH15", "1663/NQ-UBTVQH15", None),
    ("nhận được công văn số 324/QTR-KTr2 ngày 22/7/2025", "324/QTR-KTr2", "324/QTR-KTR2", None),
    ("Số: 11554/VPCP-V.I", "11554/VPCP-V.I", "11554/VPCP-V.I", None),
    ("theo Quyết định số 119A/QĐ-CA ngày 15 tháng 5 năm 2024", "119A/QĐ-CA", "119A/QD-CA", None),
    (
        "Quyết định giám đốc thẩm số 01/2019/KDTM-GĐT ngày 11/01/2019",
        "01/2019/KDTM-GĐT",
        "01/2019/KDTM-GDT",
        2019,
    ),
    ("Bản án dân sự phúc thẩm số 16/2019/DS-PT ngày 19/3/2019", "16/2019/DS-PT", "16/2019/DS-PT", 2019),
    ("Số: 57/VBHN-BCT", "57/VBHN-BCT", "57/VBHN-BCT", None),
    ("Số: 031/2025/QĐ-UBND", "031/2025/QĐ-UBND", "031/2025/QD-UBND", 2025),
    ("Số: 0125/KH-UBND", "0125/KH-UBND", "0125/KH-UBND", None),
    ("Số: 5155/SGDĐT-GDTXNNĐH Về hướng dẫn đánh giá", "5155/SGDĐT-GDTXNNĐH", "5155/SGDDT-GDTXNNDH", None),
    ("Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật", "13/2023/NĐ-CP", "13/2023/ND-CP", 2023),
    ("Số: 05/2025/TT-BGDĐT |", "05/2025/TT-BGDĐT", "05/2025/TT-BGDDT", 2025),
    ("Số: 224/CĐ-TTg", "224/CĐ-TTg", "224/CD-TTG", None),
    ("Số: 144/2025/QĐ-CTUBND", "144/2025/QĐ-CTUBND", "144/2025/QD-CTUBND", 2025),
    ("Giấy phép | Số 485/GP-BTTTT do Bộ Thông tin và Truyền thông cấp", "485/GP-BTTTT", "485/GP-BTTTT", None),
    ("Trả lời công văn số 20251022/CV-HD", "20251022/CV-HD", "20251022/CV-HD", None),
    ("tại Văn bản số 43-CV/TU ngày 12/11/2025", "43-CV/TU", "43-CV/TU", None),
    ("Số: 5348/CT-CS\nV/v hướng dẫn góp vốn điều lệ", "5348/CT-CS", "5348/CT-CS", None),
    ("Căn cứ Nghị quyết số 68/NQ-HĐND ngày 09/12/2021 của HĐND tỉnh", "68/NQ-HĐND", "68/NQ-HDND", None),
    ("CHÍNH PHỦ__________ Số: 170/2025/NĐ-CP | CỘNG HÒA", "170/2025/NĐ-CP", "170/2025/ND-CP", 2025),
]


@pytest.mark.parametrize(("text", "display", "key", "year"), REAL_FORMS)
def test_real_forms_parse(text: str, display: str, key: str, year: int | None) -> None:
    doc = parse_doc_number(text)
    assert doc is not None
    assert (doc.display, doc.key, doc.year) == (display, key, year)
    found = find_doc_numbers(text)
    assert found and found[0][0].display == display


@pytest.mark.parametrize(
    "text",
    [
        "hợp đồng thế chấp tài sản số 6360-LCP-2009-00949 giữa Ngân hàng",  # a contract, not an act
        "được quy định là Mẫu số 77-DS ban hành kèm theo",  # a court form
        "bên nhận chuyển nhượng đã thực hiện 2/3 nghĩa vụ",
        "tại hội nghị ngày 07/2/2022",
        "Địa chỉ | Đường 30/4, Vĩnh Hội, Long Đức",
        "kênh liên lạc 24/7 chặt chẽ",
        "thích ứng an toàn với dịch COVID-19",
        "giai đoạn 2022 - 2023",
        "căn nhà số 20/2T, phường Q",
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_doc_numbers(text) == []


def test_spans_index_the_text() -> None:
    text = "Thực hiện Chỉ thị số 11-CT/TW ngày 08/12/2021, Chỉ thị số 35/CT-TTg ngày 31/12/2021 của Thủ tướng"
    found = find_doc_numbers(text)
    assert [doc.display for doc, _, _ in found] == ["11-CT/TW", "35/CT-TTg"]
    for doc, start, end in found:
        assert text[start:end] == doc.raw


def test_symbol_stops_before_following_words() -> None:
    found = find_doc_numbers(
        "theo Nghị quyết số 128/NQ-CP - Nghị quyết mới; Quyết định 1537/QĐ-UBND.Trong đó"
    )
    assert [doc.display for doc, _, _ in found] == ["128/NQ-CP", "1537/QĐ-UBND"]


@pytest.mark.parametrize(
    "spellings",
    [
        ("nđ-cp", "ND-CP", "NĐ-CP", "nd-cp"),
        ("01 - CT/TTg", "01-CT/TTg", "01-CT/TTG", "01 – CT/TTg"),
        ("13/2023/nđ-cp", "13/2023/NĐ-CP", "13/2023/ND-CP", "13/2023/NĐ–CP"),
        ("128/NQ-CP", "128/nq-cp", "128 / NQ - CP", "128/NQ\u2010CP"),
        ("87/2025/QĐ-UBND", unicodedata.normalize("NFD", "87/2025/QĐ-UBND"), "87/2025/qđ-ubnd"),
        ("508-TB/TU", "Số: 508-TB/TU", "số 508-TB/TU"),
    ],
)
def test_number_keys_meet(spellings: tuple[str, ...]) -> None:
    assert len({number_key(s) for s in spellings}) == 1


def test_number_key_examples() -> None:
    assert number_key("NĐ-CP") == "ND-CP"
    assert number_key("01 - CT/TTg") == "01-CT/TTG"
    assert number_key("5155/SGDĐT-GDTXNNĐH") == "5155/SGDDT-GDTXNNDH"


def test_questions_typed_in_lower_case() -> None:
    doc = parse_doc_number("nghị định 13/2023/nđ-cp nói gì")
    assert doc is not None and doc.display == "13/2023/NĐ-CP" and doc.key == "13/2023/ND-CP"
    lenient = find_doc_numbers("so sánh 128/nq-cp và 12/nq-cp", strict=False)
    assert [doc.display for doc, _, _ in lenient] == ["128/NQ-CP", "12/NQ-CP"]
    assert find_doc_numbers("so sánh 128/nq-cp") == []  # documents are matched strictly


def test_bare_numbers() -> None:
    doc = parse_doc_number("Kết luận số 20")
    assert doc is not None and (doc.number, doc.symbol, doc.key) == ("20", "", "20")
    assert parse_doc_number("Hội nghị học tập") is None
