"""The dense side: the question's vector (accents restored, English feedback) and the
passages nearest to it in FAISS. Uses store/ (vectors, accent forms)."""

from __future__ import annotations

import numpy as np

from index.retrieval.query import ParsedQuery
from index.store import queries, vectors
from index.store.accents import restore
from index.store.reader import IndexReader


def dense_text(reader: IndexReader, q: ParsedQuery) -> str:
    """What the model embeds for the question: unaccented Vietnamese gets its accents back."""
    if q.language != "vi_plain":
        return q.text
    return restore(reader.conn, q.text).text


def dense_candidates(reader: IndexReader, qv: np.ndarray, allowed: set[int] | None, n: int) -> list[int]:
    """Chunk ids of the ``n`` passages nearest to ``qv`` (within the allowed documents)."""
    if allowed is None:
        return [i for i, _ in vectors.search(reader.faiss_index, qv, n)]
    ids = queries.chunk_ids_of(reader.conn, allowed)
    return [i for i, _ in vectors.search_subset(reader.faiss_index, qv, ids)[:n]]


def feedback_vector(
    reader: IndexReader, qv: np.ndarray, allowed: set[int] | None, m: int, weight: float
) -> np.ndarray:
    """The question's vector moved toward the mean of its ``m`` nearest passages (Rocchio
    pseudo-relevance feedback). An English question sits far from the Vietnamese passages
    in the model's space; its nearest passages, even when not the answer, are Vietnamese
    text on its subject, and the mix ranks the archive more like a Vietnamese question."""
    ids = dense_candidates(reader, qv, allowed, m)
    if not ids:
        return qv
    mixed = qv + weight * np.mean([reader.faiss_index.reconstruct(int(i)) for i in ids], axis=0)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32)


def search_vector(reader: IndexReader, q: ParsedQuery, allowed: set[int] | None) -> np.ndarray:
    """The vector the archive is searched with: the question's own, moved toward its
    nearest passages for English questions (``en_feedback``)."""
    s = reader.settings.ranking
    qv = reader.embed_query(dense_text(reader, q))
    if q.language == "en" and s.en_feedback > 0:
        qv = feedback_vector(reader, qv, allowed, s.feedback_passages, s.en_feedback)
    return qv
