"""A cited passage as the user sees it: document, section and page of the answering
sentence, the sentences to highlight, what the document cites and what cites it."""

from __future__ import annotations

from datetime import date

from index.answer.passages import Passage
from index.answer.sentences import Span
from index.records import Citation
from index.store.documents import cited_by, cites
from index.store.reader import IndexReader


def citation_order(pool: list[Passage]) -> list[int]:
    """Citation [1] is the best-ranked passage; the others follow newest document first,
    so a reviewer sees the latest instruction on the matter right after the best answer."""
    rest = sorted(range(1, len(pool)), key=lambda i: pool[i].hits[0].doc.issue_date or date.min, reverse=True)
    return [0, *rest] if pool else []


def citation(reader: IndexReader, n: int, p: Passage, scored: list[tuple[Span, float]]) -> Citation:
    """Citation ``[n]`` of passage ``p``; its best sentence is highlighted, and the second
    best too when within ``highlight_margin`` of it."""
    margin = reader.settings.ranking.highlight_margin
    ranked = sorted(scored, key=lambda x: -x[1])
    marks: list[Span] = []
    if ranked:
        top_score = ranked[0][1]
        marks = sorted(span for span, sc in ranked[:2] if sc >= top_score - margin)
    # Section and page of the chunk holding the answering sentence, else of the best hit.
    where = p.hit_at(ranked[0][0][0]) if ranked else p.hits[0]
    best = p.hits[0]
    return Citation(
        n=n,
        doc=best.doc,
        passage=p.text,
        start=p.start,
        end=p.end,
        section=where.section,
        page=where.page,
        highlights=tuple(marks),
        score=best.score,
        cites=cites(reader.conn, p.doc_rowid),
        cited_by=cited_by(reader.conn, best.doc.number_key),
    )
