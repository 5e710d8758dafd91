"""Format readers: bytes in, raw text out (PDF: one string per page).

Readers only extract; ``corpus.clean`` does the cleaning. A reader that cannot
read a file raises ``ReadError`` with a problem and an action for the user; the
loader turns that into a ``LoadIssue``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from corpus.encoding import decode_text
from corpus.signatures import docx_size_problem, signature_mismatch

# pypdf logs every recoverable oddity of real-world PDFs at WARNING; the loader
# reports what matters (unreadable, encrypted, no text) as LoadIssues instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Fewer visible characters per page than this and the PDF is a scan.
MIN_CHARS_PER_PAGE = 20


@dataclass(frozen=True)
class ReadLimits:
    """How much a reader may unpack (the settings max_unpacked_mb, max_xml_mb, max_pdf_pages)."""

    max_unpacked_mb: int = 200
    max_xml_mb: int = 12
    max_pdf_pages: int = 2000


class ReadError(ValueError):
    def __init__(self, problem: str, action: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.action = action


class ScannedPdf(ReadError):
    """A PDF without a text layer: ``pages`` holds what little text it has (the loader OCRs it)."""

    def __init__(self, problem: str, action: str, pages: list[str]) -> None:
        super().__init__(problem, action)
        self.pages = pages


def _odd_share(text: str) -> float:
    """Share of visible characters that are no letter, digit or punctuation of a Vietnamese text:
    a text layer whose font lost its encoding comes out as symbols, private-use or control
    characters."""
    import unicodedata

    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    odd = sum(1 for c in visible if unicodedata.category(c)[0] in "CS" or "\ue000" <= c <= "\uf8ff")
    return odd / len(visible)


def page_needs_ocr(text: str) -> bool:
    """A page whose text layer is empty (a scanned page) or garbage (over a third odd characters)."""
    visible = len("".join(text.split()))
    return visible < MIN_CHARS_PER_PAGE or _odd_share(text) > 0.34


def _check_signature(fmt: str, data: bytes) -> None:
    mismatch = signature_mismatch(fmt, data)
    if mismatch is not None:
        raise ReadError(mismatch.problem, mismatch.action)


def read_text(data: bytes) -> str:
    return decode_text(data)


# --- PDF ---------------------------------------------------------------------------


def read_pdf(data: bytes, limits: ReadLimits | None = None) -> list[str]:
    """Text of each page, in order."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    limits = limits or ReadLimits()
    _check_signature("pdf", data)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ReadError(
            f"corrupt or truncated PDF ({type(exc).__name__}: {exc})",
            "re-export the PDF or download it again",
        ) from exc
    if encrypted:
        try:
            # Many "encrypted" PDFs only restrict printing and open with an empty password.
            opened = reader.decrypt("")
        except DependencyError as exc:  # AES needs cryptography (in requirements.txt)
            raise ReadError(
                "encrypted PDF (AES) that needs the 'cryptography' package to open",
                "pip install -r requirements.txt (it pins cryptography), or save an unencrypted copy",
            ) from exc
        except Exception as exc:
            raise ReadError(
                f"encrypted PDF that could not be opened ({exc})", "save an unencrypted copy"
            ) from exc
        if not opened:
            raise ReadError(
                "password-protected PDF (encrypted, it needs a password to open)",
                "ask the sender for an unprotected copy, or remove the password"
                " (e.g. qpdf --decrypt --password=PASS in.pdf out.pdf) and add the unlocked file",
            )
    try:
        n_pages = len(reader.pages)
    except Exception as exc:
        raise ReadError(
            f"corrupt PDF: its page list cannot be read ({type(exc).__name__})",
            "re-export the PDF (e.g. print to PDF) and add it again",
        ) from exc
    if n_pages > limits.max_pdf_pages:
        raise ReadError(
            f"PDF of {n_pages} pages, more than max_pdf_pages={limits.max_pdf_pages}",
            "split it into parts, or raise the limit with CHITHI_MAX_PDF_PAGES",
        )
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise ReadError(
            f"corrupt PDF: text extraction failed ({type(exc).__name__}: {exc})",
            "re-export the PDF (e.g. print to PDF) and add it again",
        ) from exc
    if not pages:
        raise ReadError("PDF has no pages", "check the file; re-export or download it again")
    visible = sum(len("".join(p.split())) for p in pages)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise ScannedPdf(
            f"scanned PDF with no text layer ({len(pages)} pages, {visible} characters of text)",
            "run OCR (e.g. ocrmypdf -l vie in.pdf out.pdf) and add the searchable PDF",
            pages,
        )
    return pages


# --- DOCX --------------------------------------------------------------------------


def _cells(row) -> list[str]:  # noqa: ANN001 - python-docx row
    """Distinct cells of a row: a merged cell is returned once per grid column."""
    seen: set[int] = set()
    texts = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(" ".join(cell.text.split()))
    return texts


def _docx_lines(document) -> Iterator[str]:  # noqa: ANN001 - python-docx Document
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield ""
            for row in item.rows:
                cells = _cells(row)
                if any(cells):
                    # Same shape as a Markdown row, so the cleaner treats both alike.
                    yield "| " + " | ".join(cells) + " |"
            yield ""
        else:
            # A paragraph's soft line breaks come back as "\n": each is a line of its own.
            yield from item.text.split("\n")


def read_docx(data: bytes, limits: ReadLimits | None = None) -> str:
    """Paragraphs and tables in body order, one paragraph (or table row) per line."""
    limits = limits or ReadLimits()
    _check_signature("docx", data)
    too_big = docx_size_problem(data, limits.max_unpacked_mb, limits.max_xml_mb)
    if too_big:
        raise ReadError(
            f"DOCX too large to read: {too_big}",
            "check it is the right file (a zip bomb looks like this); split it, or raise the limit",
        )
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except Exception as exc:  # python-docx raises zip, XML and key errors on damaged files
        if isinstance(exc, MemoryError) or "memory allocation failed" in str(exc).lower():
            raise MemoryError(str(exc)) from exc  # lxml's way of saying it: the loader reports the limit
        raise ReadError(
            f"not a valid DOCX (corrupt, or another format named .docx: {type(exc).__name__})",
            "open it in Word or LibreOffice and save as .docx",
        ) from exc


# --- HTML --------------------------------------------------------------------------

_DROP_TAGS = {
    "script",
    "style",
    "nav",
    "noscript",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "head",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption", "hr", "address",
}  # fmt: skip


def _html_lines(root) -> list[str]:  # noqa: ANN001 - lxml element
    parts: list[str] = []

    def walk(el) -> None:  # noqa: ANN001
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS:
            if el.tail:
                parts.append(el.tail)
            return
        if tag == "tr":
            # Cells via the same walk, so <br> inside a cell still separates words.
            cells = [" ".join("\n".join(_html_lines(c)).split()) for c in el if isinstance(c.tag, str)]
            parts.append("\n| " + " | ".join(cells) + " |\n")
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if tag == "br":
                parts.append("\n")
            if el.text and isinstance(el.tag, str):
                parts.append(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK_TAGS:
                parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return "".join(parts).split("\n")


def read_html(data: bytes) -> str:
    import lxml.html

    text = decode_text(data)
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml.etree.ParserError on markup it cannot recover
        raise ReadError(f"unreadable HTML ({exc})", "open it in a browser and save it again") from exc
    body = root.find("body")
    return "\n".join(_html_lines(body if body is not None else root))
