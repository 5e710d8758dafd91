"""Retrieval, stage by stage: parse → candidates (dense, lexical, named documents, whole
first documents; ``candidates.gather``) → features → learned ranker → de-duplicate → ``Hit``.

With ``ranking.ranker = "fusion"`` the hand-set order the ranker replaced is used instead:
weighted reciprocal rank fusion, date and number bonuses, and the first documents'
passages re-ordered inside each document.

``search`` parses the question; ``search_parsed`` takes one parsed already (``ask``
parses once and passes it on).
"""

from __future__ import annotations

from index.records import Filters, Hit
from index.retrieval import within_document
from index.retrieval.candidates import Pool, gather
from index.retrieval.dense import dense_candidates
from index.retrieval.distinct import distinct
from index.retrieval.features import document_of, feature_matrix
from index.retrieval.fusion import Candidate, apply_evidence, fuse, language_weights
from index.retrieval.query import ParsedQuery, parse_query
from index.retrieval.ranker import Ranker, index_ranker
from index.store import queries
from index.store.manifest import check_ranker
from index.store.queries import ChunkRow
from index.store.reader import IndexReader


def search(reader: IndexReader, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
    """The top ``k`` passages for ``query``. Raises EmptyQuery for punctuation-only input."""
    return search_parsed(reader, parse_query(query), k, filters)


def search_parsed(
    reader: IndexReader, q: ParsedQuery, k: int, filters: Filters | None = None, ranker: Ranker | None = None
) -> list[Hit]:
    """``ranker``: default the configured one (None with ``ranker = "fusion"``)."""
    ranker = ranker or index_ranker(reader)
    with reader.snapshot():
        allowed = queries.allowed_docs(reader.conn, filters or Filters())
        pool = gather(reader, q, allowed)
        if not pool.rows:
            return []
        ranked = learned_order(reader, pool, ranker) if ranker is not None else fusion_order(reader, pool)
        kept = distinct(ranked, pool.rows, k, reader.settings.ranking)
        return [_hit(pool.rows[c.chunk_id], c) for c in kept]


def learned_order(reader: IndexReader, pool: Pool, ranker: Ranker) -> list[Candidate]:
    """Every candidate, best first by the learned ranker's score."""
    if reader.manifest is not None and ranker.fingerprint:
        check_ranker(reader.manifest, ranker.fingerprint)
    ids, matrix = feature_matrix(
        reader, pool, ranker.question_vector(reader.settings, pool.text, pool.search_vector)
    )
    scores = ranker.score(matrix, document_of(pool, ids))
    order = sorted(range(len(ids)), key=lambda i: -scores[i])
    return [_candidate(pool, ids[i], float(scores[i])) for i in order]


def fusion_order(reader: IndexReader, pool: Pool) -> list[Candidate]:
    """The hand-set order: fused reciprocal ranks with date and number bonuses; each of the
    first documents keeps the places its passages won, filled in its in-document order."""
    r = reader.settings.ranking
    q = pool.q
    # The named document's passages compete among themselves, ranked by the dense model.
    named = dense_candidates(reader, pool.search_vector, pool.named, r.candidates) if pool.named else []
    dense = sorted(pool.dense_rank, key=pool.dense_rank.__getitem__)
    lexical = sorted(pool.lexical, key=lambda cid: pool.lexical[cid][0])
    weights = language_weights(q, r)
    cands = fuse(dense, lexical, named, weights, r)
    rows = {cid: pool.rows[cid] for cid in cands}
    ranked, base = apply_evidence(q, cands, rows, pool.citing, r)
    focus = within_document.focus_documents(ranked, rows, r.focus_documents)
    orders = within_document.orders_in_documents(
        reader, q, pool.search_vector, focus, use_lexical=weights[1] > 0
    )
    ranked = within_document.passages_by_question(ranked, rows, base, orders)
    missing = [c.chunk_id for c in ranked if c.chunk_id not in pool.rows]
    pool.rows.update(queries.chunk_rows(reader.conn, missing))
    return ranked


def _candidate(pool: Pool, cid: int, score: float) -> Candidate:
    lexical = pool.lexical.get(cid)
    return Candidate(cid, score, pool.dense_rank.get(cid), lexical[0] if lexical else None)


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
