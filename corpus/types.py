"""Typed records that flow out of corpus/: documents, metadata, chunks, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class DocNumber:
    """A document number and symbol (số/ký hiệu), e.g. ``87/2025/QĐ-UBND``.

    ``key`` is canonical: upper case, no spaces, đ/Đ folded to D, diacritics
    removed, dashes unified, so ``nđ-cp``, ``ND-CP`` and ``NĐ-CP`` meet.
    """

    raw: str  # as written: "01 - CT/TTg"
    number: str  # "01"
    symbol: str  # "CT/TTg" (may be empty for "Kết luận số 20")
    display: str  # tidy form: "01-CT/TTg"
    key: str  # canonical: "01-CT/TTG"
    year: int | None = None  # from "87/2025/QĐ-UBND"


@dataclass(frozen=True)
class ParsedDate:
    value: date
    raw: str
    start: int
    end: int


@dataclass(frozen=True)
class Reference:
    """Another document cited by the text."""

    doc_type: str | None  # canonical label, e.g. "Chỉ thị"
    number: DocNumber | None
    date: date | None
    raw: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentMeta:
    doc_type: str | None = None  # canonical label: "Thông báo", "Bản tin" …
    number: DocNumber | None = None
    issuer: str | None = None
    place: str | None = None
    issue_date: date | None = None
    title: str | None = None
    signer: str | None = None
    references: tuple[Reference, ...] = ()


@dataclass
class HeaderFields:
    """What the metadata parser has found so far (filled step by step, then frozen into a
    ``DocumentMeta``). ``body_start`` (a line index) is set for an official document, or
    one a bulletin reports: its body can then be searched for what the header lacks."""

    doc_type: str | None = None
    number: DocNumber | None = None
    issuer: str | None = None
    place: str | None = None
    issue_date: date | None = None
    title: str | None = None
    signer: str | None = None
    body_start: int | None = None

    def fill(self, **found: object) -> None:
        """Set each field not known yet (the document's own words come first)."""
        for name, value in found.items():
            if not getattr(self, name) and value:
                setattr(self, name, value)


@dataclass(frozen=True)
class Page:
    """A PDF page's span in the cleaned text (1-based page number)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR (corpus.ocr): its text, Tesseract's mean word confidence (0-100,
    -1 when no word was read), the seconds it took, the rotation applied (degrees)."""

    number: int
    text: str
    confidence: float
    seconds: float
    rotated: int = 0
    timed_out: bool = False


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the archive root, with "/" separators
    path: Path
    content_hash: str  # sha256 of the raw file bytes
    fmt: str  # "txt", "md", "html", "pdf", "docx", "image"
    text: str  # cleaned, NFC; chunk offsets point into it
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    pages: tuple[Page, ...] = ()
    ocr: tuple[OcrPage, ...] = ()  # the pages read by OCR (a scan), with their confidence

    @property
    def ocr_confidence(self) -> float | None:
        """Mean confidence of the OCR'd pages that had words; None for a born-digital file."""
        if not self.ocr:
            return None
        read = [p.confidence for p in self.ocr if p.confidence >= 0]
        return round(sum(read) / len(read), 1) if read else 0.0


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    ordinal: int
    start: int  # document.text[start:end] == text
    end: int
    text: str
    section: str = ""  # "2 › 4."
    page: int | None = None
    heading: str = ""  # short context: document and section, for embedding and display

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the heading context, then the passage."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


@dataclass(frozen=True)
class LoadIssue:
    """A file that could not be loaded: what is wrong and what to do."""

    doc_id: str
    problem: str
    action: str

    def __str__(self) -> str:
        return f"{self.doc_id}: {self.problem} — {self.action}"
