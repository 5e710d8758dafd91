"""One page through Tesseract: the settings, the grey image it reads, its words as lines (a wide
gap splits a line into table cells), a second look for a turned page and for a first page's
number, and the page's mean word confidence. ``corpus.ocr`` runs it over files, bounded and cached.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.ocr_text import repair
from corpus.types import OcrPage

log = logging.getLogger(__name__)

# Below this mean word confidence a page may be rotated: it is checked with OSD.
ROTATION_CHECK_CONFIDENCE = 60.0
# Pipeline version: part of the cache key, so a changed pipeline reads scans again.
PIPELINE = "red-channel/cells/number/v3"


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


def _grey(image: object, grey: str = "red") -> object:
    """One channel for Tesseract: the red one of a colour scan (a red stamp fades), else luminance."""
    mode = image.mode  # type: ignore[attr-defined]
    if grey == "red" and mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return image.convert("RGB").getchannel("R")  # type: ignore[attr-defined]
    return image.convert("L")  # type: ignore[attr-defined]


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
