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
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from corpus.ocr_text import repair
from corpus.readers import ReadError
from corpus.types import OcrPage

log = logging.getLogger(__name__)

# Below this mean word confidence a page may be rotated: it is checked with OSD.
ROTATION_CHECK_CONFIDENCE = 60.0
# Pipeline version: part of the cache key, so a changed pipeline reads scans again.
PIPELINE = "red-channel/cells/number/v3"
INSTALL = "install Tesseract and its Vietnamese model (apt-get install tesseract-ocr tesseract-ocr-vie, as scripts/install.sh does)"


@dataclass(frozen=True)
class OcrSettings:
    """How scans are read (the settings ocr, ocr_lang, ocr_dpi, max_ocr_pages, ocr_page_seconds,
    max_ocr_seconds); ``cache_path`` None: no cache."""

    enabled: bool = True
    lang: str = "vie"
    dpi: int = 300
    max_pages: int = 100
    page_seconds: int = 120
    file_seconds: int = 1800
    cache_path: Path | None = None
    progress: bool = False
    grey: str = "red"  # "red": the red channel (stamps fade); "luminance": plain grey

    @property
    def engine(self) -> str:
        """What produced a cached text: Tesseract's version, model, resolution and pipeline."""
        grey = "" if self.grey == "red" else f" {self.grey}"  # the red channel is the pipeline's own
        return f"tesseract {tesseract_version()} {self.lang} {self.dpi}dpi {PIPELINE}{grey}"


def tesseract_version() -> str:
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:  # pytesseract raises its own NotFound, or OSError
        return "missing"


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


def _grey(image: object, grey: str = "red") -> object:
    """One channel for Tesseract: the red one of a colour scan (a red stamp fades), else luminance."""
    mode = image.mode  # type: ignore[attr-defined]
    if grey == "red" and mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return image.convert("RGB").getchannel("R")  # type: ignore[attr-defined]
    return image.convert("L")  # type: ignore[attr-defined]


# --- Tesseract ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    text: str
    confidence: float


def _read(image: object, lang: str, seconds: int) -> _Read:
    """Words of one upright image as lines and paragraphs, with their mean confidence."""
    import pytesseract

    data = pytesseract.image_to_data(
        image, lang=lang, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=seconds
    )
    lines: dict[tuple[int, int, int], list[tuple[str, int, int, int]]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append((word, data["left"][i], data["width"][i], data["height"][i]))
        confidences.append(conf)
    out: list[str] = []
    last_par: tuple[int, int] | None = None
    for (block, par, _line), words in lines.items():
        text = _line_text(words)
        if not text:
            continue
        if last_par is not None and (block, par) != last_par:
            out.append("")  # a blank line between Tesseract's paragraphs
        out.append(text)
        last_par = (block, par)
    mean = sum(confidences) / len(confidences) if confidences else -1.0
    return _Read("\n".join(out), round(mean, 1))


# A token of rule marks or stray specks: the lines under a header's names, a stamp's edge.
_JUNK = re.compile(r"^[\W_]+$")


def _line_text(words: list[tuple[str, int, int, int]]) -> str:
    """One line's words; a wide gap splits it into cells ("| CHÍNH PHỦ | CỘNG HÒA … |"), as a
    header laid out in two columns is read across both: the header parser then sees the table it
    knows from DOCX and web pages. Rule marks and specks at a cell's edges are dropped."""
    heights = sorted(h for _w, _l, _wd, h in words)
    gap = 4 * heights[len(heights) // 2]
    cells: list[list[str]] = [[]]
    right = None
    for word, left, width, _h in words:
        if right is not None and left - right > gap:
            cells.append([])
        cells[-1].append(word)
        right = left + width
    kept = []
    for cell in cells:
        while cell and _JUNK.match(cell[0]) and cell[0] not in ("-", "+", "•", "(", "“", '"'):
            cell.pop(0)
        while cell and _JUNK.match(cell[-1]) and cell[-1][-1] not in '.;:!?)”"':
            cell.pop()
        if cell:
            kept.append(" ".join(cell))
    if len(kept) > 1:
        return "| " + " | ".join(kept) + " |"
    return kept[0] if kept else ""


# A document number as the header prints it: "Số: 19/2019/NĐ-CP", "Luật số: 91/2015/QH13".
_NUMBER = re.compile(r"(?:Luật\s+)?số\s*:?\s*\d{1,5}/[\w/.\-]+", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^(?:Luật\s+)?số\s*:?\s*\d{1,5}/[\w/.\-]+", re.IGNORECASE | re.MULTILINE)
# The same line misread: "Số192019⁄NĐCP", "luậsố9205QH32" (a "số" glued to its digits).
_GARBLED_NUMBER = re.compile(r"(?<!\S)[^\s/]*[Ss][ốôóòỏõọồổỗộo6]\s*:?\s*\d[^\s/]*(?!\S)")


def _header_number(grey: object, text: str, settings: OcrSettings) -> str:
    """Read the number of a first page again from the top-left quarter alone when the whole page
    gave none: across a two-column header Tesseract's line of "Số: 19/2019/NĐ-CP" runs into the
    italic date beside it and comes out as "Số192019⁄NĐCP"; on its own the line reads right."""
    import pytesseract

    lines = text.split("\n")
    if any(_NUMBER.search(repair(line)) for line in lines[:12]):
        return text
    width, height = grey.size  # type: ignore[attr-defined]
    corner = grey.crop((0, 0, width // 2, int(height * 0.22)))  # type: ignore[attr-defined]
    found = _NUMBER_LINE.search(
        pytesseract.image_to_string(
            corner, lang=settings.lang, config="--psm 6", timeout=settings.page_seconds
        )
    )
    if not found:
        return text
    for i, line in enumerate(lines[:12]):
        if _GARBLED_NUMBER.search(line):
            lines[i] = _GARBLED_NUMBER.sub(lambda _m: found.group(0), line, count=1)
            return "\n".join(lines)
    return "\n".join([*lines[:1], found.group(0), *lines[1:]])


def _rotation(image: object, seconds: int) -> int:
    """Degrees Tesseract's OSD says the page is turned (0 when it cannot tell)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT, timeout=seconds)
    except Exception:  # too few letters to tell, or OSD not installed
        return 0
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image: object, number: int, settings: OcrSettings) -> OcrPage:
    """One page: read it; if the read is poor, check for rotation and read it upright."""
    started = time.perf_counter()
    grey = _grey(image, settings.grey)
    try:
        best, rotated = _read(grey, settings.lang, settings.page_seconds), 0
        if best.confidence < ROTATION_CHECK_CONFIDENCE:
            turn = _rotation(grey, settings.page_seconds)
            if turn:
                upright = _read(grey.rotate(-turn, expand=True), settings.lang, settings.page_seconds)  # type: ignore[attr-defined]
                if upright.confidence > best.confidence:
                    best, rotated = upright, turn
        if number == 1 and not rotated:
            best = _Read(_header_number(grey, best.text, settings), best.confidence)
    except RuntimeError as exc:  # pytesseract: "Tesseract process timeout"
        if "timeout" not in str(exc).lower():
            raise
        log.warning("OCR of page %d took more than ocr_page_seconds=%d", number, settings.page_seconds)
        return OcrPage(number, "", -1.0, round(time.perf_counter() - started, 2), 0, timed_out=True)
    return OcrPage(number, best.text, best.confidence, round(time.perf_counter() - started, 2), rotated)


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
