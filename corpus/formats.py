"""The file formats the archive reads: one table for the loader, the uploads and the page.

Each format: its name (stored as a document's ``fmt``), file suffixes, MIME type, and
whether it is binary. Formats people keep beside their documents that cannot be read
yet come with what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    mime: str
    binary: bool


KNOWN: tuple[Format, ...] = (
    Format("txt", (".txt",), "text/plain", False),
    Format("md", (".md", ".markdown"), "text/markdown", False),
    Format("html", (".html", ".htm"), "text/html", False),
    Format("pdf", (".pdf",), "application/pdf", True),
    Format(
        "docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True
    ),
    # Scanned pages, read by OCR (corpus/ocr.py); the document's mime type is its suffix's.
    Format("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), "image/png", True),
)
BY_NAME = {f.name: f for f in KNOWN}
# Suffix → format name.
TEXT_FORMATS = {s: f.name for f in KNOWN if not f.binary for s in f.suffixes}
BINARY_FORMATS = {s: f.name for f in KNOWN if f.binary for s in f.suffixes}
FORMATS = {**TEXT_FORMATS, **BINARY_FORMATS}
# What an upload may be called (its suffix without the dot, as the page lists them). Scans are
# read from the archive folder; uploads stay documents with text (their bytes are checked).
UPLOAD_EXTENSIONS = tuple(f.name for f in KNOWN if f.name != "image")
IMAGE_MIMES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}

UNSUPPORTED_ACTIONS = {
    ".doc": "open it in Word or LibreOffice and save as .docx",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
    ".xls": "export the sheet to PDF or copy the text into .docx",
    ".xlsx": "export the sheet to PDF or copy the text into .docx",
    ".ppt": "export the slides to PDF",
    ".pptx": "export the slides to PDF",
}
DEFAULT_ACTION = "convert it to .docx, .pdf, .txt, .md or .html (scans: .pdf, .png, .jpg or .tif)"


def format_of(name: str | PurePath) -> str | None:
    """The format name of a file name or path ("Thông báo.HTM" → "html"), None if unread."""
    return FORMATS.get(PurePath(name).suffix.lower())


def mime_of(fmt: str, name: str | PurePath = "") -> str:
    if fmt == "image":
        return IMAGE_MIMES.get(PurePath(name).suffix.lower(), "image/png")
    f = BY_NAME.get(fmt)
    return f.mime if f else "application/octet-stream"
