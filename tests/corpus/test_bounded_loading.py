"""Bounded loading: a hostile file costs one message. DOCX whose XML unpacks too large, PDFs with
too many pages, files that take too long or too much memory (read in a worker process that is
stopped and replaced), and one signature check shared by uploads and readers."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from config import Settings, load_settings
from corpus.loader import load_document
from corpus.readers import ReadError, read_pdf
from corpus.signatures import signature_mismatch
from corpus.types import Document, LoadIssue
from corpus.uploads import UploadRejected, validate_upload
from corpus.worker import LoadWorker

MB = 1024 * 1024
PARAGRAPH = "<w:p><w:r><w:t>Điều 1. Ủy ban nhân dân tỉnh Hải Minh giao nhiệm vụ.</w:t></w:r></w:p>"


def hostile_docx(xml_mb: int) -> bytes:
    """A real .docx (python-docx's template) whose body holds ``xml_mb`` MB of paragraphs: ~100 KB zipped."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    body = PARAGRAPH * (xml_mb * MB // len(PARAGRAPH.encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:body>", b"<w:body>" + body.encode(), data, count=1)
            dst.writestr(item, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "huong-dan.docx"
    path.write_bytes(hostile_docx(40))
    return path


def settings_with(tmp_path: Path, **limits: int) -> Settings:
    return load_settings(data_dir=tmp_path / "data", **limits)


def test_a_docx_with_40_mb_of_xml_is_skipped_at_once(bomb: Path, tmp_path: Path) -> None:
    assert bomb.stat().st_size < 1 * MB
    started = time.monotonic()
    found = load_document(bomb, bomb.parent, settings_with(tmp_path))
    assert isinstance(found, LoadIssue), found
    assert "max_xml_mb=12" in found.problem and "zip bomb" in found.action
    assert time.monotonic() - started < 5


def test_a_file_taking_too_long_stops_its_worker_not_the_build(bomb: Path, tmp_path: Path) -> None:
    settings = settings_with(tmp_path, max_xml_mb=100, max_load_seconds=2)
    good = bomb.parent / "cong-van.txt"
    good.write_text("Công văn số 12/CV-UBND về phòng chống thiên tai.", encoding="utf-8")
    started = time.monotonic()
    with LoadWorker(settings) as worker:
        found = worker.load(bomb, bomb.parent)
        assert isinstance(found, LoadIssue) and "longer than max_load_seconds=2" in found.problem
        assert time.monotonic() - started < 20
        assert isinstance(worker.load(good, bomb.parent), Document), "a new worker reads the next file"


def test_a_file_needing_too_much_memory(bomb: Path, tmp_path: Path) -> None:
    settings = settings_with(tmp_path, max_xml_mb=100, max_load_memory_mb=300, max_load_seconds=120)
    good = bomb.parent / "ke-hoach.md"
    good.write_text("# Kế hoạch số 7/KH-UBND\n\nNội dung kế hoạch.", encoding="utf-8")
    with LoadWorker(settings) as worker:
        found = worker.load(bomb, bomb.parent)
        assert isinstance(worker.load(good, bomb.parent), Document), "a fresh worker reads the next file"
    assert isinstance(found, LoadIssue), found
    assert "max_load_memory_mb=300" in found.problem or "out of memory" in found.problem, found


def test_loading_happens_in_another_process(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text("# Kế hoạch số 5/KH-UBND\n\nNội dung.", encoding="utf-8")
    with LoadWorker(settings_with(tmp_path)) as worker:
        assert isinstance(worker.load(good, tmp_path), Document)
        assert worker._process is not None and worker._process.pid != os.getpid()


def test_too_many_pdf_pages(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=200, height=200)
    path = tmp_path / "dai.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    found = load_document(path, tmp_path, settings_with(tmp_path, max_pdf_pages=3))
    assert isinstance(found, LoadIssue) and "PDF of 5 pages, more than max_pdf_pages=3" in found.problem


EXE_WITH_PDF_INSIDE = b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.7 hidden" + b"\x00" * 200


@pytest.mark.parametrize(
    ("fmt", "data", "ok"),
    [
        ("pdf", b"%PDF-1.4\n1 0 obj", True),
        ("pdf", EXE_WITH_PDF_INSIDE, False),
        ("pdf", b"   %PDF-1.4", False),
        ("docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, False),
        ("docx", b"PK\x03\x04 broken", False),
        ("txt", b"anything", True),
    ],
)
def test_one_signature_check_for_uploads_and_readers(fmt: str, data: bytes, ok: bool) -> None:
    mismatch = signature_mismatch(fmt, data)
    assert (mismatch is None) is ok
    if fmt == "pdf":
        if ok:
            validate_upload("a.pdf", data, MB)
            return
        with pytest.raises(UploadRejected) as rejected:
            validate_upload("a.pdf", data, MB)
        with pytest.raises(ReadError) as unread:
            read_pdf(data)
        assert rejected.value.reason == "not_pdf" and unread.value.problem == mismatch.problem
