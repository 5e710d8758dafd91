"""The evidence about each candidate passage, as numbers a learned ranker weighs.

One row per passage of the ``Pool``; the columns are ``FEATURES`` in order. Every value
is computed from the question, the passage and its document at question time (no
question is known in advance): similarities, retriever ranks and scores, in-document
BM25, word and word-pair coverage, the document named or cited, dates, position, and
whether the passage holds the kind of answer the question wants.
"""

from __future__ import annotations

import math

import numpy as np

from corpus.vietnamese import fold, words
from index.retrieval import answer_type, passage_facts
from index.retrieval.candidates import Pool
from index.retrieval.fusion import issued_then, mentions_dates
from index.retrieval.lexical import idf
from index.retrieval.query import VI_STOP_FOLDED
from index.store import queries
from index.store.reader import IndexReader

FEATURES: tuple[str, ...] = (
    "cos_own",
    "cos_search",
    "cos_rendering",
    "cos_gap",
    "cos_doc_gap",
    "dense_rank",
    "rendering_rank",
    "lexical_rank",
    "lexical_share",
    "glossary_rank",
    "glossary_share",
    "fused",
    "fused_rank",
    "in_document",
    "in_focus",
    "doc_rank",
    "doc_candidates",
    "doc_cos_gap",
    "named",
    "citing",
    "date_doc",
    "date_text",
    "position",
    "first_passage",
    "length",
    "cover_words",
    "cover_pairs",
    "cover_glossary",
    "wants_who",
    "wants_when",
    "wants_amount",
    "wants_number",
    "type_match",
    "holds_when",
    "holds_amount",
    "holds_number",
    "holds_who",
    "lang_en",
    "lang_plain",
    "question_words",
)
_MISSING_RANK = 1000  # a retriever that did not list the passage


def _log_rank(rank: int | None) -> float:
    return math.log1p(rank if rank else _MISSING_RANK)


def _cosines(reader: IndexReader, ids: list[int], vectors: list[np.ndarray | None]) -> list[np.ndarray]:
    index = reader.faiss_index
    matrix = np.vstack([index.reconstruct(int(i)) for i in ids]) if ids else np.zeros((0, 1), np.float32)
    return [matrix @ v if v is not None else np.zeros(len(ids), np.float32) for v in vectors]


def _question_keys(pool: Pool) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Folded question words with their idf weights, and adjacent word pairs."""
    tokens = words(fold(pool.q.text))
    content = [t for t in dict.fromkeys(fold(x) for x in pool.q.terms) if t not in VI_STOP_FOLDED]
    pairs = {(a, b) for a, b in zip(tokens, tokens[1:]) if not (a in VI_STOP_FOLDED and b in VI_STOP_FOLDED)}
    return {t: 1.0 for t in content}, pairs


def _weights(reader: IndexReader, keys: dict[str, float]) -> dict[str, float]:
    df = queries.term_frequencies(reader.conn, list(keys))
    rows = max(reader.chunk_count, 1)
    return {t: idf(df.get(t, 0), rows) if df.get(t) else 0.0 for t in keys}


def _date_features(pool: Pool, cid: int) -> tuple[float, float]:
    q = pool.q
    if not (q.dates or q.months):
        return 0.0, 0.0
    row = pool.rows[cid]
    return issued_then(q, row.info.issue_date), float(mentions_dates(row.text, q.dates, q.months))


def feature_matrix(reader: IndexReader, pool: Pool) -> tuple[list[int], np.ndarray]:
    """(chunk ids, matrix with one row per passage and one column per ``FEATURES`` name)."""
    ids = pool.ids
    if not ids:
        return [], np.zeros((0, len(FEATURES)), dtype=np.float32)
    own, search, rendering = _cosines(
        reader, ids, [pool.own_vector, pool.search_vector, pool.rendering_vector]
    )
    cos = dict(zip(ids, search.tolist()))
    best_cos = max(cos.values())
    doc_of = {cid: pool.rows[cid].doc for cid in ids}
    doc_best: dict[int, float] = {}
    for cid, c in cos.items():
        doc_best[doc_of[cid]] = max(doc_best.get(doc_of[cid], -1.0), c)
    doc_order: dict[int, int] = {}
    doc_count: dict[int, int] = {}
    for cid in pool.first:
        doc_order.setdefault(doc_of[cid], len(doc_order) + 1)
        doc_count[doc_of[cid]] = doc_count.get(doc_of[cid], 0) + 1
    fused_rank = {cid: i + 1 for i, cid in enumerate(pool.first)}
    lex_best = max((s for _, s in pool.lexical.values()), default=0.0) or 1.0
    gloss_best = max((s for _, s in pool.glossary.values()), default=0.0) or 1.0
    keys, pairs = _question_keys(pool)
    weights = _weights(reader, keys)
    total_weight = sum(weights.values()) or 1.0
    gloss_forms = [t.folded for t in pool.terms]
    wants = answer_type.question_wants(pool.q.text, pool.q.language)
    q = pool.q
    rows = []
    for i, cid in enumerate(ids):
        row = pool.rows[cid]
        folded = pool.folded.get(cid, "")
        spaced = passage_facts.spaced_words(folded)
        holds = passage_facts.holds(row.text, folded)
        lex_rank, lex_score = pool.lexical.get(cid, (None, 0.0))
        gloss_rank, gloss_score = pool.glossary.get(cid, (None, 0.0))
        date_doc, date_text = _date_features(pool, cid)
        rows.append(
            (
                float(own[i]),
                float(search[i]),
                float(rendering[i]),
                best_cos - cos[cid],
                doc_best[doc_of[cid]] - cos[cid],
                _log_rank(pool.dense_rank.get(cid)),
                _log_rank(pool.rendering_rank.get(cid)),
                _log_rank(lex_rank),
                lex_score / lex_best,
                _log_rank(gloss_rank),
                gloss_score / gloss_best,
                pool.fused.get(cid, 0.0),
                _log_rank(fused_rank.get(cid)),
                pool.in_document.get(cid, 0.0),
                float(doc_of[cid] in pool.focus),
                _log_rank(doc_order.get(doc_of[cid])),
                math.log1p(doc_count.get(doc_of[cid], 0)),
                best_cos - doc_best[doc_of[cid]],
                float(doc_of[cid] in pool.named),
                float(doc_of[cid] in pool.citing),
                date_doc,
                date_text,
                math.log1p(row.ordinal),
                float(row.ordinal == 0),
                len(row.text) / 1000,
                sum(w for t, w in weights.items() if f" {t} " in spaced) / total_weight,
                sum(1 for a, b in pairs if f" {a} {b} " in spaced) / len(pairs) if pairs else 0.0,
                sum(1 for forms in gloss_forms if any(f" {f} " in spaced for f in forms)) / len(gloss_forms)
                if gloss_forms
                else 0.0,
                float(wants.who),
                float(wants.when),
                float(wants.amount),
                float(wants.number),
                answer_type.match(wants, holds),
                math.log1p(holds.when),
                math.log1p(holds.amount),
                math.log1p(holds.number),
                math.log1p(holds.who),
                float(q.language == "en"),
                float(q.language == "vi_plain"),
                float(len(keys)),
            )
        )
    return ids, np.asarray(rows, dtype=np.float32)
