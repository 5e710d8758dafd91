"""The passages an answer cites: neighbouring hits of a document joined into one span of
its text, widened to whole sentences."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from corpus.sentences import SENTENCE_END, ends_sentence, starts_sentence
from index.records import Hit

SENTENCE_REACH = 300  # farthest a passage is widened to finish a sentence, each side


@dataclass(frozen=True)
class Passage:
    """Neighbouring hits of one document joined into the passage a citation shows."""

    hits: tuple[Hit, ...]  # rank order: hits[0] ranked best
    text: str
    start: int  # offsets in the document's cleaned text
    end: int
    doc_rowid: int  # documents.id, for the references it cites

    def hit_at(self, offset: int) -> Hit:
        """The member hit whose span holds ``offset`` (passage-relative), for its section and page."""
        pos = self.start + offset
        inside = [h for h in self.hits if h.start <= pos < h.end]
        return inside[0] if inside else self.hits[0]


def group_hits(hits: list[Hit], top: int, max_chars: int) -> list[list[Hit]]:
    """Up to ``top`` groups of hits in rank order. A hit that is the next or previous chunk
    of a group's passage joins it (while the joined span stays within ``max_chars``) instead
    of being cited again: neighbouring chunks share their overlap, and the answer is often
    split between them with nearly equal scores."""
    groups: list[list[Hit]] = []
    for h in hits:
        for g in groups:
            if g[0].doc.doc_id != h.doc.doc_id:
                continue
            ordinals = [m.ordinal for m in g]
            start, end = min(m.start for m in g + [h]), max(m.end for m in g + [h])
            if min(ordinals) - 1 <= h.ordinal <= max(ordinals) + 1 and end - start <= max_chars:
                g.append(h)
                break
        else:
            if len(groups) == top:
                break
            groups.append([h])
    return groups


def whole_sentences(text: str, start: int, end: int, limit: int = SENTENCE_REACH) -> tuple[int, int]:
    """``(start, end)`` widened so the span neither starts nor ends inside a sentence, when
    the sentence's edge is within ``limit`` characters. A chunk boundary can cut the very
    sentence that answers (the splitter's overlap is shorter where no separator is near)."""
    if not starts_sentence(text, start):
        ends = list(SENTENCE_END.finditer(text, max(0, start - limit), start))
        if ends:
            start = ends[-1].end()
        elif start <= limit:
            start = 0
        while start < end and text[start].isspace():
            start += 1
    if not ends_sentence(text, end):
        m = SENTENCE_END.search(text, end, end + limit)
        if m:
            end = m.start() + (text[m.start()] != "\n")
        elif len(text) - end <= limit:
            end = len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def passages(conn: sqlite3.Connection, groups: list[list[Hit]]) -> list[Passage]:
    """The passage each group of hits is cited as: their joined span in the document's text,
    widened to whole sentences."""
    docs: dict[str, tuple[int, str]] = {}
    out = []
    for g in groups:
        doc_id = g[0].doc.doc_id
        if doc_id not in docs:
            docs[doc_id] = conn.execute("SELECT id, text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        rowid, text = docs[doc_id]
        start, end = whole_sentences(text, min(h.start for h in g), max(h.end for h in g))
        out.append(Passage(hits=tuple(g), text=text[start:end], start=start, end=end, doc_rowid=rowid))
    return out
