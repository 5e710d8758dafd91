"""Which passage of a document answers: all its passages scored against the question.

Fusion ranks passages across the archive, where a document's own subject words
("bí mật nhà nước" in a plan on state secrets) make every one of its passages look
alike and the words that tell them apart ("chủ trì … đôn đốc") are too common
archive-wide to be searched at all. Inside one document the counts are turned
around: BM25 with inverse frequencies counted over that document's passages, so
its subject weighs nothing and the question's other words and word pairs decide.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from corpus.dates import without_dates
from corpus.vietnamese import fold, words
from index.retrieval.fusion import Candidate
from index.retrieval.passage_facts import spaced_words
from index.retrieval.query import VI_STOP_FOLDED, ParsedQuery
from index.store import queries, vectors
from index.store.queries import ChunkRow
from index.store.reader import IndexReader

K1, B = 1.2, 0.75  # BM25's usual constants


def question_keys(
    q: ParsedQuery, extra_terms: set[str] = frozenset()
) -> tuple[set[str], dict[str, set[str]]]:
    """The folded words and adjacent word pairs a passage is matched on. Dates are left
    out: they choose documents (``fusion.date_bonus``), and inside a document the
    passages that repeat the date are its opening, not its answer."""
    tokens = words(fold(without_dates(q.text)))
    unigrams = ({fold(t) for t in q.terms} & set(tokens)) - VI_STOP_FOLDED
    pairs: dict[str, set[str]] = {}
    for a, b in zip(tokens, tokens[1:]):
        if not (a in VI_STOP_FOLDED and b in VI_STOP_FOLDED):
            pairs.setdefault(a, set()).add(b)
    for term in extra_terms:  # an English question's Vietnamese terms ("vac xin")
        syllables = words(term)
        unigrams |= set(syllables) - VI_STOP_FOLDED
        for a, b in zip(syllables, syllables[1:]):
            pairs.setdefault(a, set()).add(b)
    return unigrams, pairs


def lexical_scores(
    q: ParsedQuery, folded: dict[int, str], extra_terms: set[str] = frozenset()
) -> dict[int, float]:
    """BM25 of each passage (chunk id → folded text, as the FTS column holds it) against
    the question, with inverse frequencies counted over these passages only."""
    unigrams, pairs = question_keys(q, extra_terms)
    keys = list(unigrams) + [f"{a} {b}" for a, followers in pairs.items() for b in followers]
    bags: dict[int, tuple[Counter, int]] = {}
    for cid, text in folded.items():
        # Counted by substring over the passage's remembered words (a word repeated right
        # after itself counts once: "x a a y").
        spaced = spaced_words(text)
        bag: Counter = Counter({k: n for k in keys if (n := spaced.count(f" {k} "))})
        bags[cid] = (bag, spaced.count(" ") - 1)
    n = len(bags)
    if not n:
        return {}
    avg = sum(length for _, length in bags.values()) / n or 1.0
    df: Counter = Counter(t for bag, _ in bags.values() for t in bag)
    idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    return {
        cid: sum(idf[t] * f * (K1 + 1) / (f + K1 * (1 - B + B * length / avg)) for t, f in bag.items())
        for cid, (bag, length) in bags.items()
    }


def passage_order(dense: list[tuple[int, float]], lexical: dict[int, float], weight: float) -> list[int]:
    """Chunk ids best first: cosine + ``weight`` × lexical score as a share of the
    document's best (cosines inside one document differ by a few hundredths, so the
    share is scaled to that range by ``weight``)."""
    best = max(lexical.values(), default=0.0) or 1.0
    score = {cid: cos + weight * lexical.get(cid, 0.0) / best for cid, cos in dense}
    return sorted(score, key=lambda cid: -score[cid])


def focus_documents(ranked: list[Candidate], rows: dict[int, ChunkRow], n: int) -> list[int]:
    """The first ``n`` distinct documents (row ids) of the ranking."""
    docs: list[int] = []
    for c in ranked:
        if len(docs) == n:
            break
        if rows[c.chunk_id].doc not in docs:
            docs.append(rows[c.chunk_id].doc)
    return docs


def orders_in_documents(
    reader: IndexReader, q: ParsedQuery, qv: np.ndarray, docs: list[int], use_lexical: bool
) -> dict[int, list[int]]:
    """For each document in ``docs``: all its passages (chunk ids) best first, scored
    inside the document. The answer often sits in a passage that neither retriever put
    among its candidates: the document's subject words are in all its passages, so
    archive-wide they do not tell the passage that answers from its neighbours."""
    r = reader.settings.ranking
    orders: dict[int, list[int]] = {}
    for doc in docs:
        folded = queries.folded_passages(reader.conn, doc, r.max_focus_passages + 1)
        if len(folded) > r.max_focus_passages:
            continue  # a huge file: its candidates keep their fused order
        dense = vectors.search_subset(reader.faiss_index, qv, list(folded))
        lexical = lexical_scores(q, folded) if use_lexical else {}
        orders[doc] = passage_order(dense, lexical, r.focus_lexical)
    return orders


def passages_by_question(
    ranked: list[Candidate], rows: dict[int, ChunkRow], base: dict[int, float], orders: dict[int, list[int]]
) -> list[Candidate]:
    """Dates pick documents, the question's words pick passages: each document keeps the
    places its passages won in ``ranked`` (date bonuses included), but its passages fill
    them in their order inside the document (``orders``, all its passages) or else in the
    order of their scores without the date bonus. Otherwise the passage that merely
    repeats the date (often the document's opening) is cited before the answer."""
    by_doc: dict[int, list[Candidate]] = {}
    for c in ranked:
        by_doc.setdefault(rows[c.chunk_id].doc, []).append(c)
    known = {c.chunk_id: c for c in ranked}
    for doc, group in by_doc.items():
        if doc in orders:
            group[:] = [known.get(cid) or Candidate(cid) for cid in orders[doc]]
        else:
            group.sort(key=lambda c: -base[c.chunk_id])
    out = []
    for c in ranked:
        chosen = by_doc[rows[c.chunk_id].doc].pop(0)
        if chosen.chunk_id not in known:
            chosen.score = c.score  # a passage no retriever found takes its place's score
        out.append(chosen)
    return out
