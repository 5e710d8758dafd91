"""Metadata read from the text: headers of every shape in the archive, bulletins, precedents.

Expected values were read by hand from the files under ../shared/corpus. Real
files go through the real loader and cleaner (``corpus.loader.load_document``),
so these tests also hold the cleaner to the header shape the parser expects.
PDFs and DOCX take seconds to read, so their file tests are in the slow tier;
short snippets of their text are checked in the default tier.
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from corpus.doctypes import DOC_TYPES, TYPE_NAME_PATTERN, canonical_doc_type, doc_type_from_symbol
from corpus.metadata import parse_metadata
from corpus.numbers import find_doc_numbers
from corpus.types import Document, DocumentMeta

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared is absent")


def _meta_of(rel: str) -> DocumentMeta:
    from corpus.loader import load_document

    doc = load_document(CORPUS / rel, CORPUS)
    assert isinstance(doc, Document), doc
    return parse_metadata(doc.text)


def _check(meta: DocumentMeta, doc_type, number, issuer, issued, extra: dict | None = None) -> None:
    got = (meta.doc_type, meta.number.display if meta.number else None, meta.issuer, meta.issue_date)
    assert got == (doc_type, number, issuer, issued)
    for field, want in (extra or {}).items():
        if field == "title_starts":
            assert meta.title and meta.title.startswith(want), meta.title
        else:
            assert getattr(meta, field) == want, field


# --- real files ---------------------------------------------------------------------

UBND_HCM = "Ủy ban nhân dân Thành phố Hồ Chí Minh"
TTG = "Thủ tướng Chính phủ"
VPCP = "Văn phòng Chính phủ"
UBTVQH = "Ủy ban Thường vụ Quốc hội"
HDTP = "Hội đồng Thẩm phán Tòa án nhân dân tối cao"

GOVDOCS = [
    (
        "001c610b2efdcf0c",
        "Quyết định",
        "2820/QĐ-UBND",
        UBND_HCM,
        date(2025, 11, 19),
        {
            "place": "Thành phố Hồ Chí Minh",
            "signer": "Nguyễn Lộc Hà",
            "title_starts": "BAN HÀNH KẾ HOẠCH TRIỂN KHAI",
        },
    ),
    (
        "005d8820eb95c1cb",
        "Công văn",
        "5348/CT-CS",
        "Cục Thuế",
        date(2025, 11, 20),
        {"place": "Hà Nội", "signer": "Phạm Thị Minh Hiền", "title": "V/v hướng dẫn góp vốn điều lệ"},
    ),
    (
        "01bf9d04a5b9e2c8",
        "Quyết định",
        "87/2025/QĐ-UBND",
        "Ủy ban nhân dân tỉnh Lai Châu",
        date(2025, 11, 19),
        {"place": "Lai Châu"},
    ),
    (
        "05729ab54fc07c39",
        "Thông báo",
        "631/TB-VPCP",
        VPCP,
        date(2025, 11, 19),
        {"title_starts": "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG"},
    ),
    ("1095764e502a89b8", "Công điện", "224/CĐ-TTg", TTG, date(2025, 11, 20), {"signer": "Phạm Minh Chính"}),
    (
        "02b9be7711f88c70",
        "Nghị quyết",
        "55/2025/NQ-HĐND",
        "Hội đồng nhân dân thành phố Hà Nội",
        date(2025, 11, 26),
        None,
    ),
    ("0326977b5d611b9a", "Nghị quyết", "08/2025/NQ-CP", "Chính phủ", date(2025, 11, 26), None),
    (
        "056a116c77fe4047",
        "Quy định",
        "383-QĐ/TW",
        "Ban Chấp hành Trung ương",
        date(2025, 11, 19),
        {"signer": "Trần Cẩm Tú"},
    ),
    ("6e4d7759e03163f7", "Kết luận", "07-KL/VPTW", "Văn phòng Trung ương Đảng", date(2025, 12, 1), None),
    (
        "8bfc5490255c4de0",
        "Hướng dẫn",
        "37-HD/BTGDVTW",
        "Ban Tuyên giáo và Dân vận Trung ương",
        date(2025, 11, 19),
        None,
    ),
    # a header that starts at "Số:"; the date is the one it was passed on
    ("0f145efacbf006fc", "Nghị quyết", "1675/NQ-UBTVQH15", UBTVQH, date(2025, 6, 16), None),
    # no date in the header: the appendix cites the decree with its date
    ("c22591f10eec1dab", "Nghị định", "170/2025/NĐ-CP", "Chính phủ", date(2025, 6, 30), None),
    (
        "2847e16133f7b987",
        "Chỉ thị",
        "09/CT-UBND",
        "Ủy ban nhân dân thành phố Cần Thơ",
        date(2025, 11, 18),
        None,
    ),
    (
        "09daab284f92e2dd",
        "Kế hoạch",
        "141/KH-UBND",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        date(2025, 11, 20),
        None,
    ),
    ("2ff42266d5aa9fd1", "Thông tư", "38/2025/TT-BXD", "Bộ Xây dựng", date(2025, 11, 21), None),
    ("087cf37a325c4959", "Văn bản hợp nhất", "57/VBHN-BCT", "Bộ Công Thương", date(2025, 11, 26), None),
    # a news page about a decision: the decision's number and issuer, the lead's date
    ("328ff8ee617496ce", "Quyết định", "1537/QĐ-UBND", "UBND tỉnh Bắc Ninh", date(2025, 11, 26), None),
    ("4f30202155d56bdd", "Chỉ thị", "06/CT-UBND", "Ủy ban nhân dân tỉnh Quảng Trị", date(2025, 11, 25), None),
    (
        "3870cd0c35318a44",
        "Công văn",
        "5155/SGDĐT-GDTXNNĐH",
        "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
        date(2025, 11, 28),
        None,
    ),
    (
        "1726b1b0ca691ac5",
        "Quyết định",
        "031/2025/QĐ-UBND",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        date(2025, 11, 19),
        None,
    ),
    ("346647ab456312c0", "Quyết định", "44/2025/QĐ-TTg", TTG, date(2025, 12, 1), None),
    ("405a6cabda393030", "Thông báo", "659/TB-VPCP", VPCP, date(2025, 11, 29), None),
    ("92582856e1434cfb", "Nghị quyết", "1660/NQ-UBTVQH15", UBTVQH, date(2025, 6, 16), None),
    (
        "55d7a47de4f0ccee",
        "Quyết định",
        "144/2025/QĐ-CTUBND",
        "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp",
        date(2025, 12, 2),
        None,
    ),
    # a letter whose header is lost: its appendix says "(Kèm theo Công văn số … ngày … của …)"
    (
        "987cadc82373c854",
        "Công văn",
        "6225/BVHTTDL-VP",
        "Bộ Văn hóa, Thể thao và Du lịch",
        date(2025, 11, 18),
        {"signer": "Nguyễn Văn Hùng"},
    ),
    ("39a27d44cc6e362b", "Thông báo", "37698/TB-CHQ", "Cục Hải quan", date(2025, 11, 21), None),
    # a summary of the telegram precedes its header on the page
    ("cfef94bb5eaf59df", "Công điện", "231/CĐ-TTg", TTG, date(2025, 11, 26), None),
    (
        "0d99145eee8ac0ff",
        "Công văn",
        "10988/BNV-CQĐP",
        "Bộ Nội vụ",
        date(2025, 11, 21),
        {"signer": "Trương Hải Long"},
    ),
    # an encyclopedia page and a Q&A page carry no document metadata
    ("00a749fac35a8f0c", None, None, None, None, None),
    ("1fb7600fb93f434a", None, None, None, None, None),
]
BULLETINS = [
    # the lead reports a Thông báo: it stands in for it, dated by the publication line
    (
        "bulletins/quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt",
        "Thông báo",
        "508-TB/TU",
        "Tỉnh ủy Quảng Ninh",
        date(2022, 2, 9),
        None,
    ),
    # a conference report: "Ngày 22/10, …" takes its year from the dates the article gives
    (
        "bulletins/quang-ninh-2021-10-22-hoi-nghi-ket-luan-20.txt",
        "Bản tin",
        None,
        None,
        date(2021, 10, 22),
        {"title_starts": "Hội nghị học tập, quán triệt thực hiện Kết luận số 20"},
    ),
]
SLOW = pytest.mark.slow
PRECEDENTS_AND_ACTS = [
    pytest.param(f"pdf/an_le_so_{n}AL.pdf", "Án lệ", f"{n[:-4]}/{n[-4:]}/AL", HDTP, d, None, marks=SLOW)
    for n, d in [
        ("432021", date(2021, 2, 24)),
        ("552022", date(2022, 9, 7)),
        ("672023", date(2023, 8, 18)),
        ("692023", date(2023, 8, 18)),
        ("722024", date(2024, 2, 23)),  # adopted on 20, 21 and 23 February: the last day
    ]
] + [
    pytest.param(*case, marks=SLOW)
    for case in [
        ("docx/an_le_so_262018AL.docx", "Án lệ", "26/2018/AL", HDTP, date(2018, 10, 17), None),
        (
            "docx/bo_luat_91_2015_QH13.docx",
            "Bộ luật",
            "91/2015/QH13",
            "Quốc hội",
            date(2015, 11, 24),
            {"signer": "Nguyễn Sinh Hùng"},
        ),
        (
            "docx/nghi_dinh_03_2026_ND_CP.docx",
            "Nghị định",
            "03/2026/NĐ-CP",
            "Chính phủ",
            date(2026, 1, 9),
            None,
        ),
        (
            "docx/nghi_dinh_19_2019_ND_CP.docx",
            "Nghị định",
            "19/2019/NĐ-CP",
            "Chính phủ",
            date(2019, 2, 19),
            {"signer": "Nguyễn Xuân Phúc"},
        ),
        (
            "docx/nghi_dinh_21_2021_ND_CP.docx",
            "Nghị định",
            "21/2021/NĐ-CP",
            "Chính phủ",
            date(2021, 3, 19),
            None,
        ),
        (
            "docx/nghi_dinh_356_2025_ND_CP.docx",
            "Nghị định",
            "356/2025/NĐ-CP",
            "Chính phủ",
            date(2025, 12, 31),
            None,
        ),
        (
            "docx/nghi_dinh_99_2022_ND_CP.docx",
            "Nghị định",
            "99/2022/NĐ-CP",
            "Chính phủ",
            date(2022, 11, 30),
            None,
        ),
        (
            "docx/nghi_quyet_01_2019_NQ_HDTP.docx",
            "Nghị quyết",
            "01/2019/NQ-HĐTP",
            HDTP,
            date(2019, 1, 11),
            {"signer": "Nguyễn Hòa Bình"},
        ),
        (
            "docx/nghi_quyet_01_2020_NQ_HDTP.docx",
            "Nghị quyết",
            "01/2020/NQ-HĐTP",
            HDTP,
            date(2020, 3, 5),
            None,
        ),
        (
            "docx/nghi_quyet_02_2022_NQ_HDTP.docx",
            "Nghị quyết",
            "02/2022/NQ-HĐTP",
            HDTP,
            date(2022, 9, 6),
            None,
        ),
    ]
]


@needs_shared
@pytest.mark.parametrize(
    ("rel", "doc_type", "number", "issuer", "issued", "extra"),
    [(f"govdocs/{name}.md", *rest) for name, *rest in GOVDOCS] + BULLETINS + PRECEDENTS_AND_ACTS,
)
def test_real_documents(rel, doc_type, number, issuer, issued, extra) -> None:
    _check(_meta_of(rel), doc_type, number, issuer, issued, extra)


@needs_shared
def test_bulletin_references_exclude_its_own_number() -> None:
    meta = _meta_of("bulletins/quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt")
    keys = {r.number.key for r in meta.references}
    assert {"11-CT/TW", "35/CT-TTG", "20-CT/TU", "18-CT/TU", "128/NQ-CP", "25-KL/TW", "218/QD-BYT"} <= keys
    assert "508-TB/TU" not in keys


# --- snippets: header shapes, copied short from the archive ----------------------------

HCM_HEADER = """ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2820/QĐ-UBND
Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025

QUYẾT ĐỊNH
BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ \
VÀ QUYẾT ĐỊNH SỐ 3103/QĐ-BTC NGÀY 05 THÁNG 9 NĂM 2025 CỦA BỘ TÀI CHÍNH
ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Luật Công nghệ thông tin số 67/2006/QH11 ngày 29 tháng 6 năm 2006;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Lộc Hà"""

# The same header before cleaning: table pipes, emphasis, rules, wrapped cells.
HCM_RAW = """|
**ỦY BAN NHÂN
DÂN **
THÀNH PHỐ HỒ CHÍ MINH
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
2820/QĐ-UBND
|
*Thành phố Hồ Chí Minh, ngày 19
tháng 11 năm 2025*
|


**QUYẾT ĐỊNH**

BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ
06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ

**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH**

*Căn cứ Luật Tổ chức chính
quyền địa phương số 72/2025/QH15;*"""


def test_header_contract_shape() -> None:
    meta = parse_metadata(HCM_HEADER)
    _check(
        meta,
        "Quyết định",
        "2820/QĐ-UBND",
        UBND_HCM,
        date(2025, 11, 19),
        {"place": "Thành phố Hồ Chí Minh", "signer": "Nguyễn Lộc Hà"},
    )
    assert meta.title.startswith("BAN HÀNH KẾ HOẠCH") and meta.title.endswith("CỦA BỘ TÀI CHÍNH")
    refs = {r.number.key: r for r in meta.references}
    assert refs["06/QD-TTG"].date == date(2025, 1, 2) and refs["06/QD-TTG"].doc_type == "Quyết định"
    assert refs["3103/QD-BTC"].date == date(2025, 9, 5)
    assert refs["72/2025/QH15"].doc_type == "Luật"
    assert "2820/QD-UBND" not in refs


def test_header_date_is_not_a_body_date() -> None:
    meta = parse_metadata(HCM_HEADER)
    assert meta.issue_date == date(2025, 11, 19)  # not 02/01/2025 of the cited decision, nor 2006


@pytest.mark.parametrize(
    "text",
    [
        HCM_RAW,
        unicodedata.normalize("NFD", HCM_HEADER),
        HCM_HEADER.replace("Số: 2820/QĐ-UBND", "Số:\n2820/QĐ-UBND"),
        HCM_HEADER.replace(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nCỘNG", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nCỘNG"
        ),
        HCM_HEADER.replace("\n", "\r\n").replace("Số: ", "Số:   "),
        HCM_HEADER.replace("CỘNG HÒA", "CỘNG HOÀ").replace("ỦY BAN", "UỶ BAN", 1),
    ],
    ids=["raw-markdown", "nfd", "number-on-next-line", "issuer-on-two-lines", "crlf-spaces", "old-accents"],
)
def test_header_tolerates_other_shapes(text: str) -> None:
    meta = parse_metadata(text)
    _check(meta, "Quyết định", "2820/QĐ-UBND", UBND_HCM, date(2025, 11, 19))


SNIPPETS = [
    (  # Công văn: no type line, "V/v" subject, two-level issuer, signature block
        "cong-van",
        "BỘ TÀI CHÍNH CỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5348/CT-CS\n"
        "V/v hướng dẫn góp vốn điều lệ\nHà Nội, ngày 20 tháng 11 năm 2025\nKính gửi: Thuế tỉnh Quảng Trị.\n"
        "Cục Thuế nhận được công văn số 324/QTR-KTr2 ngày 22/7/2025 của Thuế tỉnh Quảng Trị.\nNơi nhận:\n"
        "- Như trên;\n- Lưu: VT, CS.\nTL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ QUỐC TẾ PHÓ TRƯỞNG BAN\n"
        "Phạm Thị Minh Hiền",
        ("Công văn", "5348/CT-CS", "Cục Thuế", date(2025, 11, 20)),
        {"title": "V/v hướng dẫn góp vốn điều lệ", "signer": "Phạm Thị Minh Hiền", "place": "Hà Nội"},
    ),
    (  # Công điện: the "THỦ TƯỚNG CHÍNH PHỦ điện:" line ends the subject
        "cong-dien",
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 224/CĐ-TTg\n"
        "Hà Nội, ngày 20 tháng 11 năm 2025\nCÔNG ĐIỆN\nVỀ VIỆC KHẨN TRƯƠNG CHUẨN BỊ TỔ CHỨC LỄ KHÁNH THÀNH\n"
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng, Thủ trưởng cơ quan ngang bộ;",
        ("Công điện", "224/CĐ-TTg", TTG, date(2025, 11, 20)),
        {"title": "VỀ VIỆC KHẨN TRƯƠNG CHUẨN BỊ TỔ CHỨC LỄ KHÁNH THÀNH"},
    ),
    (  # the Party's header, cells still joined by a pipe
        "party",
        "BAN CHẤP HÀNH TRUNG ƯƠNG | ĐẢNG CỘNG SẢN VIỆT NAM\nSố 383-QĐ/TW | Hà Nội, ngày 19 tháng 11 năm 2025\n"
        "QUY ĐỊNH\nVỀ PHÔNG LƯU TRỮ ĐẢNG CỘNG SẢN VIỆT NAM\n- Căn cứ Điều lệ Đảng;\nT/M BAN BÍ THƯ\nTrần Cẩm Tú",
        ("Quy định", "383-QĐ/TW", "Ban Chấp hành Trung ương", date(2025, 11, 19)),
        {"signer": "Trần Cẩm Tú", "title": "VỀ PHÔNG LƯU TRỮ ĐẢNG CỘNG SẢN VIỆT NAM"},
    ),
    (  # a pipe table whose cells are glued: "VIỆT NAMĐộc lập", "NĐ-CP |"
        "glued-cells",
        "CHÍNH PHỦ_______ Số: 172/2025/NĐ-CP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập – Tự do – Hạnh phúc"
        "________________________ Hà Nội, ngày 30 tháng 6 năm 2025 |\n\nNGHỊ ĐỊNH\n\n"
        "Quy định về xử lý kỷ luật cán bộ, công chức\n\n_____________\n\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
        ("Nghị định", "172/2025/NĐ-CP", "Chính phủ", date(2025, 6, 30)),
        {"title": "Quy định về xử lý kỷ luật cán bộ, công chức"},
    ),
    (  # issuer row lost: the enacting line names it, the closing line dates it
        "starts-at-number",
        "Số: 1675/NQ-UBTVQH15\nNGHỊ QUYẾT\nVề việc sắp xếp các đơn vị hành chính cấp xã của thành phố Huế năm 2025\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
        "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV "
        "thông qua ngày 16 tháng 6 năm 2025.",
        ("Nghị quyết", "1675/NQ-UBTVQH15", UBTVQH, date(2025, 6, 16)),
        {"title": "Về việc sắp xếp các đơn vị hành chính cấp xã của thành phố Huế năm 2025"},
    ),
    (  # the court's resolution as the DOCX reader lays it out
        "hdtp-resolution",
        "HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 01/2019/NQ-HĐTP\nHà Nội, ngày 11 tháng 01 năm 2019\nNGHỊ QUYẾT\n"
        "HƯỚNG DẪN ÁP DỤNG MỘT SỐ QUY ĐỊNH CỦA PHÁP LUẬT VỀ LÃI, LÃI SUẤT, PHẠT VI PHẠM\n"
        "HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO\nCăn cứ Luật Tổ chức Tòa án nhân dân ngày 24 tháng 11 năm 2014;\n"
        "- Lưu: VT, Vụ PC&QLKH. | TM. HỘI ĐỒNG THẨM PHÁN CHÁNH ÁN Nguyễn Hòa Bình",
        ("Nghị quyết", "01/2019/NQ-HĐTP", HDTP, date(2019, 1, 11)),
        {
            "signer": "Nguyễn Hòa Bình",
            "title": "HƯỚNG DẪN ÁP DỤNG MỘT SỐ QUY ĐỊNH CỦA PHÁP LUẬT VỀ LÃI, LÃI SUẤT, PHẠT VI PHẠM",
        },
    ),
    (  # the Civil Code: "Luật số" beside the issuer, dated where it was passed
        "code",
        "QUỐC HỘI Luật số: 91/2015/QH13\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBỘ LUẬT\n"
        "DÂN SỰ\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nQuốc hội ban hành Bộ luật dân sự.\n"
        "Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 10 thông qua "
        "ngày 24 tháng 11 năm 2015.\nCHỦ TỊCH QUỐC HỘI Nguyễn Sinh Hùng",
        ("Bộ luật", "91/2015/QH13", "Quốc hội", date(2015, 11, 24)),
        {"signer": "Nguyễn Sinh Hùng", "title": "DÂN SỰ"},
    ),
    (  # a precedent from PDF: the footnote mark "1" glued to its number
        "precedent-pdf",
        "ÁN LỆ SỐ 43/2021/AL1\nVề hiệu lực của hợp đồng thế chấp trong trường hợp tài sản thế chấp là nhà đất do "
        "bên thế chấp nhận chuyển nhượng của người khác nhưng chưa thanh toán đủ tiền cho bên bán\n"
        "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 24 tháng 02 năm 2021 và được công bố theo "
        "Quyết định số 42/QĐ-CA ngày 12 tháng 3 năm 2021 của Chánh án Tòa án nhân dân tối cao.",
        ("Án lệ", "43/2021/AL", HDTP, date(2021, 2, 24)),
        {"title_starts": "Về hiệu lực của hợp đồng thế chấp"},
    ),
    (  # a precedent from DOCX, adopted over several days
        "precedent-days",
        "ÁN LỆ SỐ 72/2024/AL\nVề xác định di sản thừa kế là quyền sử dụng đất Được Hội đồng Thẩm phán Tòa án "
        "nhân dân tối cao thông qua vào các ngày 20, 21, 23 tháng 02 năm 2024 và được công bố theo Quyết định "
        "số 119A/QĐ-CA ngày 15 tháng 5 năm 2024 của Chánh án Tòa án nhân dân tối cao.",
        ("Án lệ", "72/2024/AL", HDTP, date(2024, 2, 23)),
        {"title": "Về xác định di sản thừa kế là quyền sử dụng đất"},
    ),
    (  # news about a decision, the decision dated by the lead
        "news-reporting-a-decision",
        "Điều chỉnh các Quyết định chuyển mục đích sử dụng đất xây dựng dự án Khu đô thị mới (Bắc Ninh)\n"
        "Ngày 26/11/2025, UBND tỉnh Bắc Ninh đã ban hành Quyết định 1537/QĐ-UBND về việc điều chỉnh các Quyết "
        "định của UBND tỉnh: số 1175/QĐ-UBND ngày 16/12/2020.",
        ("Quyết định", "1537/QĐ-UBND", "UBND tỉnh Bắc Ninh", date(2025, 11, 26)),
        None,
    ),
    (  # a letter that lost its header, identified by its own appendix
        "letter-without-header",
        "Kính gửi:\n- Các cơ quan tham mưu quản lý nhà nước thuộc Bộ;\nThủ tướng Chính phủ đã ban hành Chỉ thị số "
        "33/CT-TTg ngày 06/11/2025.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn Hùng\nPHỤ LỤC\n- (Kèm theo Công văn số "
        "6225/BVHTTDL-VP ngày 18/11/2025 của Bộ Văn hóa, Thể thao và Du lịch)",
        ("Công văn", "6225/BVHTTDL-VP", "Bộ Văn hóa, Thể thao và Du lịch", date(2025, 11, 18)),
        {"signer": "Nguyễn Văn Hùng"},
    ),
    (  # a military signer: the rank is not part of the name
        "rank",
        "BỘ QUỐC PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 127/2025/TT-BQP\n"
        "Hà Nội, ngày 19 tháng 11 năm 2025\nTHÔNG TƯ\nBÃI BỎ QUYẾT ĐỊNH SỐ 181/2006/QĐ-BQP\nCăn cứ Luật;\n"
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Vũ Hải Sản",
        ("Thông tư", "127/2025/TT-BQP", "Bộ Quốc phòng", date(2025, 11, 19)),
        {"signer": "Vũ Hải Sản"},
    ),
]


@pytest.mark.parametrize(("name", "text", "core", "extra"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_header_snippets(name: str, text: str, core: tuple, extra: dict | None) -> None:
    _check(parse_metadata(text), *core, extra)


def test_bulletin_rule_from_snippet() -> None:
    text = (
        "Ý kiến chỉ đạo của Thường trực Tỉnh ủy, Ban Chỉ đạo phòng chống dịch COVID-19 cấp tỉnh tại hội nghị ngày "
        "07/2/2022\n\n09/02/2022 10:46\n\nTỉnh ủy Quảng Ninh vừa ban hành Thông báo số 508-TB/TU về Ý kiến chỉ đạo "
        "của Thường trực Tỉnh ủy tại hội nghị ngày 07/2/2022.\n\nThực hiện Chỉ thị số 11-CT/TW ngày 08/12/2021 "
        "của Ban Bí thư."
    )
    meta = parse_metadata(text)
    _check(meta, "Thông báo", "508-TB/TU", "Tỉnh ủy Quảng Ninh", date(2022, 2, 9))
    assert [r.number.display for r in meta.references] == ["11-CT/TW"]


def test_dated_article_without_document_is_a_bulletin() -> None:
    meta = parse_metadata(
        "Hội nghị tổng kết công tác năm\n15/01/2022 08:00\nSáng nay, Tỉnh ủy tổ chức hội nghị."
    )
    _check(meta, "Bản tin", None, None, date(2022, 1, 15))


def test_undated_page_has_no_type() -> None:
    meta = parse_metadata("Biên phòng (báo)\nBiên phòng là một cơ quan truyền thông tại Việt Nam.")
    assert (meta.doc_type, meta.number, meta.issue_date) == (None, None, None)


def test_empty_text() -> None:
    assert parse_metadata("") == DocumentMeta()
    assert parse_metadata(" \n\n ") == DocumentMeta()


def test_table_of_a_web_page_is_not_a_header() -> None:
    # an encyclopedia infobox: "Số 1570/VH-QĐ" in a cell, then prose with dates
    text = (
        "Đền thờ Chủ tịch Hồ Chí Minh (Trà Vinh)\nSố: 1570/VH-QĐ\n"
        "Đền thờ Chủ tịch Hồ Chí Minh tọa lạc ở ấp Vĩnh Hội, xã Long Đức, thành phố Trà Vinh.\n"
        "Ngôi đền được khởi công vào ngày 10 tháng 3 năm 1970 và khánh thành ngày 26 tháng 1 năm 1971."
    )
    meta = parse_metadata(text)
    assert (meta.doc_type, meta.number, meta.issue_date) == (None, None, None)


def test_parse_is_fast() -> None:
    text = (
        HCM_HEADER
        + "\n"
        + "\n".join(f"Điều {i}. Căn cứ Quyết định số {i}/QĐ-UBND ngày 01/02/2025." for i in range(300))
    )
    parse_metadata(text)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        parse_metadata(text)
    per_doc = (time.perf_counter() - start) / runs
    # A guard against runaway regexes (backtracking takes seconds here), not a benchmark:
    # ~40 ms on an idle 2-core machine, 54 ms under load failed the old 50 ms bound.
    assert per_doc < 0.5, f"{per_doc * 1000:.1f} ms per document"


# --- document types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("CHỈ THỊ", "Chỉ thị"),
        ("chi thi", "Chỉ thị"),
        ("Chỉ thị số 11-CT/TW", "Chỉ thị"),
        (unicodedata.normalize("NFD", "Nghị quyết"), "Nghị quyết"),
        ("THÔNG BÁO KẾT LUẬN", "Thông báo"),
        ("bo luat", "Bộ luật"),
        ("Luật Đất đai", "Luật"),
        ("an le", "Án lệ"),
        ("directive", "Chỉ thị"),
        ("Directives", "Chỉ thị"),
        ("notice", "Thông báo"),
        ("announcement", "Thông báo"),
        ("conclusion", "Kết luận"),
        ("resolution", "Nghị quyết"),
        ("decision", "Quyết định"),
        ("the decree", "Nghị định"),
        ("circulars", "Thông tư"),
        ("plan", "Kế hoạch"),
        ("official letter", "Công văn"),
        ("dispatch", "Công điện"),
        ("bulletin", "Bản tin"),
        ("hội nghị", None),
        ("", None),
    ],
)
def test_canonical_doc_type(text: str, label: str | None) -> None:
    assert canonical_doc_type(text) == label


def test_every_label_is_its_own_name() -> None:
    for label in DOC_TYPES:
        assert canonical_doc_type(label) == label
        assert canonical_doc_type(label.upper()) == label


@pytest.mark.parametrize(
    ("symbol", "label"),
    [
        ("QĐ-UBND", "Quyết định"),
        ("TB/TU", "Thông báo"),
        ("nd-cp", "Nghị định"),
        ("CĐ-TTg", "Công điện"),
        ("QH13", "Luật"),
        ("VBHN-BCT", "Văn bản hợp nhất"),
        ("UBND-ĐT", None),  # a Công văn's symbol starts with its issuer
    ],
)
def test_doc_type_from_symbol(symbol: str, label: str | None) -> None:
    assert doc_type_from_symbol(symbol) == label


# --- the whole archive (slow) ---------------------------------------------------------
# Which fields a text states about itself, by cues kept independent of the parser: a
# "Số …" line near the top, an appendix "(Kèm theo <type> số …)", a lead "… đã ban
# hành <type> số …"; a "<place>, ngày …" line right under the number, "thông qua
# ngày …"; a bulletin's publication line. Pages that are not documents (encyclopedia
# entries, Q&A pages) state none of them and are left out of the denominators.

_NUMBER_LINE = re.compile(r"^(?:Số|SỐ|Luật số|LUẬT SỐ|ÁN LỆ SỐ|Án lệ số)\b")
_ATTACHED = re.compile(rf"\((?:Ban hành\s+)?[Kk]èm\s+theo\s+(?:{TYPE_NAME_PATTERN})\s+số\s*:?\s*\d")
_ISSUED = re.compile(rf"(?:vừa|đã)\s+ban hành\s+(?:{TYPE_NAME_PATTERN})\s+(?:số\s+)?\d")
_DATE_LINE = re.compile(r"ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}")
_PASSED = re.compile(r"thông qua (?:vào )?(?:các )?ngày")
_ATTACHED_DATE = re.compile(r"\((?:Ban hành\s+)?[Kk]èm theo [^()]{0,60} ngày")
_NEWS_DATE = re.compile(r"^(?:\d{1,2}/\d{1,2}/\d{4}|\(?Ngày \d{1,2}/\d{1,2})")
FIELDS = ("doc_type", "number", "issuer", "issue_date")


def _carries(text: str) -> dict[str, bool]:
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    at = [i for i, x in enumerate(lines[:40]) if _NUMBER_LINE.match(x) and find_doc_numbers(x[:60])]
    number = bool(at) or bool(_ATTACHED.search(text)) or any(_ISSUED.search(x) for x in lines[:8])
    near_number = [x for i in at for x in lines[max(0, i - 1) : i + 4]]
    dated = any(len(x) < 90 and _DATE_LINE.search(x) and not x.startswith("Căn cứ") for x in near_number)
    dated = dated or bool(_PASSED.search(text) or _ATTACHED_DATE.search(text))
    news = any(_NEWS_DATE.match(x) for x in lines[:8])
    letter = bool(lines) and lines[0].startswith("Kính gửi")
    return {
        "doc_type": number or news or letter,
        "number": number,
        "issuer": number,
        "issue_date": (number and dated) or news,
    }


@pytest.mark.slow
def test_archive_coverage(archive_documents: list[Document]) -> None:
    """Type, number, issuer and date on >= 95% of the archive's documents that state them."""
    start = time.perf_counter()
    metas = {d.doc_id: parse_metadata(d.text) for d in archive_documents}
    elapsed = time.perf_counter() - start
    carries = {d.doc_id: _carries(d.text) for d in archive_documents}
    total = len(metas)
    print(f"\nmetadata of {total} documents parsed in {elapsed:.2f} s")
    print(f"{'field':<11} {'all documents':>16} {'documents stating it':>24}  missed")
    shares = {}
    for field in FIELDS:
        got = sum(1 for m in metas.values() if getattr(m, field))
        stating = [k for k, c in carries.items() if c[field]]
        hit = sum(1 for k in stating if getattr(metas[k], field))
        shares[field] = hit / len(stating)
        missed = [k for k in stating if not getattr(metas[k], field)]
        print(
            f"{field:<11} {got:>5}/{total:<4} {got / total:6.1%}   {hit:>5}/{len(stating):<4} {shares[field]:6.1%}"
            f"  {', '.join(missed[:4])}{' …' if len(missed) > 4 else ''}"
        )
    assert all(share >= 0.95 for share in shares.values()), shares
    assert elapsed < 10, f"{elapsed:.1f} s for the archive"
