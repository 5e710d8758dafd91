"""PDFs and images as page texts, with OCR where there is no usable text layer.

A born-digital PDF keeps its text layer; its pages whose layer is empty or garbage (a scanned
annex, a signature page, a font without encoding) are read by OCR; a PDF without any text layer
is read by OCR entirely; an image file is always read by OCR. Where OCR cannot run (Tesseract
missing), the text pages are kept and a PDF without any text is skipped with a message saying
what to install.
"""

from __future__ import annotations

import logging

from corpus.ocr import INSTALL, OcrSettings, ocr_image_file, ocr_pdf, unavailable
from corpus.readers import ReadError, ReadLimits, ScannedPdf, page_needs_ocr, read_pdf
from corpus.types import OcrPage

log = logging.getLogger(__name__)

PageTexts = tuple[list[str], tuple[OcrPage, ...]]


def read_pdf_or_scan(
    data: bytes, digest: str, limits: ReadLimits, ocr: OcrSettings, label: str = ""
) -> PageTexts:
    """Each page's text (OCR'd pages replaced by what OCR read), and the OCR'd pages."""
    try:
        pages = read_pdf(data, limits)
        scanned = None
    except ScannedPdf as exc:
        pages, scanned = exc.pages, exc
    need = [i + 1 for i, text in enumerate(pages) if page_needs_ocr(text)]
    if not need:
        return pages, ()
    reason = unavailable(ocr)
    if reason and scanned is not None:
        action = "turn OCR on (CHITHI_OCR=1)" if not ocr.enabled else INSTALL
        raise ReadError(
            f"{scanned.problem}; {reason}",
            f"{action}; or run OCR yourself (e.g. ocrmypdf -l vie in.pdf out.pdf) and add the searchable PDF",
        )
    if reason:
        log.warning("%s: pages %s have no text layer and are left out: %s", label, need, reason)
        return pages, ()
    read = ocr_pdf(data, need, digest, ocr, label)
    for page in read:
        pages[page.number - 1] = page.text
    return pages, read


def read_image(data: bytes, digest: str, limits: ReadLimits, ocr: OcrSettings, label: str = "") -> PageTexts:
    """Each page of a scanned image file (one, or several in a TIFF), read by OCR."""
    read = ocr_image_file(data, digest, ocr, label)
    return [page.text for page in read], read
