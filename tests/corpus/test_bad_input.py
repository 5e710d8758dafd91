"""Bad files become one clear LoadIssue each; nothing raises and the archive goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from config import Settings
from corpus.loader import load_archive, load_document
from corpus.types import Document, DocumentMeta, LoadIssue

GOOD = "Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định về tổ chức Tết Nguyên đán Nhâm Dần năm 2022."


def issue(path: Path, settings: Settings | None = None) -> LoadIssue:
    result = load_document(path, path.parent, settings, parse_meta=lambda _t: DocumentMeta())
    assert isinstance(result, LoadIssue), result
    assert result.doc_id == path.name
    assert result.problem and result.action
    return result


def test_corrupt_pdf(tmp_path: Path, make_text_pdf):
    good = make_text_pdf(tmp_path / "good.pdf", ["Dieu 1. Pham vi dieu chinh"]).read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    for name in ("truncated.pdf", "garbage.pdf"):
        found = issue(tmp_path / name)
        assert "PDF" in found.problem and ("corrupt" in found.problem or "no text" in found.problem)


def test_random_bytes_named_pdf(tmp_path: Path):
    (tmp_path / "x.pdf").write_bytes(os.urandom(5000))
    found = issue(tmp_path / "x.pdf")
    assert "not a PDF" in found.problem


def test_password_protected_pdf(tmp_path: Path, make_text_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_text_pdf(tmp_path / "plain.pdf", ["Dieu 1. Pham vi"])))
    writer.encrypt(user_password="mat-khau", owner_password="chu", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    found = issue(tmp_path / "locked.pdf")
    assert "password-protected PDF" in found.problem
    assert "qpdf --decrypt" in found.action


def test_pdf_encrypted_with_empty_user_password_still_loads(tmp_path: Path, make_text_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(
        clone_from=PdfReader(make_text_pdf(tmp_path / "plain.pdf", ["Dieu 1. Pham vi dieu chinh"]))
    )
    writer.encrypt(
        user_password="", owner_password="chu", algorithm="RC4-128"
    )  # print/copy restrictions only
    with open(tmp_path / "restricted.pdf", "wb") as handle:
        writer.write(handle)
    doc = load_document(tmp_path / "restricted.pdf", tmp_path)
    assert isinstance(doc, Document) and "Dieu 1. Pham vi dieu chinh" in doc.text


def _encrypted_pdf(tmp_path: Path, make_text_pdf, user_password: str, algorithm: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(
        clone_from=PdfReader(make_text_pdf(tmp_path / "plain.pdf", ["Dieu 1. Pham vi dieu chinh"]))
    )
    writer.encrypt(user_password=user_password, owner_password="chu", algorithm=algorithm)
    path = tmp_path / f"{algorithm}-{'locked' if user_password else 'open'}.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_with_empty_user_password_loads(tmp_path: Path, make_text_pdf, algorithm: str):
    # AES needs the 'cryptography' package (pinned in requirements.txt).
    doc = load_document(_encrypted_pdf(tmp_path, make_text_pdf, "", algorithm), tmp_path)
    assert isinstance(doc, Document) and "Dieu 1. Pham vi dieu chinh" in doc.text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_with_password_is_a_clear_issue(tmp_path: Path, make_text_pdf, algorithm: str):
    found = issue(_encrypted_pdf(tmp_path, make_text_pdf, "mat-khau", algorithm))
    assert "password-protected PDF" in found.problem and "encrypted" in found.problem
    assert "unprotected copy" in found.action and "qpdf --decrypt" in found.action


def test_aes_pdf_without_cryptography_says_what_to_install(tmp_path: Path, make_text_pdf, monkeypatch):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    path = _encrypted_pdf(tmp_path, make_text_pdf, "", "AES-256")

    def no_crypto(self, password):  # noqa: ANN001, ANN202 - what pypdf does without cryptography
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", no_crypto)
    found = issue(path)
    assert "encrypted PDF" in found.problem and "cryptography" in found.problem
    assert "requirements.txt" in found.action


def test_scanned_pdf_without_text_layer(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    with open(tmp_path / "scan.pdf", "wb") as handle:
        writer.write(handle)
    found = issue(tmp_path / "scan.pdf", Settings(ocr=False))  # with OCR: tests/corpus/test_ocr.py
    assert "scanned PDF with no text layer" in found.problem
    assert "OCR" in found.action and "ocrmypdf" in found.action


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.md"])
def test_empty_file(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes(b"")
    assert "empty file" in issue(tmp_path / name).problem


def test_whitespace_only_text(tmp_path: Path):
    (tmp_path / "blank.md").write_text("\n\n   \n|\n|\n---\n", encoding="utf-8")
    assert "no document text" in issue(tmp_path / "blank.md").problem


def test_binary_with_text_extension(tmp_path: Path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000))
    (tmp_path / "data.md").write_bytes(bytes(range(1, 32)) * 200)  # control characters, no NUL
    assert "binary content" in issue(tmp_path / "photo.txt").problem
    assert "binary content" in issue(tmp_path / "data.md").problem


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + os.urandom(3000), "not a valid DOCX"),  # a broken zip
        (os.urandom(3000), "not a valid DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000), "legacy Word"),  # .doc renamed, or encrypted
    ],
    ids=["broken-zip", "random", "ole"],
)
def test_bad_docx(tmp_path: Path, data: bytes, expected: str):
    (tmp_path / "x.docx").write_bytes(data)
    found = issue(tmp_path / "x.docx")
    assert expected in found.problem and ".docx" in found.action


def test_too_large_file_is_not_read(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: no 51 MB written to disk
        handle.truncate(51 * 1024 * 1024)
    found = issue(path)
    assert "too large" in found.problem and "max_file_mb=50" in found.problem
    assert "CHITHI_MAX_FILE_MB" in found.action
    (tmp_path / "small.txt").write_text(GOOD * 20, encoding="utf-8")
    assert "too large" in issue(tmp_path / "small.txt", Settings(max_file_mb=0)).problem


@pytest.mark.parametrize(
    ("name", "hint"),
    [("notes.xyz", "convert it"), ("notes.xyz", "scans: .pdf, .png"), ("old.doc", "save as .docx")],
)
def test_unsupported_extension(tmp_path: Path, name: str, hint: str):
    (tmp_path / name).write_bytes(b"whatever")
    found = issue(tmp_path / name)
    assert "unsupported file type" in found.problem and hint in found.action


def test_undecodable_text(tmp_path: Path):
    # Not UTF-8, and bytes 0x81/0x8D/0x90/0x9D are undefined in Windows-1258 and Windows-1252.
    (tmp_path / "old.txt").write_bytes(b"Ch\x81 th\x90 s\x8d 18 \x9d " * 40)
    found = issue(tmp_path / "old.txt")
    assert "encoding not recognised" in found.problem and "UTF-8" in found.action


def test_broken_utf16_bom(tmp_path: Path):
    (tmp_path / "u.txt").write_bytes(b"\xff\xfe" + "Chỉ thị".encode("utf-16-le") + b"\x00")
    assert "UTF-16" in issue(tmp_path / "u.txt").problem


def test_unreadable_file(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    try:
        assert "cannot read" in issue(path).problem
    finally:
        path.chmod(0o644)


def test_a_reader_crash_becomes_an_issue(tmp_path: Path, monkeypatch):
    import corpus.loader

    def boom(_data: bytes) -> str:
        raise KeyError("unexpected")

    monkeypatch.setattr(corpus.loader, "read_text", boom)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert "unexpected error" in issue(tmp_path / "a.txt").problem


def test_archive_of_bad_files_never_stops(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(tmp_path / "02-scan.pdf", "wb") as handle:
        writer.write(handle)
    (tmp_path / "01-good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "03-empty.txt").write_bytes(b"")
    (tmp_path / "04-binary.docx").write_bytes(os.urandom(2000))
    (tmp_path / "05-old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "06-good.md").write_text(GOOD, encoding="utf-8")
    results = list(load_archive(tmp_path))
    assert [isinstance(r, Document) for r in results] == [True, False, False, False, False, True]
    for r in results:
        if isinstance(r, LoadIssue):
            assert str(r).startswith(r.doc_id + ": ") and " — " in str(r)
