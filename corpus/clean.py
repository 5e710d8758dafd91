"""Clean extracted text into one readable paragraph per line.

Pure functions, no I/O. Citations quote the cleaned text and evaluation matches
gold excerpts against it (whitespace collapsed, case folded), so cleaning may
change *layout* - line wraps, table pipes, emphasis markers, website chrome -
but never the words of the body.

The order matters: website chrome goes first (its tables would otherwise look
like the document header), then the table-laid header is flattened into the
fixed shape ``corpus.metadata`` parses, then the body's lines are joined back
into paragraphs and table cells into rows.
"""

from __future__ import annotations

import re

from corpus.boilerplate import remove_boilerplate
from corpus.header_table import find_inner_header, split_header
from corpus.markup import is_complete_emphasis, is_upper, normalize_chars, strip_emphasis, tidy
from corpus.types import Page

# --- Markdown leftovers ------------------------------------------------------------

_RULE_LINE = re.compile(r"^[\s\-_=*~–—]*$")
_HEADING = re.compile(r"^\s*#{1,6}(?:\s+|$)")
_QUOTE = re.compile(r"^\s*>\s+")
_STAR_BULLET = re.compile(r"^\s*\*\s+(?=[^\s*])(?!.*\*)")  # "* item" with no closing star


# --- joining wrapped lines ---------------------------------------------------------
#
# Layouts ("mode"):
#   "lines"   - each line is a paragraph (DOCX, HTML, text saved one paragraph per line);
#               only a line that plainly continues a sentence is joined.
#   "wrapped" - scraped Markdown, hard-wrapped at uneven widths (the first line of a
#               paragraph is often cut early), so a short line does not end a paragraph.
#   "page"    - a PDF text layer, wrapped at the margin: a short line ends a paragraph.
#   "cell"    - the lines of one table cell, wrapped at the cell's narrow width.

_SENTENCE_END = re.compile(r"[.;:!?…](?:[\s*_\"'”’)\]]*)$")
_MARKER_START = re.compile(
    r"^(?:[-+•–]\s|\(?\d{1,3}[.)]\s|\(\d{1,3}\)|[a-zđ][.)]\s|\([a-zđ]\)|[IVXLC]{1,6}[.)]\s|(?:Điều|Chương|Mục|Phần)\s)"
)
# A list marker alone on its line ("2.", "a)", "Điều 3."): its text is on the next line.
_BARE_MARKER = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|\(\d{1,3}\)|[a-zđ][.)]|\([a-zđ]\)|[IVXLC]{1,6}[.)]|Điều\s+\d+[a-zđ]?[.:]?|[-+•])$"
)
# "Chương II", "Mục 1", "Phụ lục": a heading line of its own, the title follows.
_PART_HEADING = re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)(?:\s+[\dIVXLC]+)?[.:]?$")
# A line ending in one of these words cannot end a paragraph: the next line continues it.
_OPEN_END = re.compile(
    r"(?:^|\s)(?:của|và|các|những|với|về|theo|tại|cho|trong|từ|đến|là|số|ngày|tháng|năm|Điều|khoản|điểm"
    r"|Khoản|Điểm|Chương|Mục|Phần|thuộc|đối|hoặc|nhằm|để|do|bởi|như|mà|thì|nếu|khi|giữa|gồm)[*_]*$"
)


def _starts_lower(s: str) -> bool:
    s = s.lstrip("*_(\"'“‘[ ")
    return bool(s) and s[0].islower()


def continues(prev: str, nxt: str, width: int, mode: str) -> bool:
    """Does ``nxt`` continue the paragraph whose last raw line (with emphasis) is ``prev``?"""
    p, n = strip_emphasis(prev).strip(), strip_emphasis(nxt).strip()
    if not p or not n or _HEADING.match(prev) or _HEADING.match(nxt):
        return False
    if _BARE_MARKER.match(p):
        return True
    lower = _starts_lower(n) and not _MARKER_START.match(n)  # "a) …" starts an item
    if is_complete_emphasis(prev) or is_complete_emphasis(nxt):
        return False
    if _SENTENCE_END.search(p):
        return lower and p[-1] in ";,"  # clauses of one paragraph: "…2031;\nphát hiện, …"
    if lower or _OPEN_END.search(p):
        return True
    if mode == "lines" or _PART_HEADING.match(p):
        return False
    if is_upper(p):
        return is_upper(n.split(" ", 1)[0])  # a title in capitals runs on; "Điều 5." does not
    if mode == "cell":
        return not _MARKER_START.match(n)
    if _MARKER_START.match(n):
        return len(prev.rstrip()) >= 0.75 * width  # "- xã hội" after a full line is a wrap
    if mode == "wrapped" or len(prev.rstrip()) >= 0.75 * width:
        return True
    return n[0].isdigit()  # "page": a short line ends the paragraph unless "03 ngày…" follows


def wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip() and "|" not in line)
    if not lengths:
        return 80
    # The margin: nearly the longest line (a few overlong lines are tables or URLs).
    return max(40, lengths[int(0.95 * (len(lengths) - 1))] if len(lengths) >= 20 else lengths[-1])


def looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: lines end mid-sentence and the next starts in lower case.

    Text saved one paragraph per line has long lines (90th percentile well over
    120 characters on the archive); wrapped text stays under ~100, so in short
    lines one clear continuation is enough evidence.
    """
    pairs = evidence = 0
    lengths = []
    for prev, nxt in zip(lines, lines[1:], strict=False):
        if "|" in prev or not prev.strip():
            continue
        lengths.append(len(prev))
        if not nxt.strip() or "|" in nxt:
            continue
        pairs += 1
        if not _SENTENCE_END.search(strip_emphasis(prev).strip()) and _starts_lower(strip_emphasis(nxt)):
            evidence += 1
    if not lengths:
        return False
    p90 = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    return (evidence >= 1 and p90 <= 120) or (evidence >= 3 and evidence >= 0.1 * pairs)


def join_lines(lines: list[str], width: int, mode: str) -> list[str]:
    """Join the raw lines of one block into paragraphs (emphasis still in place)."""
    paras: list[str] = []
    for line in lines:
        if paras and continues(paras[-1].rsplit("\n", 1)[-1], line, width, mode):
            paras[-1] += "\n" + line  # keep the line for the next decision; joined below
        else:
            paras.append(line)
    return [" ".join(part.strip() for part in para.split("\n")) for para in paras]


# --- body: blocks, table rows, paragraphs ------------------------------------------

_PIPE_LINE = re.compile(r"^\s*\|[\s|]*$")
_MD_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MAX_CELL = 300  # longer cells are paragraphs of their own, not table cells


def _row(line: str) -> str:
    cells = [tidy(strip_emphasis(c)) for c in line.split("|")]
    return " | ".join(c for c in cells if c)


def _finish(para: str) -> str:
    para = _QUOTE.sub("", _HEADING.sub("", para))
    para = tidy(strip_emphasis(para))
    return "" if _RULE_LINE.match(para) else para


def clean_body(lines: list[str], mode: str | None = None) -> list[str]:
    """Body lines to paragraphs: join wraps, rebuild table rows, strip Markdown.

    Scraped tables put each cell on its own lines between pipe-only lines; one
    pipe line separates cells of a row, two (row end, row start) separate rows.
    Short single-paragraph cells are rebuilt into ``cell | cell`` rows.
    """
    lines = [_STAR_BULLET.sub("- ", line.rstrip()) for line in lines]
    if mode is None:
        mode = "wrapped" if looks_wrapped(lines) else "lines"
    width = wrap_width(lines)
    out: list[str] = []
    block: list[str] = []
    seps = 0  # pipes seen since the last block
    can_extend = False  # out[-1] is a table row that may take another cell

    def flush(closed_by_pipe: bool = False) -> None:
        nonlocal block, seps, can_extend
        if not block:
            return
        in_cell = mode != "lines" and closed_by_pipe and seps >= 1
        paras = [p for p in (_finish(x) for x in join_lines(block, width, "cell" if in_cell else mode)) if p]
        block = []
        cell = len(paras) == 1 and len(paras[0]) <= _MAX_CELL
        if cell and can_extend and seps == 1:
            out[-1] += " | " + paras[0]
        else:
            out.extend(paras)
            can_extend = cell and seps >= 1
        seps = 0

    for line in lines:
        s = line.strip()
        if s and _PIPE_LINE.match(s):
            flush(closed_by_pipe=True)
            seps += s.count("|")
        elif not s:
            flush()
            can_extend, seps = False, 0
        elif _MD_SEPARATOR_ROW.match(s) or _RULE_LINE.match(strip_emphasis(s)):
            flush()
        elif "|" in s:
            flush()
            row = _row(s)
            if row:
                out.append(row)
            can_extend, seps = False, 0
        else:
            block.append(line)
    flush()
    return out


# --- whole documents ---------------------------------------------------------------


def clean_text(text: str, mode: str | None = None) -> str:
    """Raw extracted text to cleaned text: header lines, then one paragraph per line."""
    lines = remove_boilerplate(normalize_chars(text).split("\n"))
    paras, body = split_header(lines)
    mode = mode or ("wrapped" if looks_wrapped(body) else "lines")
    pos = 0
    # Headers further down (a news summary, then the document) are flattened too.
    while (found := find_inner_header(body, pos)) is not None:
        start, end, flat = found
        paras += clean_body(body[pos:start], mode) + flat
        pos = end
    paras += clean_body(body[pos:], mode)
    return "\n".join(p for p in paras if p)


_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")


def clean_pages(pages: list[str]) -> tuple[str, tuple[Page, ...]]:
    """Clean PDF pages into one text, keeping where each page starts and ends.

    Running page numbers are dropped; a paragraph broken by a page break is
    joined back (a chunk's page is the page where the chunk starts).
    """
    page_lines: list[list[str]] = []
    for raw in pages:
        lines = normalize_chars(raw).split("\n")
        while lines and (not lines[0].strip() or _PAGE_NUMBER.match(lines[0])):
            lines.pop(0)
        while lines and (not lines[-1].strip() or _PAGE_NUMBER.match(lines[-1])):
            lines.pop()
        page_lines.append(lines)
    first = next((i for i, lines in enumerate(page_lines) if lines), None)
    header: list[str] = []
    if first is not None:
        header, page_lines[first] = split_header(page_lines[first])
    width = wrap_width([line for lines in page_lines for line in lines])
    parts: list[str] = list(header)
    length = len("\n".join(parts))  # length of "\n".join(parts), kept as parts grow
    spans: list[Page] = []
    for number, lines in enumerate(page_lines, start=1):
        paras = clean_body(lines, mode="page")
        start = length + 1 if parts else 0
        if paras and parts and continues(parts[-1], paras[0], width, "page"):
            parts[-1] += " " + paras[0]
            length += 1 + len(paras[0])
            paras = paras[1:]
        for para in paras:
            length += (1 if parts else 0) + len(para)
            parts.append(para)
        if first is not None and number == first + 1:
            start = 0  # the flattened header came from this page
        spans.append(Page(number=number, start=min(start, length), end=length))
    text = "\n".join(parts)
    return text, tuple(spans)
