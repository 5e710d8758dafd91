"""Retrieval, stage by stage: parse → candidates (dense, lexical, named documents) →
fuse → evidence (citing, dates) → order inside documents → de-duplicate → ``Hit``.

``search`` parses the question; ``search_parsed`` takes one parsed already (``ask``
parses once and passes it on).
"""

from __future__ import annotations

from corpus.vietnamese import fold
from index.records import Filters, Hit
from index.retrieval import within_document
from index.retrieval.dense import dense_candidates, search_vector
from index.retrieval.distinct import distinct
from index.retrieval.fusion import Candidate, apply_evidence, fuse, language_weights
from index.retrieval.lexical import lexical_candidates
from index.retrieval.query import ParsedQuery, parse_query
from index.store import queries
from index.store.queries import ChunkRow
from index.store.reader import IndexReader


def search(reader: IndexReader, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
    """The top ``k`` passages for ``query``. Raises EmptyQuery for punctuation-only input."""
    return search_parsed(reader, parse_query(query), k, filters)


def search_parsed(reader: IndexReader, q: ParsedQuery, k: int, filters: Filters | None = None) -> list[Hit]:
    with reader.snapshot():
        return _retrieve(reader, q, k, filters or Filters())


def named_documents(reader: IndexReader, q: ParsedQuery) -> tuple[set[int], set[int]]:
    """Documents the question names by number, and documents that cite those numbers."""
    conn = reader.conn
    targets: set[int] = set()
    for key in q.number_keys:
        targets |= queries.documents_numbered(conn, key)
    for doc_type_folded, num in q.bare_numbers:
        for rowid, doc_type in queries.documents_with_bare_number(conn, num):
            if doc_type and fold(doc_type) == doc_type_folded:
                targets.add(rowid)
    citing: set[int] = set()
    for key in q.number_keys:
        citing |= queries.documents_citing(conn, key)
    return targets, citing - targets


def _retrieve(reader: IndexReader, q: ParsedQuery, k: int, filters: Filters) -> list[Hit]:
    r = reader.settings.ranking
    allowed = queries.allowed_docs(reader.conn, filters)
    targets, citing = named_documents(reader, q)
    if allowed is not None:
        targets &= allowed
        citing &= allowed
    weights = language_weights(q, r)
    qv = search_vector(reader, q, allowed)
    dense = dense_candidates(reader, qv, allowed, r.candidates)
    lexical = lexical_candidates(reader, q, allowed, r.candidates)
    # The named document's passages compete among themselves, ranked by the dense model.
    named = dense_candidates(reader, qv, targets, r.candidates) if targets else []
    cands = fuse(dense, lexical, named, weights, r)
    if not cands:
        return []
    rows = queries.chunk_rows(reader.conn, list(cands))
    ranked, base = apply_evidence(q, cands, rows, citing, r)
    focus = within_document.focus_documents(ranked, rows, r.focus_documents)
    orders = within_document.orders_in_documents(reader, q, qv, focus, use_lexical=weights[1] > 0)
    ranked = within_document.passages_by_question(ranked, rows, base, orders)
    missing = [c.chunk_id for c in ranked if c.chunk_id not in rows]
    rows.update(queries.chunk_rows(reader.conn, missing))
    return [_hit(rows[c.chunk_id], c) for c in distinct(ranked, rows, k, r)]


def _hit(row: ChunkRow, c: Candidate) -> Hit:
    return Hit(
        chunk_id=row.chunk_id,
        doc=row.info,
        ordinal=row.ordinal,
        text=row.text,
        start=row.start,
        end=row.end,
        section=row.section,
        page=row.page,
        heading=row.heading,
        score=c.score,
        dense_rank=c.dense_rank,
        lexical_rank=c.lexical_rank,
    )
