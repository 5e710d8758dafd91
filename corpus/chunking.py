"""Split a cleaned document into overlapping, structure-aware chunks.

LangChain's ``RecursiveCharacterTextSplitter`` does the splitting with
Vietnamese separators, tried in order: section markers (Phần, Chương, Mục,
Điều, I., 1., (1), a)), then lines (one paragraph per line after cleaning),
sentences, clauses and words. Its pieces are exact substrings of the text, so
each chunk is located in ``doc.text`` and carries offsets with
``doc.text[start:end] == chunk.text``.

Greedy packing leaves a short tail where a long section ends; chunks under
``size / 4`` are merged into a neighbour, or rebalanced with it, so a chunk
always has enough context to embed well.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from corpus.sections import Section, SectionIndex, section_path, truncate
from corpus.sentences import trimmed
from corpus.types import Chunk, Document

SEPARATORS = [
    r"\n(?=(?:Phần|PHẦN)\s+(?:[IVXLC\d]|thứ))",
    r"\n(?=(?:Chương|CHƯƠNG)\s+[IVXLC\d])",
    r"\n(?=(?:Mục|MỤC)\s+[IVXLC\d])",
    r"\n(?=(?:Điều|ĐIỀU)\s+\d+[a-zđ]?\s*[.:])",
    r"\n(?=[IVXLC]{1,6}\s*[.)]\s)",
    r"\n(?=\d{1,3}[.)]\s|\d{1,2}(?:\.\d{1,2})+\.?\s)",
    r"\n(?=\(\d{1,3}\)|\(?[a-zđ][.)]\s)",
    r"\n",
    r"(?<=[.!?…;])\s+",  # sentences (";" ends the clauses legal lists are made of)
    r"(?<=[,:])\s+",
    r"\s+",
    "",
]
_BREAKS = (re.compile(r"\n"), re.compile(r"(?<=[.!?…;])\s+"), re.compile(r"(?<=[,:])\s+"), re.compile(r"\s+"))
_SPACE = re.compile(r"\s")
_SENTENCE_START = re.compile(r"(?<=[.!?…;])\s+")
_MARKER_BEFORE = re.compile(r"(?:^|\s|\()(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})[.)]$")
HEADING_SEP = " › "


@lru_cache(maxsize=8)
def _splitter(size: int, overlap: int):  # noqa: ANN202 - a LangChain splitter
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator="start",
        chunk_size=size,
        chunk_overlap=overlap,
        strip_whitespace=True,
        length_function=len,
    )


def _locate(text: str, pieces: list[str], overlap: int) -> list[tuple[int, int]]:
    """Offsets of each splitter piece: they are in order and overlap by at most ``overlap``."""
    spans: list[tuple[int, int]] = []
    prev_start, prev_end = -1, 0
    for piece in pieces:
        lo = max(prev_start + 1, prev_end - overlap - 1)
        at = text.find(piece, lo)
        if at < 0:  # cannot happen with keep_separator; fall back to a wider search
            at = text.find(piece, prev_start + 1)
        if at < 0:
            raise ValueError(f"chunk not found in text: {piece[:60]!r}")
        spans.append((at, at + len(piece)))
        prev_start, prev_end = at, at + len(piece)
    return spans


def _break(text: str, lo: int, hi: int, latest: bool = True) -> int | None:
    """A break in ``[lo, hi]``: a line end, else a sentence end, else a clause, else a space."""
    if lo > hi:
        return None
    for pattern in _BREAKS:
        found = [m.end() for m in pattern.finditer(text, lo, hi + 1) if lo <= m.end() <= hi]
        if found:
            return found[-1] if latest else found[0]
    return None


def _merge_small(
    text: str, spans: list[tuple[int, int]], size: int, index: SectionIndex
) -> list[tuple[int, int]]:
    """Fold chunks shorter than ``size // 4`` into a neighbour, or rebalance the pair.

    A short chunk that opens a section (typically its title line) joins the
    chunk after it; any other short chunk (a section's tail) joins the one before.
    """
    small = size // 4
    spans = list(spans)
    out: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        has_next = i + 1 < len(spans)
        if end - start >= small or (not out and not has_next):
            out.append((start, end))
            continue
        forward = has_next and (not out or index.first_marker_in(start, start + 1) == start)
        if forward and spans[i + 1][1] - start <= size:
            spans[i + 1] = (start, spans[i + 1][1])
        elif not forward and end - out[-1][0] <= size:
            out[-1] = (out[-1][0], end)
        elif forward:  # take the head of the next chunk
            next_end = spans[i + 1][1]
            cut = _break(text, start + small, min(next_end - small, start + size), latest=False)
            if cut is None:
                out.append((start, end))
            else:
                out.append(trimmed(text, start, cut))
                spans[i + 1] = trimmed(text, cut, next_end)
        else:  # give it the tail of the previous chunk
            prev_start, prev_end = out[-1]
            cut = _break(text, max(prev_start + small, end - size), min(prev_end, end - small))
            if cut is None:
                out.append((start, end))
            else:
                out[-1] = trimmed(text, prev_start, cut)
                out.append(trimmed(text, cut, end))
    return out


def _add_overlap(
    text: str, spans: list[tuple[int, int]], size: int, overlap: int, index: SectionIndex
) -> list[tuple[int, int]]:
    """Start each chunk up to ``overlap`` characters early, at a sentence or word start.

    LangChain only overlaps whole pieces no longer than ``overlap``, so paragraph-
    sized pieces get none. A chunk that starts a section gets none either: its
    start is a natural boundary and the previous section's tail would only
    blur what the chunk is about.
    """
    out = spans[:1]
    for start, end in spans[1:]:
        prev_start, prev_end = out[-1]
        lo = max(start - overlap, end - size, prev_start + 1)
        if (
            overlap <= 0
            or start < prev_end
            or lo >= start
            or index.first_marker_in(start, start + 1) == start
        ):
            out.append((start, end))
            continue
        out.append(trimmed(text, _overlap_start(text, lo, start), end))
    return out


def _overlap_start(text: str, lo: int, start: int) -> int:
    """Earliest line start in ``[lo, start)``, else sentence start, else word start, else ``start``."""
    line = text.find("\n", lo, start)
    if line >= 0 and line + 1 < start:
        return line + 1
    for m in _SENTENCE_START.finditer(text, lo, start):
        # "1. Về …": the period of a list marker does not end a sentence.
        if not _MARKER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return m.end()
    space = _SPACE.search(text, lo, start)
    return space.end() if space else start


def _doc_context(doc: Document) -> str:
    meta = doc.meta
    parts = []
    if meta.doc_type and meta.number:
        parts.append(f"{meta.doc_type} {meta.number.display}")
    elif meta.number:
        parts.append(meta.number.display)
    elif meta.doc_type:
        parts.append(meta.doc_type)
    if meta.issuer:
        parts.append(truncate(meta.issuer, 60))
    if meta.issue_date:
        parts.append(meta.issue_date.strftime("%d/%m/%Y"))
    # The subject (trích yếu) tells every chunk what the document is about, which the
    # dense model needs for passages that never name their topic.
    if meta.title:
        parts.append(truncate(meta.title, 100))
    elif not parts:
        parts.append(truncate(next((line for line in doc.text.split("\n") if line.strip()), "")))
    return " · ".join(parts)


def _heading(context: str, enclosing: tuple[Section, ...], chunk_start: int) -> str:
    # Sections that open inside the chunk show their own title in the chunk text.
    # The two innermost are the most specific ("Điều 9. Quyền hạn… › 2. Nghĩa vụ…").
    outer = [s for s in enclosing if s.start < chunk_start][-2:]
    return HEADING_SEP.join([context, *(s.title for s in outer)])


def chunk_document(doc: Document, size: int = 1000, overlap: int = 150) -> list[Chunk]:
    """Chunks of ``doc.text`` with exact offsets, section path, page and heading."""
    text = doc.text
    if not text.strip():
        return []
    pieces = _splitter(size, overlap).split_text(text)
    index = SectionIndex(text)
    spans = _merge_small(text, _locate(text, pieces, overlap), size, index)
    spans = _add_overlap(text, spans, size, overlap, index)
    context = _doc_context(doc)
    page_starts = [p.start for p in doc.pages]
    chunks = []
    for ordinal, (start, end) in enumerate(spans):
        # A chunk that opens with the previous chunk's overlap belongs to the section starting after it.
        anchor = index.first_marker_in(start, min(end, start + overlap + 1))
        enclosing = index.at(anchor if anchor is not None else start)
        page = None
        if doc.pages:
            page = doc.pages[max(0, bisect.bisect_right(page_starts, start) - 1)].number
        chunks.append(
            Chunk(
                doc_id=doc.doc_id,
                ordinal=ordinal,
                start=start,
                end=end,
                text=text[start:end],
                section=section_path(enclosing),
                page=page,
                heading=_heading(context, enclosing, start),
            )
        )
    return chunks
