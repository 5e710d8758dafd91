"""An HTML header table flattens like the Markdown govdocs' header: no words glued at a <br>.

The issuer cell "<b>UBND TỈNH HẢI MINH<br>SỞ Y TẾ</b>" is a parent/child pair; like a
multi-line Markdown cell it becomes one issuer line, which ``corpus.issuers`` turns
into the lower level completed with its parent's place: "Sở Y tế tỉnh Hải Minh".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.loader import load_document
from corpus.metadata import parse_metadata
from corpus.readers import read_html
from corpus.types import Document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_archive" / "2022-02-16-cong-van-412-SYT-NVY-xet-nghiem-mui-nhac-lai.html"

SUBJECT = "V/v tăng cường xét nghiệm có trọng tâm và đẩy nhanh tiêm mũi nhắc lại vắc xin phòng COVID-19"
HEADER = [
    "UBND TỈNH HẢI MINH SỞ Y TẾ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 412/SYT-NVY",
    SUBJECT,
    "Hải Minh, ngày 16 tháng 02 năm 2022",
]
ISSUER = "Sở Y tế tỉnh Hải Minh"

BODY_HTML = """<p><b>Kính gửi:</b></p><ul><li>Các bệnh viện, phòng khám trên địa bàn tỉnh.</li></ul>
<p>Thực hiện Thông báo số 508-TB/TU ngày 08/02/2022 của Thường trực Tỉnh ủy, Sở Y tế đề nghị
các đơn vị triển khai một số nội dung sau.</p>"""
BODY_MD = """**Kính gửi:**

Các bệnh viện, phòng khám trên địa bàn tỉnh.

Thực hiện Thông báo số 508-TB/TU ngày 08/02/2022 của Thường trực Tỉnh ủy, Sở Y tế đề nghị các đơn vị triển khai một số nội dung sau.
"""

# The header as the govdocs lay it out in Markdown: cells split over lines, rule lines under them.
HEADER_MD = f"""|
**UBND TỈNH HẢI MINH**
**SỞ Y TẾ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 412/SYT-NVY
{SUBJECT}
|
*Hải Minh, ngày 16
tháng 02 năm 2022*
|

"""

# Ways real pages write the two-level issuer cell.
ISSUER_CELLS = {
    "br-inside-b": "<td><b>UBND TỈNH HẢI MINH<br>SỞ Y TẾ</b></td>",
    "b-br-b": "<td><b>UBND TỈNH HẢI MINH</b><br><b>SỞ Y TẾ</b></td>",
    "xhtml-br": "<td><strong>UBND TỈNH HẢI MINH<br/>SỞ Y TẾ</strong></td>",
    "br-then-newline": "<td>UBND TỈNH HẢI MINH<br>\n  SỞ Y TẾ</td>",
    "paragraphs": "<td><p>UBND TỈNH HẢI MINH</p><p>SỞ Y TẾ</p></td>",
    "divs": "<td><div>UBND TỈNH HẢI MINH</div><div>SỞ Y TẾ</div></td>",
    "th": "<th>UBND TỈNH HẢI MINH<br>SỞ Y TẾ</th>",
    "nbsp-and-rule": "<td><b>UBND TỈNH&nbsp;HẢI MINH<br>SỞ Y TẾ</b><br>-------</td>",
    "comment": "<td>UBND TỈNH HẢI MINH<!-- cấp trên --><br>SỞ Y TẾ</td>",
}


def _page(issuer_cell: str) -> str:
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Công văn</title></head>
<body><header>SỞ Y TẾ TỈNH HẢI MINH - CỔNG THÔNG TIN ĐIỆN TỬ</header><main><article>
<table class="header"><tbody>
<tr>{issuer_cell}
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td>Số: 412/SYT-NVY<br><i>{SUBJECT}</i></td><td><i>Hải Minh, ngày 16 tháng 02 năm 2022</i></td></tr>
</tbody></table>
{BODY_HTML}
</article></main></body></html>"""


def _load(path: Path) -> Document:
    doc = load_document(path, path.parent)
    assert isinstance(doc, Document), doc
    return doc


def test_reader_keeps_words_apart_at_br_in_header_cells():
    rows = [line for line in read_html(SAMPLE.read_bytes()).split("\n") if line.startswith("|")]
    assert rows[:2] == [
        "| UBND TỈNH HẢI MINH SỞ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        f"| Số: 412/SYT-NVY {SUBJECT} | Hải Minh, ngày 16 tháng 02 năm 2022 |",
    ]


def test_sample_html_header_and_issuer():
    doc = _load(SAMPLE)
    lines = doc.text.split("\n")
    assert lines[: len(HEADER)] == HEADER
    assert lines[len(HEADER)] == "Kính gửi:"
    assert "MINHSỞ" not in doc.text
    assert doc.meta.issuer == ISSUER
    assert parse_metadata(doc.text).issuer == ISSUER
    assert (doc.meta.doc_type, doc.meta.number.display, doc.meta.place) == (
        "Công văn",
        "412/SYT-NVY",
        "Hải Minh",
    )


def test_html_header_flattens_like_the_markdown_header(tmp_path: Path):
    (tmp_path / "cv.html").write_text(_page(ISSUER_CELLS["br-inside-b"]), encoding="utf-8")
    (tmp_path / "cv.md").write_text(HEADER_MD + BODY_MD, encoding="utf-8")
    html, md = _load(tmp_path / "cv.html"), _load(tmp_path / "cv.md")
    assert html.text == md.text
    assert html.text.split("\n")[: len(HEADER)] == HEADER
    assert html.meta.issuer == md.meta.issuer == ISSUER


@pytest.mark.parametrize("cell", ISSUER_CELLS.values(), ids=ISSUER_CELLS.keys())
def test_issuer_cell_variants(tmp_path: Path, cell: str):
    (tmp_path / "cv.html").write_text(_page(cell), encoding="utf-8")
    doc = _load(tmp_path / "cv.html")
    assert doc.text.split("\n")[: len(HEADER)] == HEADER
    assert doc.meta.issuer == ISSUER
