"""Candidates: every passage that may answer, with the evidence each retriever gave.

From the parsed question: the dense side (the question's vector; for English also its
vector moved toward its nearest passages and the vector of its Vietnamese rendering
through the glossary), the lexical side (folded BM25; for English the glossary's
Vietnamese terms), the documents it names by number and those citing them, and every
passage of the first documents (the answer often sits in a passage that neither
retriever ranked: a document's subject words are in all its passages). The hand-set
fusion of these lists is kept as one piece of evidence and as the first ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.retrieval import within_document
from index.retrieval.dense import dense_candidates, dense_text, feedback_vector
from index.retrieval.fusion import Candidate, apply_evidence, fuse, language_weights
from index.retrieval.glossary import Term, glossary_for, vietnamese_rendering
from index.retrieval.lexical import glossary_candidates, lexical_candidates
from index.retrieval.query import ParsedQuery
from index.store import queries, vectors
from index.store.queries import ChunkRow
from index.store.reader import IndexReader


@dataclass
class Pool:
    """The candidate passages of one question and what is known of each."""

    q: ParsedQuery
    own_vector: np.ndarray  # the question's own vector (accents restored)
    search_vector: np.ndarray  # moved toward its nearest passages (English), else the same
    rendering_vector: np.ndarray | None  # English: its Vietnamese rendering's vector
    terms: list[Term]  # English: the glossary's terms
    # The question tower's input: the Vietnamese rendering through the glossary for English
    # questions (what v12's tower was trained and measured on), else the text the model embeds
    # for the question (accents restored).
    text: str = ""
    dense_rank: dict[int, int] = field(default_factory=dict)
    rendering_rank: dict[int, int] = field(default_factory=dict)
    lexical: dict[int, tuple[int, float]] = field(default_factory=dict)  # rank, score
    glossary: dict[int, tuple[int, float]] = field(default_factory=dict)
    named: set[int] = field(default_factory=set)  # documents the question names
    citing: set[int] = field(default_factory=set)  # documents citing a named number
    fused: dict[int, float] = field(default_factory=dict)  # hand-set fusion, date bonus included
    first: list[int] = field(default_factory=list)  # chunk ids in the hand-set order
    focus: list[int] = field(default_factory=list)  # documents all of whose passages are in
    in_document: dict[int, float] = field(default_factory=dict)  # BM25 share inside its document
    rows: dict[int, ChunkRow] = field(default_factory=dict)
    folded: dict[int, str] = field(default_factory=dict)  # chunk id → folded text

    @property
    def ids(self) -> list[int]:
        return list(self.rows)


def named_documents(reader: IndexReader, q: ParsedQuery) -> tuple[set[int], set[int]]:
    """Documents the question names by number, and documents that cite those numbers."""
    from corpus.vietnamese import fold

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


def _vectors(reader: IndexReader, q: ParsedQuery, allowed: set[int] | None, terms: list[Term]):
    r = reader.settings.ranking
    question = dense_text(reader, q)
    own = reader.embed_query(question)
    moved, rendering, tower_text = own, None, question
    if q.language == "en":
        if r.en_feedback > 0:
            moved = feedback_vector(reader, own, allowed, r.feedback_passages, r.en_feedback)
        text = vietnamese_rendering(terms)
        if text:
            rendering = reader.embed_query(text)
            tower_text = text
    return tower_text, own, moved, rendering


def gather(reader: IndexReader, q: ParsedQuery, allowed: set[int] | None) -> Pool:
    """Every candidate passage of ``q`` within the ``allowed`` documents (None: all)."""
    r = reader.settings.ranking
    terms = glossary_for(r).terms(q.text) if q.language == "en" else []
    tower_text, own, moved, rendering = _vectors(reader, q, allowed, terms)
    pool = Pool(q, own, moved, rendering, terms, tower_text)
    pool.named, pool.citing = named_documents(reader, q)
    if allowed is not None:
        pool.named &= allowed
        pool.citing &= allowed
    dense = dense_candidates(reader, moved, allowed, r.candidates)
    lexical = lexical_candidates(reader, q, allowed, r.candidates)
    pool.dense_rank = {cid: i + 1 for i, cid in enumerate(dense)}
    pool.lexical = {cid: (i + 1, score) for i, (cid, score) in enumerate(lexical)}
    if rendering is not None:
        pool.rendering_rank = {
            cid: i + 1 for i, cid in enumerate(dense_candidates(reader, rendering, allowed, r.candidates))
        }
    if terms:
        found = glossary_candidates(reader, terms, allowed, r.candidates)
        pool.glossary = {cid: (i + 1, score) for i, (cid, score) in enumerate(found)}
    named = dense_candidates(reader, moved, pool.named, r.candidates) if pool.named else []
    weights = language_weights(q, r)
    cands = fuse(dense, [cid for cid, _ in lexical], named, weights, r)
    for cid in list(pool.rendering_rank) + list(pool.glossary):
        cands.setdefault(cid, Candidate(cid))
    if not cands:
        return pool
    rows = queries.chunk_rows(reader.conn, list(cands))
    ranked, _ = apply_evidence(q, cands, rows, pool.citing, r)
    pool.fused = {c.chunk_id: c.score for c in ranked}
    pool.first = [c.chunk_id for c in ranked]
    pool.focus = within_document.focus_documents(ranked, rows, r.pool_documents)
    for doc in pool.focus:
        folded = queries.folded_passages(reader.conn, doc, r.max_focus_passages + 1)
        if len(folded) > r.max_focus_passages:
            continue  # a huge file: only its retrieved passages compete
        scores = within_document.lexical_scores(q, folded, extra_terms=_folded_terms(terms))
        best = max(scores.values(), default=0.0) or 1.0
        shares = {cid: s / best for cid, s in scores.items()}
        dense = vectors.search_subset(reader.faiss_index, moved, list(folded))
        # The document's best passages by the in-document order join the candidates.
        for cid in within_document.passage_order(dense, scores, r.focus_lexical)[: r.pool_per_document]:
            pool.folded[cid] = folded[cid]
        pool.in_document.update(shares)
    missing = [cid for cid in pool.folded if cid not in rows]
    rows.update(queries.chunk_rows(reader.conn, missing))
    pool.rows = rows
    pool.folded.update(queries.folded_texts(reader.conn, [cid for cid in rows if cid not in pool.folded]))
    return pool


def _folded_terms(terms: list[Term]) -> set[str]:
    return {form for t in terms for form in t.folded}
