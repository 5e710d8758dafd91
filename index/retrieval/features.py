"""The evidence about each candidate passage, as numbers a learned ranker weighs.

One row per passage of the ``Pool``; the columns are ``FEATURES`` in order. Every value
is computed from the question, the passage and its document at question time (no
question is known in advance): similarities, retriever ranks and scores, in-document
BM25, word and word-pair coverage, the document named or cited, dates, position, and
whether the passage holds the kind of answer the question wants. The last columns place each
passage among its own document's candidates (``WITHIN_DOCUMENT``, ``DOCUMENT_CONTRAST``): most
first-passage misses cite the right document's wrong article, a choice the pool-wide values alone
leave to the trees. ``SENTENCE_KIND`` reads the sentences that hold an answer kind, which the
build stores per passage (``index.store.chunk_facts``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from corpus.answer_kinds import Holds, SentenceKinds
from corpus.vietnamese import fold, words
from index.retrieval import answer_type, passage_facts
from index.retrieval.candidates import Pool
from index.retrieval.fusion import issued_then, mentions_dates
from index.retrieval.lexical import idf
from index.retrieval.query import VI_STOP_FOLDED
from index.store import queries
from index.store.reader import IndexReader

BASE_FEATURES: tuple[str, ...] = (
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
    "places_named",
    "place_in_doc",
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
    "cos_adapted",
    "adapted_gap",
)
# Base columns a passage is also measured on against the best of its own document's
# candidates: how far under that best (…_under_doc_best) and its rank there (…_doc_rank,
# 0 = the document's best). Training questions, paired 5-fold over three seeds: CV chunk@1
# +0.7 to +1.0 and chunk@5 +0.7 to +1.1 in every seed (docs/BENCHMARKS.md, "Within the document").
WITHIN_DOCUMENT: tuple[str, ...] = (
    "cos_own",
    "cos_search",
    "cos_rendering",
    "cos_adapted",
    "lexical_share",
    "glossary_share",
    "in_document",
    "cover_words",
    "cover_pairs",
    "cover_glossary",
    "type_match",
    "fused",
)
# What sets a passage apart from its own document's other candidates: the question's keys (its
# words, weighted by idf; English: the glossary's terms), each weighted by the share of the
# document's candidates that do not hold it. A key every article of the document holds names the
# document's subject, not the article that answers. Training questions, paired 5-fold over three
# seeds: CV chunk@1 +1.2 to +1.5 in every seed (docs/BENCHMARKS.md, "Keys the document's other
# passages lack").
DOCUMENT_CONTRAST: tuple[str, ...] = ("contrast_cover", "contrast_cover_doc_rank")
# The answer beside the question's words in one sentence: a "how many / by when / who" question's
# keys and the number, date or body it asks for in the same sentence ("đơn giản hóa 53 thủ tục"),
# not merely somewhere in the passage; and its rank within the passage's document.
SENTENCE_KIND: tuple[str, ...] = ("kind_sentence_cover", "kind_sentence_cover_doc_rank")
FEATURES: tuple[str, ...] = (
    BASE_FEATURES
    + tuple(f"{n}_under_doc_best" for n in WITHIN_DOCUMENT)
    + tuple(f"{n}_doc_rank" for n in WITHIN_DOCUMENT)
    + DOCUMENT_CONTRAST
    + SENTENCE_KIND
)
_CONTRAST = [FEATURES.index(n) for n in DOCUMENT_CONTRAST]
_SENTENCE_KIND = [FEATURES.index(n) for n in SENTENCE_KIND]
_TYPE_MATCH = FEATURES.index("type_match")
_WITHIN_SOURCE = [BASE_FEATURES.index(n) for n in WITHIN_DOCUMENT]
_MISSING_RANK = 1000  # a retriever that did not list the passage


def _log_rank(rank: int | None) -> float:
    return math.log1p(rank if rank else _MISSING_RANK)


def passage_vectors(reader: IndexReader, ids: list[int]) -> np.ndarray:
    index = reader.faiss_index
    return np.vstack([index.reconstruct(int(i)) for i in ids]) if ids else np.zeros((0, 1), np.float32)


def _cosines(matrix: np.ndarray, vectors: list[np.ndarray | None]) -> list[np.ndarray]:
    return [matrix @ v if v is not None else np.zeros(len(matrix), np.float32) for v in vectors]


def adapted_columns(passages: np.ndarray, adapted: np.ndarray) -> np.ndarray:
    """(candidates, 2): cosine to the adapted question vector (cos_adapted) and its gap to
    the best candidate's (adapted_gap). Without an adapter or tower, ``adapted`` is the
    plain search vector."""
    cos = passages @ adapted
    return np.stack([cos, cos.max() - cos], axis=1) if len(cos) else np.zeros((0, 2), np.float32)


def _descending_ranks(values: np.ndarray) -> np.ndarray:
    """Each value's rank down its column, 0 for the largest; ties keep row order."""
    return np.argsort(np.argsort(-values, axis=0, kind="stable"), axis=0, kind="stable")


def set_within_document(matrix: np.ndarray, docs: np.ndarray) -> None:
    """Fill ``matrix``'s within-document columns from its base columns, in place (again
    whenever a base column changes: training sets each fold's tower columns afterwards).
    ``docs``: each row's document."""
    base = len(BASE_FEATURES)
    width = len(WITHIN_DOCUMENT)
    for doc in np.unique(docs):
        rows = np.flatnonzero(docs == doc)
        values = matrix[np.ix_(rows, _WITHIN_SOURCE)]
        matrix[np.ix_(rows, range(base, base + width))] = values.max(axis=0) - values
        matrix[np.ix_(rows, range(base + width, base + 2 * width))] = _descending_ranks(values)


def contrast_columns(held: np.ndarray, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """(rows, 2): ``DOCUMENT_CONTRAST`` from ``held`` (rows × keys, 1 where the passage holds
    the key), the keys' ``weights`` and each row's document. A document with one candidate
    weighs its keys as they are; its rank column is 0 (its own best)."""
    out = np.zeros((len(docs), 2), dtype=np.float32)
    if held.shape[1] == 0:
        return out
    for doc in np.unique(docs):
        rows = np.flatnonzero(docs == doc)
        w = weights * (1 - held[rows].mean(axis=0)) if len(rows) > 1 else weights
        total = w.sum()
        cover = held[rows] @ w / total if total > 0 else np.zeros(len(rows))
        out[rows, 0] = cover
        out[rows, 1] = _descending_ranks(cover)
    return out


def _keys(pool: Pool, ctx: _Context) -> list[tuple[tuple[str, ...], float]]:
    """The question's keys as (alternative folded forms, weight): its words weighted by idf;
    English: the glossary's terms, each weighing 1."""
    if pool.q.language == "en":
        return [(forms, 1.0) for forms in ctx.gloss_forms if forms]
    return [((t,), w) for t, w in ctx.weights.items() if w > 0]


def _held_keys(
    pool: Pool, keys: list[tuple[tuple[str, ...], float]], ids: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the question's ``keys`` each candidate holds, and the keys' weights."""
    spaced = [passage_facts.spaced_words(pool.folded.get(cid, "")) for cid in ids]
    held = np.array(
        [[float(any(f" {x} " in s for x in forms)) for forms, _ in keys] for s in spaced], dtype=np.float64
    ).reshape(len(ids), len(keys))
    return held, np.array([w for _, w in keys], dtype=np.float64)


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


@dataclass
class _Context:
    """What every row of one question's matrix is measured against."""

    cos: dict[int, float]  # chunk id → cosine to the search vector
    best_cos: float
    doc_of: dict[int, int]
    doc_best: dict[int, float]  # document → its best passage cosine
    doc_order: dict[int, int]  # document → rank in the hand-set order
    doc_count: dict[int, int]  # document → its passages in that order
    fused_rank: dict[int, int]
    lex_best: float
    gloss_best: float
    weights: dict[str, float]  # question word → idf
    total_weight: float
    pairs: set[tuple[str, str]]
    gloss_forms: list[tuple[str, ...]]
    wants: answer_type.Wants
    places: int  # provinces the question names
    place_share: dict[int, float]  # document → share of those it mentions


def _context(
    reader: IndexReader, pool: Pool, ids: list[int], search: np.ndarray, docs: np.ndarray
) -> _Context:
    cos = dict(zip(ids, search.tolist()))
    doc_of = dict(zip(ids, docs.tolist()))
    doc_best: dict[int, float] = {}
    for cid, c in cos.items():
        doc_best[doc_of[cid]] = max(doc_best.get(doc_of[cid], -1.0), c)
    doc_order: dict[int, int] = {}
    doc_count: dict[int, int] = {}
    for cid in pool.first:
        doc_order.setdefault(doc_of[cid], len(doc_order) + 1)
        doc_count[doc_of[cid]] = doc_count.get(doc_of[cid], 0) + 1
    keys, pairs = _question_keys(pool)
    weights = _weights(reader, keys)
    places = pool.q.places
    place_share: dict[int, float] = {}
    for mention in places:
        for doc in queries.documents_mentioning(reader.conn, list(mention.place.forms), set(doc_best)):
            place_share[doc] = place_share.get(doc, 0.0) + 1 / len(places)
    return _Context(
        cos=cos,
        best_cos=max(cos.values()),
        doc_of=doc_of,
        doc_best=doc_best,
        doc_order=doc_order,
        doc_count=doc_count,
        fused_rank={cid: i + 1 for i, cid in enumerate(pool.first)},
        lex_best=max((s for _, s in pool.lexical.values()), default=0.0) or 1.0,
        gloss_best=max((s for _, s in pool.glossary.values()), default=0.0) or 1.0,
        weights=weights,
        total_weight=sum(weights.values()) or 1.0,
        pairs=pairs,
        gloss_forms=[t.folded for t in pool.terms],
        wants=answer_type.question_wants(pool.q.text, pool.q.language),
        places=len(places),
        place_share=place_share,
    )


def _retrieval_row(pool: Pool, ctx: _Context, cid: int) -> tuple[float, ...]:
    """Retriever ranks and scores (cosine_gap … in_focus)."""
    lex_rank, lex_score = pool.lexical.get(cid, (None, 0.0))
    gloss_rank, gloss_score = pool.glossary.get(cid, (None, 0.0))
    doc = ctx.doc_of[cid]
    return (
        ctx.best_cos - ctx.cos[cid],
        ctx.doc_best[doc] - ctx.cos[cid],
        _log_rank(pool.dense_rank.get(cid)),
        _log_rank(pool.rendering_rank.get(cid)),
        _log_rank(lex_rank),
        lex_score / ctx.lex_best,
        _log_rank(gloss_rank),
        gloss_score / ctx.gloss_best,
        pool.fused.get(cid, 0.0),
        _log_rank(ctx.fused_rank.get(cid)),
        pool.in_document.get(cid, 0.0),
        float(doc in pool.focus),
    )


def _document_row(pool: Pool, ctx: _Context, cid: int) -> tuple[float, ...]:
    """Its document's standing and evidence, and its place in it (doc_rank … place_in_doc)."""
    doc, row = ctx.doc_of[cid], pool.rows[cid]
    date_doc, date_text = _date_features(pool, cid)
    return (
        _log_rank(ctx.doc_order.get(doc)),
        math.log1p(ctx.doc_count.get(doc, 0)),
        ctx.best_cos - ctx.doc_best[doc],
        float(doc in pool.named),
        float(doc in pool.citing),
        date_doc,
        date_text,
        math.log1p(row.ordinal),
        float(row.ordinal == 0),
        len(row.text) / 1000,
        float(ctx.places),
        ctx.place_share.get(doc, 0.0),
    )


def _text_row(pool: Pool, ctx: _Context, cid: int, stored: Holds | None) -> tuple[float, ...]:
    """The question's words and kind of answer in the passage (cover_words … question_words)."""
    folded = pool.folded.get(cid, "")
    spaced = passage_facts.spaced_words(folded)
    # Counted by the build (index.store.chunk_facts); an index built before the table counts here.
    holds = stored if stored is not None else passage_facts.holds(pool.rows[cid].text, folded)
    wants, forms = ctx.wants, ctx.gloss_forms
    return (
        sum(w for t, w in ctx.weights.items() if f" {t} " in spaced) / ctx.total_weight,
        sum(1 for a, b in ctx.pairs if f" {a} {b} " in spaced) / len(ctx.pairs) if ctx.pairs else 0.0,
        sum(1 for f in forms if any(f" {x} " in spaced for x in f)) / len(forms) if forms else 0.0,
        float(wants.who),
        float(wants.when),
        float(wants.amount),
        float(wants.number),
        answer_type.match(wants, holds),
        math.log1p(holds.when),
        math.log1p(holds.amount),
        math.log1p(holds.number),
        math.log1p(holds.who),
        float(pool.q.language == "en"),
        float(pool.q.language == "vi_plain"),
        float(len(ctx.weights)),
    )


def feature_matrix(
    reader: IndexReader, pool: Pool, adapted: np.ndarray | None = None, passages: np.ndarray | None = None
) -> tuple[list[int], np.ndarray]:
    """(chunk ids, matrix with one row per passage and one column per ``FEATURES`` name).
    ``adapted``: the question's vector as the ranker's tower or adapter gives it (default the
    search vector); ``passages``: the candidates' vectors when the caller has them already."""
    ids = pool.ids
    if not ids:
        return [], np.zeros((0, len(FEATURES)), dtype=np.float32)
    passages = passage_vectors(reader, ids) if passages is None else passages
    vectors = [pool.own_vector, pool.search_vector, pool.rendering_vector]
    own, search, rendering = _cosines(passages, vectors)
    adapted = adapted_columns(passages, pool.search_vector if adapted is None else adapted)
    docs = document_of(pool, ids)
    ctx = _context(reader, pool, ids, search, docs)
    holds = reader.stored_holds(ids)
    within = (0.0,) * (len(FEATURES) - len(BASE_FEATURES))
    rows = [
        (float(own[i]), float(search[i]), float(rendering[i]))
        + _retrieval_row(pool, ctx, cid)
        + _document_row(pool, ctx, cid)
        + _text_row(pool, ctx, cid, holds.get(cid))
        + (float(adapted[i, 0]), float(adapted[i, 1]))
        + within
        for i, cid in enumerate(ids)
    ]
    matrix = np.asarray(rows, dtype=np.float32)
    set_within_document(matrix, docs)
    keys = _keys(pool, ctx)
    held, weights = _held_keys(pool, keys, ids)
    matrix[:, _CONTRAST] = contrast_columns(held, weights, docs)
    # Sentences are read only in passages that hold a key and the kind of answer wanted: any
    # other passage's value is 0 without them (a sentence holds no key its passage lacks).
    worth = [cid for i, cid in enumerate(ids) if held[i].any() and matrix[i, _TYPE_MATCH] > 0]
    found = passage_facts.sentence_kinds_of(reader, {cid: pool.rows[cid].text for cid in worth})
    matrix[:, _SENTENCE_KIND] = sentence_kind_columns(
        [found.get(cid, ()) for cid in ids], keys, held, ctx.wants, docs
    )
    return ids, matrix


def sentence_kind_columns(
    found: list[tuple[SentenceKinds, ...]],
    keys: list[tuple[tuple[str, ...], float]],
    held: np.ndarray,
    wants: answer_type.Wants,
    docs: np.ndarray,
) -> np.ndarray:
    """(rows, 2): ``SENTENCE_KIND`` for passages whose sentences holding some kind of answer
    are ``found``: the best share of the keys' weight one sentence holds beside the kind of
    answer the question wants (0 when it wants none or the sentence holds none of it), and
    that value's rank within each row's document. ``held``: (rows × keys) 1 where the passage
    holds the key (a sentence holds no key its passage lacks)."""
    out = np.zeros((len(found), 2), dtype=np.float32)
    total = sum(w for _, w in keys)
    if not wants.any() or total <= 0:
        return out
    for i, in_sentences in enumerate(found):
        if in_sentences:
            candidates = [keys[j] for j in np.flatnonzero(held[i])]
            out[i, 0] = answer_type.kind_cover(in_sentences, wants, candidates, total)
    for doc in np.unique(docs):
        rows = np.flatnonzero(docs == doc)
        out[rows, 1] = _descending_ranks(out[rows, 0])
    return out


def document_of(pool: Pool, ids: list[int]) -> np.ndarray:
    """Each candidate's document (its row id in the index), in ``ids``'s order."""
    return np.array([pool.rows[cid].doc for cid in ids], dtype=np.int64)
