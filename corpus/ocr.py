"""Reading scans: Tesseract with its Vietnamese model, page by page, bounded and cached.

Scanned directives come as PDFs without a text layer (or with some empty pages) and as
image files (.png, .jpg, .tif, multi-page TIFF). Each page is rendered (PDF: pypdfium2 at
``ocr_dpi``), reduced to one grey channel and given to ``tesseract -l vie``; its words come
back with their confidences, which are kept per page. The grey channel is the image's red
channel: black print stays black there while a red stamp (con dấu) turns pale and stops
hiding the words under it (docs/BENCHMARKS.md, "OCR"). A page read with low confidence is
checked for a 90/180/270° rotation (Tesseract's OSD) and read again upright.

Bounds (settings): ``max_ocr_pages`` per file, ``ocr_page_seconds`` per page (the Tesseract
process is stopped past it), ``max_ocr_seconds`` per file. Results are cached by the file's
sha256 (``corpus.ocr_cache``), so a reindex never reads an unchanged scan twice.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from corpus.ocr_text import repair
from corpus.readers import ReadError
from corpus.tesseract import OcrSettings, ocr_image
from corpus.types import OcrPage

log = logging.getLogger(__name__)

INSTALL = "install Tesseract and its Vietnamese model (apt-get install tesseract-ocr tesseract-ocr-vie, as scripts/install.sh does)"


def unavailable(settings: OcrSettings) -> str | None:
    """Why scans cannot be read here (a sentence), None when they can."""
    if not settings.enabled:
        return "OCR is turned off (setting ocr=false)"
    if shutil.which("tesseract") is None:
        return "Tesseract OCR is not installed"
    import pytesseract

    try:
        langs = pytesseract.get_languages(config="")
    except Exception as exc:
        return f"Tesseract does not run ({exc})"
    if settings.lang not in langs:
        return f"Tesseract's '{settings.lang}' model is not installed"
    return None


def require_ocr(settings: OcrSettings, what: str) -> None:
    """``ReadError`` saying ``what`` needs OCR and how to get it, when OCR cannot run here."""
    reason = unavailable(settings)
    if reason:
        action = "turn OCR on (CHITHI_OCR=1)" if not settings.enabled else INSTALL
        raise ReadError(f"{what}: {reason}", f"{action}, or add a searchable PDF (ocrmypdf -l vie)")


# --- images -------------------------------------------------------------------------


def pdf_page_images(data: bytes, numbers: Sequence[int], dpi: int) -> Iterator[tuple[int, object]]:
    """(page number, PIL image) of each 1-based page ``numbers`` of a PDF, rendered at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                yield number, page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
    finally:
        pdf.close()


def image_frames(data: bytes) -> list[object]:
    """The pages of an image file (a multi-page TIFF has several), or ``ReadError``."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ReadError(
            f"corrupt or unreadable image ({type(exc).__name__}: {exc})",
            "scan the page again or save it again as PNG, JPEG or TIFF",
        ) from exc
    except Image.DecompressionBombError as exc:
        raise ReadError(f"image too large to read ({exc})", "scan it at 300 dpi") from exc
    if not frames:
        raise ReadError("image file without pages", "scan the page again")
    return frames


def image_frame_count(data: bytes) -> int:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    except Exception:  # image_frames says what is wrong
        return 1


# --- files ---------------------------------------------------------------------------

# Called before each page is read: the file-reading worker (corpus/worker.py) tells the build
# it is still busy, so a long scan gets ``ocr_page_seconds`` a page instead of max_load_seconds.
_page_hook: Callable[[], None] | None = None


def set_page_hook(hook: Callable[[], None] | None) -> None:
    global _page_hook
    _page_hook = hook


ImageSource = Callable[[Sequence[int]], Iterator[tuple[int, object]]]


def ocr_pages(
    source: ImageSource, numbers: Sequence[int], file_hash: str, settings: OcrSettings, label: str = ""
) -> tuple[OcrPage, ...]:
    """OCR of the 1-based pages ``numbers``: cached pages from the cache, the others read and
    cached one by one (a stopped read keeps what it did). ``ReadError`` past ``max_ocr_seconds``."""
    from tqdm import tqdm

    from corpus.ocr_cache import OcrCache

    engine = settings.engine
    with OcrCache.open(settings.cache_path) as cache:
        done = cache.get(file_hash, engine, numbers)
        todo = [n for n in numbers if n not in done]
        started = time.perf_counter()
        bar = tqdm(
            total=len(todo), desc=f"OCR {label}"[:40], unit="page", disable=not (settings.progress and todo)
        )
        for number, image in source(todo) if todo else ():
            if _page_hook is not None:
                _page_hook()
            page = ocr_image(image, number, settings)
            bar.update(1)
            bar.set_postfix_str(f"p.{number} {page.seconds:.1f} s, conf {page.confidence:.0f}")
            log.info("OCR %s p.%d: %.1f s, confidence %.0f", label, number, page.seconds, page.confidence)
            done[number] = page
            if not page.timed_out:
                cache.put(file_hash, engine, page)
            if time.perf_counter() - started > settings.file_seconds and len(done) < len(numbers):
                bar.close()
                raise ReadError(
                    f"OCR took more than max_ocr_seconds={settings.file_seconds} ({len(done)} of "
                    f"{len(numbers)} pages read; they are cached)",
                    "build again to go on from there, or raise CHITHI_MAX_OCR_SECONDS",
                )
        bar.close()
    # Repaired after the cache: a better repair needs no second read.
    return tuple(replace(done[n], text=repair(done[n].text)) for n in numbers)


def check_page_count(pages: int, settings: OcrSettings, what: str) -> None:
    if pages > settings.max_pages:
        raise ReadError(
            f"{what} of {pages} pages to OCR, more than max_ocr_pages={settings.max_pages}",
            "split it into parts, or raise the limit with CHITHI_MAX_OCR_PAGES (about 10-20 s a page)",
        )


def ocr_pdf(
    data: bytes, numbers: Sequence[int], file_hash: str, settings: OcrSettings, label: str = ""
) -> tuple[OcrPage, ...]:
    """OCR of the given 1-based pages of a PDF."""
    require_ocr(settings, "scanned PDF with no text layer")
    check_page_count(len(numbers), settings, "scanned PDF")
    return ocr_pages(
        lambda todo: pdf_page_images(data, todo, settings.dpi), numbers, file_hash, settings, label
    )


def ocr_image_file(
    data: bytes, file_hash: str, settings: OcrSettings, label: str = ""
) -> tuple[OcrPage, ...]:
    """OCR of every page of an image file (.png, .jpg, .tif …)."""
    require_ocr(settings, "scanned image")
    check_page_count(image_frame_count(data), settings, "scanned image")
    frames = image_frames(data)

    def source(todo: Sequence[int]) -> Iterator[tuple[int, object]]:
        for number in todo:
            yield number, _upright_resolution(frames[number - 1])

    return ocr_pages(source, range(1, len(frames) + 1), file_hash, settings, label)


def _upright_resolution(image: object) -> object:
    """A small scan (a page under ~1,700 px wide, i.e. below ~200 dpi) is enlarged twice: Tesseract
    reads letters best at 20-30 px high."""
    width, height = image.size  # type: ignore[attr-defined]
    if min(width, height) < 1700:
        from PIL import Image

        return image.resize((width * 2, height * 2), Image.Resampling.LANCZOS)  # type: ignore[attr-defined]
    return image


def thread_limit() -> None:
    """One thread per Tesseract: pages are read one at a time per worker, and Tesseract's
    OpenMP threads only contend on a small shared machine."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
