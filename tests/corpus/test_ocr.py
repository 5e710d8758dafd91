"""Scanned documents read by OCR (issue 18), on real rendered scans of a real PDF of ../shared.

A few pages at 150-200 dpi keep this quick (Tesseract takes seconds a page); the OCR cache is
shared by the module, so each page is read once. Accuracy on the full scan set is measured by
``python -m index.evaluation.ocr_bench`` (docs/BENCHMARKS.md, "OCR").
"""

from __future__ import annotations

import io
import random
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from config import Settings, load_settings
from corpus import ocr, tesseract
from corpus.chunking import chunk_document
from corpus.loader import load_document
from corpus.readers import page_needs_ocr
from corpus.types import Document, LoadIssue
from index.evaluation.scan_set import degrade, render_pages, save_scan_pdf

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed (apt-get install tesseract-ocr-vie)"
)
PRECEDENT = "pdf/an_le_so_552022AL.pdf"  # Án lệ số 55/2022/AL: header, then the body over 9 pages


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(scope="module")
def settings(work: Path) -> Settings:
    return load_settings(data_dir=work / "data", ocr_dpi=200)


@pytest.fixture(scope="module")
def original(shared_dir: Path) -> Document:
    path = shared_dir / "corpus" / PRECEDENT
    doc = load_document(path, path.parent)
    assert isinstance(doc, Document)
    return doc


@pytest.fixture(scope="module")
def pages(shared_dir: Path) -> list[Image.Image]:
    """Pages 1 and 2 of the real precedent, rendered at 200 dpi like a scan."""
    return render_pages(shared_dir / "corpus" / PRECEDENT, (1, 2), 200)


@pytest.fixture(scope="module")
def scan(work: Path, pages: list[Image.Image], settings: Settings) -> Document:
    """Page 1 stamped, turned and blurred, page 2 clean: a PDF of images, no text layer."""
    archive = work / "archive"
    save_scan_pdf([degrade(pages[0], random.Random(18)), pages[1]], archive / "an-le-55-scan.pdf", 200, 60)
    doc = load_document(archive / "an-le-55-scan.pdf", archive, settings)
    assert isinstance(doc, Document), doc
    return doc


@needs_tesseract
def test_header_metadata_is_read_from_a_stamped_scan(scan: Document, original: Document) -> None:
    assert [p.number for p in scan.ocr] == [1, 2]
    assert all(p.confidence > 70 for p in scan.ocr), scan.ocr
    want, got = original.meta, scan.meta
    assert got.doc_type == want.doc_type == "Án lệ"
    assert got.number is not None and want.number is not None and got.number.key == want.number.key
    assert got.issue_date == want.issue_date
    assert got.issuer == want.issuer
    assert scan.ocr_confidence is not None and scan.fmt == "pdf"


@needs_tesseract
def test_a_passage_of_a_scan_carries_its_page(scan: Document, original: Document) -> None:
    page2 = original.text[original.pages[1].start : original.pages[1].end]
    phrase = " ".join(page2.split()[-40:-34])  # six words near the end of page 2
    assert phrase in " ".join(scan.text.split()), phrase
    chunks = chunk_document(scan, 1000, 150)
    assert {c.page for c in chunks} == {1, 2}
    holding = [c for c in chunks if phrase in " ".join(c.text.split())]
    assert holding and holding[-1].page == 2


@needs_tesseract
def test_an_unchanged_scan_is_not_read_again(
    scan: Document, work: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_tesseract(*_args: object, **_kw: object) -> None:
        raise AssertionError("Tesseract ran for a cached scan")

    monkeypatch.setattr(tesseract, "_read", no_tesseract)
    started = time.perf_counter()
    again = load_document(work / "archive" / "an-le-55-scan.pdf", work / "archive", settings)
    assert isinstance(again, Document) and again.text == scan.text and again.ocr == scan.ocr
    assert time.perf_counter() - started < 5
    assert (settings.data_dir / "ocr_cache.sqlite").is_file()


@needs_tesseract
def test_a_page_turned_a_quarter_is_read_upright(
    work: Path, pages: list[Image.Image], settings: Settings
) -> None:
    path = work / "turned" / "quay-ngang.png"
    path.parent.mkdir()
    pages[0].rotate(90, expand=True).save(path)
    doc = load_document(path, path.parent, settings)
    assert isinstance(doc, Document), doc
    assert doc.fmt == "image" and doc.ocr[0].rotated in (90, 270)
    assert doc.meta.number is not None and doc.meta.number.key == "55/2022/AL"


@needs_tesseract
def test_an_image_without_text(work: Path, settings: Settings) -> None:
    path = work / "blank" / "trang-trang.png"
    path.parent.mkdir()
    Image.new("L", (1240, 1754), 255).save(path)
    found = load_document(path, path.parent, settings)
    assert isinstance(found, LoadIssue)
    assert "no text recognised" in found.problem and "scan" in found.action


def _blank_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


@needs_tesseract
def test_a_300_page_scan_is_one_message(work: Path, settings: Settings) -> None:
    path = _blank_pdf(work / "big" / "ho-so-300-trang.pdf", 300)
    started = time.perf_counter()
    found = load_document(path, path.parent, settings)
    assert isinstance(found, LoadIssue)
    assert "300 pages to OCR, more than max_ocr_pages=100" in found.problem
    assert "CHITHI_MAX_OCR_PAGES" in found.action
    assert time.perf_counter() - started < 10  # refused before any page is read


def test_a_corrupt_tiff(work: Path, settings: Settings) -> None:
    buf = io.BytesIO()
    Image.new("L", (800, 1000), 255).save(buf, format="TIFF", compression="tiff_deflate")
    path = work / "corrupt" / "ban-quet.tif"
    path.parent.mkdir()
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])
    found = load_document(path, path.parent, settings)
    assert isinstance(found, LoadIssue)
    assert "corrupt or unreadable image" in found.problem and "scan the page again" in found.action


def test_without_tesseract_a_scan_says_what_to_install(
    work: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda _name: None)
    for path in (_blank_pdf(work / "none" / "scan.pdf", 2), work / "none" / "scan.png"):
        if path.suffix == ".png":
            Image.new("L", (100, 100), 255).save(path)
        found = load_document(path, path.parent, settings)
        assert isinstance(found, LoadIssue), found
        assert "Tesseract OCR is not installed" in found.problem
        assert "tesseract-ocr-vie" in found.action


def test_ocr_turned_off_keeps_the_old_message(work: Path, settings: Settings) -> None:
    path = _blank_pdf(work / "off" / "scan.pdf", 3)
    found = load_document(path, path.parent, settings.with_(ocr=False))
    assert isinstance(found, LoadIssue)
    assert "scanned PDF with no text layer" in found.problem and "ocrmypdf" in found.action


def test_pages_needing_ocr(original: Document) -> None:
    body = original.text[original.pages[1].start : original.pages[1].end]
    assert not page_needs_ocr(body)
    assert page_needs_ocr("  \n 3 \n")  # a scanned page: only its page number
    # a font without encoding: the text layer is symbols and private-use characters
    assert page_needs_ocr("".join(chr(0xE000 + (ord(c) % 200)) if c.isalpha() else c for c in body))


def test_repairs_of_what_ocr_misreads_in_headers() -> None:
    from corpus.metadata import parse_metadata
    from corpus.ocr_text import repair

    assert repair("ÁN LỆ SÓ 55/2022/AL!") == "ÁN LỆ SỐ 55/2022/AL"
    assert repair("Án lệ số 26I2018IAL về xác định") == "Án lệ số 26/2018/AL về xác định"
    assert repair("Quyết định só 269/QĐÐ-CA") == "Quyết định số 269/QĐĐ-CA"
    assert repair("Sở Y tế 5 cơ sở") == "Sở Y tế 5 cơ sở"  # "sở" is a word of its own
    # Tesseract reads a two-column header across both columns, line by line (as in the real scan
    # of Nghị quyết 01/2019/NQ-HĐTP): merged into one row, the parser finds the two-line issuer.
    ocr = (
        "| HỘI ĐỒNG THẤM PHÁN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "| TÒA ÁN NHÂN DÂN TỔI CAO | Độc lập - Tự do - Hạnh phúc |\n\n"
        "| Số: 01/2019/NQ-HĐTP | Hà Nội, ngày 11 tháng 01 năm 2019 |\n\n"
        "NGHỊ QUYẾT\nHƯỚNG DẪN ÁP DỤNG MỘT SỐ QUY ĐỊNH CỦA PHÁP LUẬT VỀ LÃI, LÃI SUẤT, PHẠT VI PHẠM"
    )
    from corpus.clean import clean_pages

    meta = parse_metadata(clean_pages([repair(ocr)])[0])
    assert meta.issuer == "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
    assert meta.number is not None and meta.number.display == "01/2019/NQ-HĐTP"
    assert str(meta.issue_date) == "2019-01-11" and meta.doc_type == "Nghị quyết"


@needs_tesseract
def test_inspect_shows_the_ocr_text_confidence_and_metadata(
    scan: Document,
    work: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    from corpus.__main__ import main

    monkeypatch.setenv("CHITHI_DATA", str(settings.data_dir))
    monkeypatch.setenv("CHITHI_OCR_DPI", "200")  # the module's scan, from its cache
    assert main(["inspect", str(work / "archive" / "an-le-55-scan.pdf")]) == 0
    out = capsys.readouterr().out
    assert "OCR (văn bản quét — nhận dạng tự động): 2 pages, mean confidence" in out
    assert f"--- page 1: confidence {scan.ocr[0].confidence}" in out and "--- page 2: confidence" in out
    assert "number  55/2022/AL" in out and "date    07/09/2022" in out
