"""A subject's documents in date order: what each directive said on it, and how they relate.

The documents come from the search (the same ranking as ``python -m index search``), grouped by
document; a document is kept when one of its three best passages is about the subject
(``on_subject``), so a passage that matched on one common word does not put its document on
the timeline. Each entry carries the one or two sentences of its best
passages that hold the most of the subject, and the typed relations (corpus/relations.py)
stored among the listed documents come with them.
"""

from __future__ import annotations

from datetime import date

from corpus.sentences import sentences
from corpus.vietnamese import fold, words
from index.answer.sentences import keyword_cover, question_keys, spaced_words
from index.records import Filters, Hit, Timeline, TimelineEntry
from index.retrieval.query import parse_query
from index.retrieval.search import search_parsed
from index.store.queries import targets_in_span
from index.store.reader import IndexReader
from index.store.relations import edges_among

POOL = 400  # passages searched for a timeline: the search returns many passages of a few documents
MIN_COVER = 0.75  # share of an English subject's glossary terms (by weight) a passage must hold
MAX_DOCS = 25
MAX_TARGETS = 6  # per entry: what the directive set on the subject, at a glance
_MIN_SENTENCE = 20  # characters: headings and list marks are not statements


def _best_sentences(hits: list[Hit], keys: list, limit: int = 2) -> tuple[str, ...]:
    """The ``limit`` sentences of ``hits`` holding the most of the subject, in reading order."""
    scored = []
    for rank, hit in enumerate(hits[:2]):
        for s, e in sentences(hit.text):
            text = " ".join(hit.text[s:e].split())
            if len(text) >= _MIN_SENTENCE:
                scored.append((keyword_cover(keys, text), -rank, -s, text, (rank, s)))
    scored.sort(reverse=True)
    chosen, seen = [], set()
    for cover, _, _, text, where in scored:
        if cover <= 0 or text in seen:
            continue
        seen.add(text)
        chosen.append((where, text))
        if len(chosen) == limit:
            break
    return tuple(text for _, text in sorted(chosen))


def _targets(reader: IndexReader, about: list[Hit]) -> tuple:
    """The targets stated in the document's passages on the subject, in text order, once each."""
    rows, seen = [], set()
    for hit in sorted(about, key=lambda h: h.start):
        for row in targets_in_span(reader.conn, hit.doc.doc_id, hit.start, hit.end):
            if (row.chunk_id, row.start, row.value) not in seen:
                seen.add((row.chunk_id, row.start, row.value))
                rows.append(row)
    return tuple(rows[:MAX_TARGETS])


def on_subject(subject_words: list[str], keys: list, text: str, english: bool) -> bool:
    """Whether a passage is about the subject: it holds the subject as typed ("chuyển đổi số",
    not only "chuyển đổi hình thức"), or every pair of its consecutive words; an English subject,
    at least three quarters of its glossary's Vietnamese terms by weight (rare words count more).
    Vietnamese keywords are syllables, so their share alone says little ("chuyển", "đổi")."""
    if english:
        return bool(keys) and keyword_cover(keys, text) >= MIN_COVER
    body = spaced_words(text)
    if subject_words and f" {' '.join(subject_words)} " in body:
        return True
    pairs = [f" {a} {b} " for a, b in zip(subject_words, subject_words[1:])]
    return bool(pairs) and all(p in body for p in pairs)


def _order(entry: TimelineEntry) -> tuple[bool, date, float]:
    return (entry.doc.issue_date is None, entry.doc.issue_date or date.max, -entry.score)


def timeline(reader: IndexReader, subject: str, filters: Filters | None = None) -> Timeline:
    """The documents on ``subject`` by issue date (undated last), each with its sentences on it,
    and the relations among them."""
    q = parse_query(subject)
    with reader.snapshot():
        hits = search_parsed(reader, q, POOL, filters)
        keys = question_keys(reader, q)
        by_doc: dict[str, list[Hit]] = {}
        for hit in hits:
            if hit.doc.duplicate_of is None:
                by_doc.setdefault(hit.doc.doc_id, []).append(hit)
        entries = []
        subject_words = words(fold(subject))
        for doc_hits in by_doc.values():
            about = [h for h in doc_hits[:3] if on_subject(subject_words, keys, h.text, q.language == "en")]
            if not about:
                continue
            best = max(about, key=lambda h: keyword_cover(keys, h.text))
            ordered = [best] + [h for h in doc_hits if h is not best]
            entries.append(
                TimelineEntry(
                    doc=best.doc,
                    sentences=_best_sentences(ordered, keys),
                    chunk_start=best.start,
                    score=doc_hits[0].score,
                    targets=_targets(reader, about),
                )
            )
            if len(entries) == MAX_DOCS:
                break
        entries.sort(key=_order)
        edges = edges_among(reader.conn, [e.doc.doc_id for e in entries])
    return Timeline(
        subject=subject,
        entries=tuple(entries),
        edges=edges,
        undated=sum(e.doc.issue_date is None for e in entries),
    )
