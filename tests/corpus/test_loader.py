"""The loader on every supported format, encodings, archive walking, duplicates, real files."""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from corpus.encoding import decode_text
from corpus.loader import (
    doc_id_for,
    file_hash,
    find_duplicates,
    list_archive_files,
    load_archive,
    load_document,
)
from corpus.types import Document, DocumentMeta, LoadIssue

BODY = "Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định về tổ chức Tết Nguyên đán Nhâm Dần năm 2022."
HEADER_ROW = [
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\n-------",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------",
]
DATE_ROW = ["Số: 35/KH-UBND", "Quảng Ninh, ngày 28 tháng 01 năm 2022"]


def no_meta(_text: str) -> DocumentMeta:
    return DocumentMeta()


def load(path: Path, **kwargs) -> Document:
    doc = load_document(path, path.parent, parse_meta=no_meta, **kwargs)
    assert isinstance(doc, Document), doc
    return doc


# --- encodings -------------------------------------------------------------------


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters (â, ơ, ư …) plus separate combining tone marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),  # no BOM: Notepad "Unicode" without signature
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
        _cp1258,
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-be-bom", "utf16-le-no-bom", "utf8-nfd", "cp1258"],
)
def test_text_encodings_decode_to_nfc(encode):
    text = "Chỉ thị số 18-CT/TU về tăng cường lãnh đạo, chỉ đạo thích ứng an toàn, linh hoạt dịch Covid-19."
    assert decode_text(encode(text)) == text


def test_windows_1252_fallback_for_western_text():
    assert decode_text("Café déjà vu — naïve".encode("cp1252")) == "Café déjà vu — naïve"


# --- formats ---------------------------------------------------------------------


def test_txt_and_md(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "# Kế hoạch\n\n**Điều 1. Phạm vi điều chỉnh**\n\nQuyết định này quy định.", "utf-8"
    )
    doc = load(tmp_path / "a.txt")
    assert (doc.doc_id, doc.fmt, doc.text, doc.pages) == ("a.txt", "txt", BODY, ())
    assert doc.content_hash == hashlib.sha256(BODY.encode()).hexdigest()
    assert load(tmp_path / "b.md").text == "Kế hoạch\nĐiều 1. Phạm vi điều chỉnh\nQuyết định này quy định."


def test_html_drops_chrome_and_flattens_header(tmp_path: Path):
    html = """<!DOCTYPE html><html><head><title>Tiêu đề trang</title><style>p {color: red}</style></head>
<body><header>CỔNG THÔNG TIN ĐIỆN TỬ</header><nav><a href="/">Trang chủ</a></nav>
<table><tr><td><b>UBND TỈNH QUẢNG NINH<br>SỞ Y TẾ</b></td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td>Số: 412/SYT-NVY</td><td><i>Quảng Ninh, ngày 16 tháng 02 năm 2022</i></td></tr></table>
<p>Điều 1. Phạm vi điều chỉnh</p><p>Quyết định này <b>quy định</b> về tổ chức Tết Nguyên đán Nhâm Dần năm 2022.</p>
<script>var x = "không phải văn bản";</script><footer>Bản quyền</footer></body></html>"""
    (tmp_path / "cv.html").write_text(html, encoding="utf-8")
    doc = load(tmp_path / "cv.html")
    assert doc.fmt == "html"
    assert doc.text.split("\n") == [
        "UBND TỈNH QUẢNG NINH SỞ Y TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 412/SYT-NVY",
        "Quảng Ninh, ngày 16 tháng 02 năm 2022",
        *BODY.split("\n"),
    ]


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path, make_docx):
    path = make_docx(tmp_path / "kh.docx", BODY.split("\n"), rows=[HEADER_ROW, DATE_ROW])
    doc = load(path)
    assert doc.fmt == "docx"
    assert doc.text.split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 35/KH-UBND",
        "Quảng Ninh, ngày 28 tháng 01 năm 2022",
        *BODY.split("\n"),
    ]


def test_docx_body_table_keeps_cells(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_paragraph("Phụ lục: mức hỗ trợ")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["Đối tượng", "Mức hỗ trợ"], ["Hộ nghèo", "650.000 đồng/tháng"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Điều 2. Hiệu lực thi hành")
    document.save(str(tmp_path / "t.docx"))
    assert load(tmp_path / "t.docx").text.split("\n") == [
        "Phụ lục: mức hỗ trợ",
        "Đối tượng | Mức hỗ trợ",
        "Hộ nghèo | 650.000 đồng/tháng",
        "Điều 2. Hiệu lực thi hành",
    ]


def test_pdf_pages_have_offsets_into_cleaned_text(tmp_path: Path, make_text_pdf):
    pages = [
        "1\nDieu 1. Pham vi dieu chinh\nQuyet dinh nay quy dinh ve to chuc Tet.",
        "2\nDieu 2. Doi tuong ap dung\nCac co quan, don vi tren dia ban tinh.",
    ]
    doc = load(make_text_pdf(tmp_path / "qd.pdf", pages))
    assert doc.fmt == "pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.text[doc.pages[0].start : doc.pages[0].end].startswith("Dieu 1. Pham vi dieu chinh")
    assert doc.text[doc.pages[1].start : doc.pages[1].end].startswith("Dieu 2. Doi tuong ap dung")
    assert doc.pages[1].end == len(doc.text)
    assert "\n2\n" not in doc.text  # running page numbers are gone


def test_default_metadata_parser_is_used(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    doc = load_document(tmp_path / "a.txt", tmp_path)
    assert isinstance(doc, Document) and isinstance(doc.meta, DocumentMeta)


def test_a_failing_metadata_parser_does_not_lose_the_document(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")

    def broken(_text: str) -> DocumentMeta:
        raise RuntimeError("bug")

    doc = load_document(tmp_path / "a.txt", tmp_path, parse_meta=broken)
    assert isinstance(doc, Document) and doc.meta == DocumentMeta()


# --- walking the archive ---------------------------------------------------------


def _tree(root: Path) -> None:
    for rel in [
        "b/z.md",
        "b/a.txt",
        "a.docx.txt",
        ".hidden.txt",
        ".git/config.txt",
        "sub/~$lock.docx",
        "x.json",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BODY, encoding="utf-8")


def test_list_archive_files_sorted_supported_visible(tmp_path: Path):
    root = tmp_path / "archive"
    _tree(root)
    outside = tmp_path / "outside.txt"
    outside.write_text(BODY, encoding="utf-8")
    os.symlink(outside, root / "link-out.txt")
    os.symlink(root / "b" / "a.txt", root / "link-in.txt")
    ids = [doc_id_for(p, root) for p in list_archive_files(root)]
    assert ids == ["a.docx.txt", "b/a.txt", "b/z.md", "link-in.txt"]


def test_doc_id_for_and_file_hash(tmp_path: Path):
    (tmp_path / "d").mkdir()
    path = tmp_path / "d" / "x.txt"
    path.write_bytes(b"abc" * 1_000_000)
    assert doc_id_for(path, tmp_path) == "d/x.txt"
    assert doc_id_for(tmp_path / "d" / ".." / "d" / "x.txt", tmp_path) == "d/x.txt"
    assert file_hash(path) == hashlib.sha256(b"abc" * 1_000_000).hexdigest()
    with pytest.raises(ValueError, match="outside the archive root"):
        doc_id_for(tmp_path.parent / "elsewhere.txt", tmp_path)


def test_load_archive_reports_bad_files_and_goes_on(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (tmp_path / "d.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not a document: ignored
    results = list(load_archive(tmp_path))
    assert [r.doc_id for r in results] == ["a.txt", "b.pdf", "c.doc", "d.md"]
    assert [type(r) for r in results] == [Document, LoadIssue, LoadIssue, Document]
    assert "save as .docx" in results[2].action
    assert list(load_archive(tmp_path / "missing"))[0].problem == "archive folder not found"


def test_parallel_load_gives_the_same_results(tmp_path: Path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"{BODY} {i}", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    serial = list(load_archive(tmp_path))
    parallel = list(load_archive(tmp_path, workers=2))
    assert [(type(r), r.doc_id) for r in serial] == [(type(r), r.doc_id) for r in parallel]
    assert [r.text for r in serial if isinstance(r, Document)] == [
        r.text for r in parallel if isinstance(r, Document)
    ]


def test_find_duplicates_by_bytes_or_cleaned_text(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "c.md").write_text(BODY.replace("\n", "\n\n"), encoding="utf-8")  # same text, other bytes
    (tmp_path / "d.txt").write_text(BODY + " Khác.", encoding="utf-8")
    docs = [r for r in load_archive(tmp_path) if isinstance(r, Document)]
    assert find_duplicates(docs) == [("a.txt", "b.txt"), ("a.txt", "c.md")]


# --- the real archive --------------------------------------------------------------


def test_real_formats_load(shared_corpus: Path):
    for rel, fmt, pages in [
        ("pdf/an_le_so_672023AL.pdf", "pdf", 6),
        ("docx/nghi_dinh_03_2026_ND_CP.docx", "docx", 0),
        ("govdocs/001c610b2efdcf0c.md", "md", 0),
        ("bulletins/quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt", "txt", 0),
    ]:
        doc = load_document(shared_corpus / rel, shared_corpus)
        assert isinstance(doc, Document), doc
        assert (doc.doc_id, doc.fmt, len(doc.pages)) == (rel, fmt, pages)
        assert doc.content_hash == file_hash(shared_corpus / rel)
        if pages:
            assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
            assert all(a.end <= b.start for a, b in zip(doc.pages, doc.pages[1:]))


def test_real_pdf_page_of_a_passage(shared_corpus: Path):
    doc = load_document(shared_corpus / "pdf/an_le_so_672023AL.pdf", shared_corpus)
    at = doc.text.index("Tòa án phải quyết định giao nhà đất cho người cao tuổi")
    assert next(p.number for p in doc.pages if p.start <= at < p.end) == 1
    assert doc.text.startswith("ÁN LỆ SỐ 67/2023/AL")


@pytest.mark.slow
def test_real_archive_loads_with_known_issues_and_duplicates(archive_results, archive_documents):
    issues = [r for r in archive_results if isinstance(r, LoadIssue)]
    assert (len(archive_results), len(archive_documents)) == (529, 526)
    # Three saved pages hold only the website's chrome ("Văn bản này đang cập nhật Nội dung").
    assert sorted(i.doc_id for i in issues) == [
        "govdocs/234679e21a8956c3.md",
        "govdocs/a22c466ad399da74.md",
        "govdocs/c245527d1c70c596.md",
    ]
    assert len(find_duplicates(archive_documents)) == 4  # the archive's 4 near-duplicate pairs
