"""Uploaded files: a safe file name, a check of the bytes, and writing into ``<archive>/uploads/`` only.

One set of rules for every way files come in (the page, the REST API). Every rejection carries a
reason code (``bad_name``, ``bad_ext``, ``empty``, ``too_big``, ``not_pdf``, ``not_docx``,
``not_text``, ``write``) that the page turns into a sentence in the user's language and the API
into ``REASONS``' English one.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.formats import UPLOAD_EXTENSIONS
from corpus.signatures import signature_mismatch

ALLOWED_EXTENSIONS = UPLOAD_EXTENSIONS
TEXT_EXTENSIONS = ("txt", "md", "html")
UPLOAD_DIR = "uploads"
MAX_NAME_CHARS = 150
# File systems count a name's bytes (255 on ext4); a Vietnamese letter takes 2–3 in UTF-8. The
# stem is cut so that the name with a collision suffix ("-999") and its extension still fits.
MAX_NAME_BYTES = 200
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


# What each reason code means and what to do, for callers without the page's translations.
REASONS = {
    "bad_name": "the file name is not usable: rename the file",
    "bad_ext": "this file type is not read: send .txt, .md, .html, .pdf or .docx",
    "empty": "the file is empty",
    "too_big": "the file is larger than the max_file_mb setting allows",
    "not_pdf": "the content is not a PDF although the name ends in .pdf",
    "not_docx": "the content is not a Word .docx document",
    "not_text": "the content is not text: save it as UTF-8 text, or send the PDF or .docx",
    "write": "the file could not be written into the archive folder",
}


class UploadRejected(ValueError):
    """A file that is not saved; ``reason`` is a code, ``detail`` optional extra text."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class UploadResult:
    saved: list[Path] = field(default_factory=list)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (name as given, reason, detail)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sanitize_filename(raw: str) -> str:
    """A bare, harmless file name for ``raw`` (as sent by a browser), or ``UploadRejected``.

    Only the last path component survives (``/`` and ``\\`` both separate), control characters
    (NUL included) are dropped, the text is NFC, characters Windows forbids become ``_``, leading dots
    and spaces go (no ``..``, no hidden files), and the extension must be an allowed one.
    """
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", raw or ""))  # tabs, newlines -> one space
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # Cc, Cf, Cs, Co, Cn: NUL, RLO…
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip()
    had_extension = "." in name
    name = name.lstrip(". ").rstrip(". ")
    if "." not in name:
        raise UploadRejected("bad_ext" if name and not had_extension else "bad_name", raw)
    stem, ext = name.rsplit(".", 1)
    ext = ext.lower()
    if ext == "htm":
        ext = "html"
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected("bad_ext", ext)
    stem = stem.rstrip(". ")
    # A leading "-" would read as an option to any command given the file (rm, grep …).
    stem = re.sub(r"^-+", lambda m: "_" * len(m.group()), stem)
    if not stem:
        stem = "tai-lieu"
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    stem = _cut_bytes(stem[:MAX_NAME_CHARS], MAX_NAME_BYTES).rstrip(". ") or "tai-lieu"
    return f"{stem}.{ext}"


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, on a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _decodes_as_text(data: bytes) -> bool:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                data.decode(codec)
                return True
            except UnicodeDecodeError:
                return False
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return False
        text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls <= max(2, len(text) // 1000)


def validate_upload(name: str, data: bytes, max_bytes: int) -> None:
    """Raise ``UploadRejected`` unless ``data`` looks like what the (sanitised) ``name`` says it is."""
    ext = extension(name)
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected("bad_ext", ext)
    if not data:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_big", f"{len(data)} > {max_bytes}")
    if ext in ("pdf", "docx"):
        mismatch = signature_mismatch(ext, data)  # the indexer's own check (corpus.signatures)
        if mismatch is not None:
            raise UploadRejected(mismatch.reason, mismatch.problem)
    elif not _decodes_as_text(data):
        raise UploadRejected("not_text")


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` without overwriting: ``name-2.ext``, ``name-3.ext``… on collision."""
    stem, ext = name.rsplit(".", 1)
    for i in range(1, 1000):
        candidate = folder / (name if i == 1 else f"{stem}-{i}.{ext}")
        if candidate.parent != folder or candidate.is_symlink():
            continue
        try:
            fd = os.open(
                candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
            )
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return candidate
    raise UploadRejected("write", "too many files with this name")


def save_uploads(files: Iterable[tuple[str, bytes]], archive: Path, max_bytes: int) -> UploadResult:
    """Check each (name, bytes) and write the good ones into ``archive/uploads/``; report the rest."""
    result = UploadResult()
    folder = Path(archive) / UPLOAD_DIR
    for raw_name, data in files:
        try:
            name = sanitize_filename(raw_name)
            validate_upload(name, data, max_bytes)
            folder.mkdir(parents=True, exist_ok=True)
            if folder.is_symlink():
                raise UploadRejected("write", f"{folder} is a symbolic link")
            result.saved.append(_write_new(folder, name, data))
        except UploadRejected as exc:
            result.rejected.append((raw_name, exc.reason, exc.detail))
        except OSError as exc:
            result.rejected.append((raw_name, "write", exc.strerror or str(exc)))
    return result
