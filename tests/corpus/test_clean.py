"""Cleaning, on real text from the archive: headers, wraps, tables, emphasis, website chrome."""

from __future__ import annotations

import unicodedata

from corpus.boilerplate import remove_boilerplate
from corpus.clean import clean_body, clean_pages, clean_text
from corpus.header_table import flatten_header, split_header
from corpus.markup import strip_emphasis

# govdocs/001c610b2efdcf0c.md: the header as scraped (a 2x2 table, one cell per run of lines).
TABLE_HEADER = """|
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
*Thành phố Hồ
Chí Minh, ngày 19 tháng 11 năm 2025*
|


**QUYẾT ĐỊNH**

BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ
06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ

*Căn cứ Luật Tổ chức chính
quyền địa phương số 72/2025/QH15;*
"""

FLAT_HEADER = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 2820/QĐ-UBND",
    "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025",
]


def test_table_header_is_flattened_into_the_parsed_shape():
    lines = clean_text(TABLE_HEADER).split("\n")
    assert lines[:5] == FLAT_HEADER
    assert lines[5] == "QUYẾT ĐỊNH"
    assert lines[6].startswith("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02")
    assert lines[7] == "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;"


def test_one_line_header_with_rules_and_glued_cells():
    # govdocs/e4ddc120fc14463c.md: issuer and number share a cell, motto glued to the nation line.
    raw = (
        "CHÍNH PHỦ_______ Số: 171/2025/NĐ-CP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập – Tự do – "
        "Hạnh phúc_________________ Hà Nội, ngày 30 tháng 6 năm 2025 |\n\n**NGHỊ ĐỊNH**\n"
    )
    assert clean_text(raw).split("\n") == [
        "CHÍNH PHỦ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "Số: 171/2025/NĐ-CP",
        "Hà Nội, ngày 30 tháng 6 năm 2025",
        "NGHỊ ĐỊNH",
    ]


def test_cong_van_header_keeps_subject_on_its_own_line():
    # govdocs/005d8820eb95c1cb.md (after the website banner).
    raw = """BỘ TÀI CHÍNH
**CỤC THUẾ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 5348/CT-CS
*V/v hướng dẫn góp vốn điều lệ*
|
*Hà Nội, ngày 20
tháng 11 năm 2025*
|
**Kính gửi:** Thuế tỉnh Quảng Trị.
"""
    header, body = split_header(raw.split("\n"))
    assert header == [
        "BỘ TÀI CHÍNH CỤC THUẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 5348/CT-CS",
        "V/v hướng dẫn góp vốn điều lệ",
        "Hà Nội, ngày 20 tháng 11 năm 2025",
    ]
    assert clean_body(body) == ["Kính gửi: Thuế tỉnh Quảng Trị."]


def test_party_header_and_header_without_table():
    assert flatten_header(["TỈNH ỦY QUẢNG NINH", "*", "Số 508-TB/TU | ĐẢNG CỘNG SẢN VIỆT NAM"]) == [
        "TỈNH ỦY QUẢNG NINH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số: 508-TB/TU",
    ]
    text = "Hội nghị học tập, quán triệt thực hiện Kết luận số 20\nNgày 22/10, Ban Thường vụ Tỉnh ủy tổ chức."
    assert split_header(text.split("\n")) == ([], text.split("\n"))


def test_wrapped_lines_are_joined_into_paragraphs_and_items_kept():
    # govdocs/01bf9d04a5b9e2c8.md: wraps mid-sentence, "**Điều\n13." split by the scraper,
    # "chính trị\n- xã hội" (a wrap that looks like a list item).
    raw = """**Điều
13. Khen thưởng và xử lý vi phạm**

1. Tổ chức, cá nhân có thành
tích thực hiện nếp sống văn minh trong việc cưới, việc tang sẽ được khen thưởng
theo quy định của pháp luật.

2. Cán bộ, công chức, viên
chức, người lao động trong các cơ quan, đơn vị, doanh nghiệp, tổ chức chính trị
- xã hội, hội quần chúng phải gương mẫu thực hiện.
"""
    assert clean_text(raw).split("\n") == [
        "Điều 13. Khen thưởng và xử lý vi phạm",
        "1. Tổ chức, cá nhân có thành tích thực hiện nếp sống văn minh trong việc cưới, việc tang sẽ "
        "được khen thưởng theo quy định của pháp luật.",
        "2. Cán bộ, công chức, viên chức, người lao động trong các cơ quan, đơn vị, doanh nghiệp, tổ chức "
        "chính trị - xã hội, hội quần chúng phải gương mẫu thực hiện.",
    ]


def test_paragraphs_without_blank_lines_split_at_sentence_ends():
    # govdocs/005d8820eb95c1cb.md: no blank lines between paragraphs or list items.
    raw = """Căn cứ tại Điều 34 Luật Doanh nghiệp
số 59/2020/QH14 quy định về tài sản góp vốn;
Căn cứ tại Điều 35 Luật Doanh nghiệp
số 59/2020/QH14 quy định về chuyển quyền sở hữu tài sản góp vốn;
Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết được
biết./.
|
Nơi nhận:
- Như trên;
- Lưu: VT, CS.
|
**TL. CỤC TRƯỞNG**
KT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ QUỐC TẾ
PHÓ TRƯỞNG BAN
Phạm Thị Minh Hiền
"""
    assert clean_body(raw.split("\n"), mode="wrapped") == [
        "Căn cứ tại Điều 34 Luật Doanh nghiệp số 59/2020/QH14 quy định về tài sản góp vốn;",
        "Căn cứ tại Điều 35 Luật Doanh nghiệp số 59/2020/QH14 quy định về chuyển quyền sở hữu tài sản góp vốn;",
        "Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết được biết./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, CS.",
        "TL. CỤC TRƯỞNG",
        "KT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ QUỐC TẾ PHÓ TRƯỞNG BAN",
        "Phạm Thị Minh Hiền",
    ]


def test_one_paragraph_per_line_text_is_not_joined():
    # bulletins/…ket-luan-20.txt: a title line, then paragraphs one per line.
    raw = (
        "Hội nghị học tập, quán triệt thực hiện Kết luận số 20 của BCH Trung ương Đảng và Chỉ thị số 18\n"
        "Ngày 22/10, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị học tập.\n"
        "Dự hội nghị còn có đồng chí Nguyễn Tường Văn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    )
    assert clean_text(raw).split("\n") == raw.split("\n")


def test_markdown_table_row_keeps_cell_separators():
    # govdocs/622d15a00a9c8017.md: the evaluation gold text spans two cells.
    raw = "| Thành lập | 1957 |\n|---|---|\n| Trụ sở chính | số 51 phố Trần Hưng Đạo, phường Cửa Nam |\n| Vị trí | |\n"
    assert clean_text(raw).split("\n") == [
        "Thành lập | 1957",
        "Trụ sở chính | số 51 phố Trần Hưng Đạo, phường Cửa Nam",
        "Vị trí",
    ]


def test_scraped_table_cells_are_rebuilt_into_rows():
    # govdocs/001c610b2efdcf0c.md: one pipe line between cells, two between rows.
    raw = """|
**VI**
|
**Các
nhiệm vụ khác**
|
|
2
|
Tổng hợp kế hoạch thực hiện
Đề án của các sở, ngành, UBND xã, phường, đặc khu.
|
Sở Tài chính
|
Hằng năm.
|
"""
    assert clean_body(raw.split("\n"), mode="wrapped") == [
        "VI | Các nhiệm vụ khác",
        "2 | Tổng hợp kế hoạch thực hiện Đề án của các sở, ngành, UBND xã, phường, đặc khu. | Sở Tài chính | Hằng năm.",
    ]


def test_emphasis_is_stripped_but_footnote_stars_kept():
    assert strip_emphasis("**Điều 1. ****Sắp xếp các đơn vị của ****tỉnh Đồng**** Nai**") == (
        "Điều 1. Sắp xếp các đơn vị của tỉnh Đồng Nai"
    )
    assert (
        strip_emphasis("*Căn cứ Nghị quyết số** 203**/2025/QH15**;*") == "Căn cứ Nghị quyết số 203/2025/QH15;"
    )
    assert strip_emphasis("**Miêu tả **(**)") == "Miêu tả (**)"
    assert strip_emphasis("địa chỉ: __https://dichvucong.gov.vn/__") == "địa chỉ: https://dichvucong.gov.vn/"
    assert strip_emphasis("Họ và tên: ________") == "Họ và tên: ________"  # a blank to fill in


def test_headings_quotes_rules_and_star_bullets():
    raw = "# Tổng hội Y học Việt Nam\n\n--------\n\n> Xem chi tiết: Quyết định 1537/QĐ-UBND\n\n* Công bố dịch hại\n"
    assert clean_text(raw).split("\n") == [
        "Tổng hội Y học Việt Nam",
        "Xem chi tiết: Quyết định 1537/QĐ-UBND",
        "- Công bố dịch hại",
    ]


def test_thuvienphapluat_banner_is_removed():
    # The banner as it appears on ~280 govdocs pages (abridged: every kind of line is here).
    raw = """|
Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của **
THƯ VIỆN PHÁP LUẬT** là vi phạm pháp luật về Sở hữu trí tuệ.
Click vào phần bôi vàng để xem chi tiết.
|
Đang tải văn bản...
#
**Số hiệu:**
|
5348/CT-CS
|
**Tình trạng:**
|
Đã biết
|
|
Số: 5348/CT-CS
|
*Hà Nội, ngày 20 tháng 11 năm 2025*
|
Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết./.
|
Công văn 5348/CT-CS năm 2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành
Văn bản này chưa cập nhật nội dung Tiếng Anh
Công văn 5348/CT-CS ngày 20/11/2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành
## Văn bản liên quan
Ban hành:
11/11/2025
**FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN**
Thưa Quý khách,
Cảm ơn đã dùng ThuVienPhapLuat.vn
"""
    assert clean_text(raw).split("\n") == [
        "Số: 5348/CT-CS",
        "Hà Nội, ngày 20 tháng 11 năm 2025",
        "Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết./.",
    ]


def test_paywall_teaser_and_title_before_translation_are_removed():
    raw = [
        "State Budget No. 89/2025/QH15. ... ... ... Hãy đăng nhập hoặc đăng ký Thành viên Pro tại đây để xem "
        "toàn bộ văn bản tiếng Anh. 5. Where any legislative document",
        "Cao Anh Tuấn",
        "|",
        "Circular No. 109/2025/TT-BTC dated November 18, 2025 on charges for issuance of practicing certificates",
        "|",
        "**MINISTRY OF FINANCE OF VIETNAM**",
    ]
    assert remove_boilerplate(raw) == [
        "State Budget No. 89/2025/QH15. 5. Where any legislative document",
        "Cao Anh Tuấn",
        "|",
        "|",
        "**MINISTRY OF FINANCE OF VIETNAM**",
    ]


def test_bulletin_footer_is_removed():
    # bulletins/quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt ends with the portal's sidebar.
    raw = """10. Ban cán sự đảng UBND tỉnh chỉ đạo xây dựng kế hoạch sơ kết 02 năm phòng, chống dịch COVID-19.


Tìm kiếm theo chuyên mục - nội dung - ngày tháng

Tin Nóng
Tin tiêu điểm

Lịch công tác trống

Website liên kết
Thống kê truy cập
Hôm nay: 51
Đã truy cập: 1001661"""
    assert clean_text(raw) == raw.split("\n")[0]
    assert clean_text("Đối với các chi bộ trực thuộc đảng bộ cơ sở.\nÝ kiến ()") == (
        "Đối với các chi bộ trực thuộc đảng bộ cơ sở."
    )


def test_captions_and_wiki_edit_links_are_removed():
    raw = "## Chú thích\n\n[sửa | sửa mã nguồn]Nội dung\n\n*Điều chỉnh chủ trương đầu tư dự án (Hình từ Internet)*\n"
    assert clean_text(raw).split("\n") == ["Chú thích", "Nội dung"]


def test_unicode_is_nfc_and_line_ends_and_spaces_normalised():
    nfd = unicodedata.normalize("NFD", "Chỉ thị số 18-CT/TU về tăng cường\u00a0lãnh đạo")
    cleaned = clean_text(nfd + "\r\n\r\nĐiều 1.\u200b Phạm vi")
    assert cleaned == "Chỉ thị số 18-CT/TU về tăng cường lãnh đạo\nĐiều 1. Phạm vi"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_pdf_pages_keep_spans_and_join_paragraphs_across_pages():
    # pdf/an_le_so_672023AL.pdf: a running page number on top, a paragraph split by the page break.
    page1 = "1 \n \nÁN LỆ SỐ 67/2023/AL\nVề người được nhận hiện vật khi chia tài sản chung \nĐược Hội đồng Thẩm phán"
    page1 += (
        " Tòa án nhân dân tối cao thông qua vào ngày 18 tháng 8 năm 2023 và được công bố theo Quyết định số"
    )
    page2 = "2 \n \n364/QĐ-CA ngày 01 tháng 10 năm 2023 của Chánh án Tòa án nhân dân tối cao. \nNguồn án lệ: "
    text, pages = clean_pages([page1, page2, ""])
    assert text.split("\n")[:2] == [
        "ÁN LỆ SỐ 67/2023/AL",
        "Về người được nhận hiện vật khi chia tài sản chung",
    ]
    assert "theo Quyết định số 364/QĐ-CA ngày 01" in text
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].start == 0 and text[pages[1].start :].startswith("364/QĐ-CA ngày 01")
    assert pages[1].end == len(text) and pages[2].start == pages[2].end == len(text)
    assert not text.startswith("1") and "\n2\n" not in text


def test_gold_excerpts_survive_cleaning(gold_documents, dev_questions):
    """Every archive-dev gold_text occurs in its gold document's cleaned text (as evaluation compares)."""

    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    missing = [
        (q["id"], doc_id)
        for q in dev_questions
        if q.get("gold_text")
        for doc_id in q["gold_docs"]
        if norm(q["gold_text"]) not in norm(gold_documents[doc_id].text)
    ]
    assert not missing
    assert sum(1 for q in dev_questions if q.get("gold_text")) == 64


def test_no_banner_text_left_in_cleaned_gold_documents(gold_documents):
    for doc in gold_documents.values():
        for marker in (
            "THƯ VIỆN PHÁP LUẬT",
            "Đang tải văn bản",
            "chưa cập nhật nội dung Tiếng Anh",
            "Thống kê truy cập",
            "**",
        ):
            assert marker not in doc.text, (doc.doc_id, marker)
