"""Upload names and bytes: nothing leaves ``<archive>/uploads/``, bad files are reported and not written."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from corpus.uploads import UploadRejected, sanitize_filename, save_uploads, validate_upload

MB = 1024 * 1024


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\x.pdf", "x.pdf"),
        ("/abs.md", "abs.md"),
        ("a/b.docx", "b.docx"),
        ("C:\\Users\\me\\Thông báo 508.PDF", "Thông báo 508.pdf"),
        ("evil\x00.txt", "evil.txt"),
        ("tab\tand\nnewline.md", "tab and newline.md"),
        ("..hidden.txt", "hidden.txt"),
        ("report.htm", "report.html"),
        ('what?"<x>|.md', "what___x__.md"),
        ("con.txt", "_con.txt"),
        ("\u202eevil.md", "evil.md"),  # right-to-left override dropped
        ("report..md", "report.md"),
    ],
)
def test_sanitize_keeps_a_bare_safe_name(raw: str, expected: str) -> None:
    assert sanitize_filename(raw) == expected


def test_sanitize_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định.md")
    name = sanitize_filename(decomposed)
    assert name == "Quyết định.md" and unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("..", "bad_name"),
        (".txt", "bad_name"),
        ("../", "bad_name"),
        ("", "bad_name"),
        ("\x00\x00", "bad_name"),
        ("script.exe", "bad_ext"),
        ("a.txt\x00.exe", "bad_ext"),
        ("noextension", "bad_ext"),
        ("archive.tar.gz", "bad_ext"),
    ],
)
def test_sanitize_rejects(raw: str, reason: str) -> None:
    with pytest.raises(UploadRejected) as info:
        sanitize_filename(raw)
    assert info.value.reason == reason


def test_sanitize_limits_length() -> None:
    name = sanitize_filename("x" * 5000 + ".md")
    assert name.endswith(".md") and len(name) <= 160


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", b"hello, not a pdf", "not_pdf"),
        ("a.docx", b"%PDF-1.7 nope", "not_docx"),
        ("a.docx", b"PK\x03\x04garbage", "not_docx"),
        ("a.txt", b"\x00\x01\x02\x03binary\x00", "not_text"),
        ("a.md", b"", "empty"),
        ("a.html", b"x" * (MB + 1), "too_big"),
        ("a.exe", b"MZ", "bad_ext"),
    ],
)
def test_validate_rejects(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UploadRejected) as info:
        validate_upload(name, data, max_bytes=MB)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("a.txt", "Thông báo số 508-TB/TU".encode()),
        ("a.md", "\ufeff# Chỉ thị".encode()),
        ("a.txt", "Kế hoạch".encode("utf-16")),
        ("a.html", "<html><body>Công văn</body></html>".encode("cp1258")),
    ],
)
def test_validate_accepts(name: str, data: bytes) -> None:
    validate_upload(name, data, max_bytes=MB)


def test_validate_accepts_docx() -> None:
    validate_upload("a.docx", docx_bytes(), max_bytes=MB)


def test_save_writes_only_inside_uploads(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    files = [
        ("../../etc/passwd.txt", b"harmless text"),
        ("..\\x.pdf", b"%PDF-1.4 tiny"),
        ("/abs.md", b"# heading"),
        ("a/b.docx", docx_bytes()),
        ("fake.pdf", b"<script>alert(1)</script>"),
        ("evil.exe", b"MZ..."),
        ("nul\x00.txt", b"\x00\x00\x00"),
    ]
    result = save_uploads(files, archive, max_bytes=MB)
    uploads = (archive / "uploads").resolve()
    assert sorted(p.name for p in result.saved) == ["abs.md", "b.docx", "passwd.txt", "x.pdf"]
    assert all(p.resolve().parent == uploads for p in result.saved)
    assert [(n, r) for n, r, _ in result.rejected] == [
        ("fake.pdf", "not_pdf"),
        ("evil.exe", "bad_ext"),
        ("nul\x00.txt", "not_text"),
    ]
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == [f"archive/uploads/{n}" for n in ["abs.md", "b.docx", "passwd.txt", "x.pdf"]]


def test_save_never_overwrites(tmp_path: Path) -> None:
    first = save_uploads([("note.txt", b"one")], tmp_path, MB).saved[0]
    second = save_uploads([("note.txt", b"two"), ("sub/note.txt", b"three")], tmp_path, MB).saved
    assert [p.name for p in second] == ["note-2.txt", "note-3.txt"]
    assert first.read_bytes() == b"one"


def test_save_refuses_symlinked_target(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "x.txt").symlink_to(outside)
    result = save_uploads([("x.txt", b"new")], tmp_path, MB)
    assert outside.read_text() == "keep"
    assert [p.name for p in result.saved] == ["x-2.txt"]


def test_a_long_accented_name_is_shortened_by_bytes(tmp_path: Path) -> None:
    raw = "Quyết định phê duyệt kế hoạch ứng phó thiên tai " * 7 + ".txt"  # ~340 letters, ~450 bytes
    name = sanitize_filename(raw)
    assert (
        len(name.encode("utf-8")) <= 210 and name.endswith(".txt") and unicodedata.is_normalized("NFC", name)
    )
    first = save_uploads([(raw, "Nội dung".encode())], tmp_path, MB)
    second = save_uploads([(raw, "Nội dung khác".encode())], tmp_path, MB)  # the "-2" suffix still fits
    assert not first.rejected and not second.rejected
    assert second.saved[0].name.endswith("-2.txt") and len(second.saved[0].name.encode()) <= 255


@pytest.mark.parametrize(
    ("raw", "expected"), [("-rf.txt", "_rf.txt"), ("--help.md", "__help.md"), ("a-b.md", "a-b.md")]
)
def test_leading_dashes_are_replaced(raw: str, expected: str) -> None:
    assert sanitize_filename(raw) == expected


def test_an_exe_with_pdf_inside_its_first_kb_is_refused() -> None:
    exe = b"MZ\x90\x00" + b"\x00" * 100 + b"%PDF-1.7" + b"\x00" * 500
    with pytest.raises(UploadRejected) as info:
        validate_upload("hoa-don.pdf", exe, MB)
    assert info.value.reason == "not_pdf"
