"""The first bytes that say what a file is: one check for uploads and for the indexer, so a
file the upload accepts is one the indexer reads (an .exe named .pdf passes neither).

A PDF starts with ``%PDF-`` at offset 0, a .docx is a ZIP (``PK\\x03\\x04``) holding
``word/document.xml``; a legacy .doc (or an encrypted Office file) is an OLE compound file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_BODY = "word/document.xml"
MB = 1024 * 1024


@dataclass(frozen=True)
class Mismatch:
    """Why bytes are not what the name says: a reason code (as ``corpus.uploads`` reports it),
    the problem and what to do (as the indexer reports it)."""

    reason: str
    problem: str
    action: str


NOT_PDF = Mismatch(
    "not_pdf",
    "not a PDF (no %PDF signature at its start): corrupt, or another format named .pdf",
    "check the file; re-export or download it again",
)
LEGACY_DOC = Mismatch(
    "not_docx",
    "legacy Word (.doc) or password-protected Word file, not a .docx",
    "open it in Word or LibreOffice and save as .docx without a password",
)
NOT_DOCX = Mismatch(
    "not_docx",
    "not a valid DOCX (corrupt, or another format named .docx: no Word ZIP package holding word/document.xml)",
    "open it in Word or LibreOffice and save as .docx",
)


def signature_mismatch(fmt: str, data: bytes) -> Mismatch | None:
    """None when ``data`` starts the way files of ``fmt`` ("pdf", "docx") do; text formats pass."""
    if fmt == "pdf" and not data.startswith(PDF_MAGIC):
        return NOT_PDF
    if fmt == "docx":
        if data.startswith(OLE_MAGIC):
            return LEGACY_DOC
        if not data.startswith(ZIP_MAGIC):
            return NOT_DOCX
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                if DOCX_BODY not in package.namelist():
                    return NOT_DOCX
        except (zipfile.BadZipFile, OSError, ValueError):
            return NOT_DOCX
    return None


def docx_size_problem(data: bytes, max_unpacked_mb: int, max_xml_mb: int) -> str | None:
    """A problem when the .docx unpacks to more than the limits (sizes as the ZIP declares them,
    which is also the most ``zipfile`` will ever unpack); None when it fits."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    unpacked = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > max_xml_mb * MB:
        return f"its Word XML unpacks to {xml / MB:.0f} MB, more than max_xml_mb={max_xml_mb}"
    if unpacked > max_unpacked_mb * MB:
        return f"it unpacks to {unpacked / MB:.0f} MB, more than max_unpacked_mb={max_unpacked_mb}"
    return None
