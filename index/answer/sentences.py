"""Which sentences of the cited passages answer: each scored against the question (dense
similarity plus question-term overlap), and whether the best one answers well enough."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from config import Ranking
from corpus.sentences import sentences
from corpus.vietnamese import fold, words
from index.retrieval import answer_type
from index.retrieval.query import ParsedQuery
from index.store.reader import IndexReader

Span = tuple[int, int]


@dataclass(frozen=True)
class ScoredSentences:
    """Per passage, its sentences as (span, score); the best dense and lexical evidence."""

    per_passage: list[list[tuple[Span, float]]]
    best_dense: float
    best_lexical: float


def lexical_overlap(terms: set[str], sentence: str) -> float:
    """Share of the question's folded terms found in the sentence."""
    if not terms:
        return 0.0
    present = set(words(fold(sentence)))
    return len(terms & present) / len(terms)


def score_sentences(reader: IndexReader, qv: np.ndarray, texts: list[str], q: ParsedQuery) -> ScoredSentences:
    """Sentence vectors cost ~10 ms each on a CPU: only the first ``dense_sentence_passages``
    passages get them (dense similarity plus a little folded-term overlap, which carries
    unaccented questions the model reads poorly); the rest are highlighted by the
    question's words alone. A sentence holding the kind of answer the question wants (a
    body, a date, an amount, a number) gains up to ``answer_type_weight``."""
    r = reader.settings.ranking
    terms = {fold(t) for t in q.terms}
    wants = answer_type.question_wants(q.text, q.language)
    spans = [sentences(t) for t in texts]
    overlaps = [[lexical_overlap(terms, t[a:b]) for a, b in sp] for t, sp in zip(texts, spans)]
    bonus = [[_type_bonus(wants, t[a:b], r) for a, b in sp] for t, sp in zip(texts, spans)]
    n = r.dense_sentence_passages
    lex_w = 0.0 if q.language == "en" else r.sentence_lexical_weight
    dense = _dense_cosines(reader, qv, texts[:n], spans[:n])
    scored = [
        [(span, cos + lex_w * ov + b) for span, cos, ov, b in zip(sp, cs, ovs, bs)]
        for sp, cs, ovs, bs in zip(spans[:n], dense, overlaps[:n], bonus[:n])
    ]
    scored += [
        [(span, ov + b) for span, ov, b in zip(sp, ovs, bs)]
        for sp, ovs, bs in zip(spans[n:], overlaps[n:], bonus[n:])
    ]
    return ScoredSentences(
        per_passage=scored,
        # The answer thresholds were set on this sum (cosine plus the overlap's share).
        best_dense=max(
            (c + lex_w * ov for cs, ovs in zip(dense, overlaps) for c, ov in zip(cs, ovs)), default=0.0
        ),
        best_lexical=max((ov for ovs in overlaps for ov in ovs), default=0.0),
    )


def _type_bonus(wants: answer_type.Wants, sentence: str, r: Ranking) -> float:
    """The share of the wanted answer kinds a sentence holds, times ``answer_type_weight``."""
    if not wants.any() or not r.answer_type_weight:
        return 0.0
    return r.answer_type_weight * answer_type.match(wants, answer_type.text_holds(sentence))


def _dense_cosines(
    reader: IndexReader, qv: np.ndarray, texts: list[str], spans: list[list[Span]]
) -> list[list[float]]:
    flat = [t[s:e] for t, sp in zip(texts, spans) for s, e in sp]
    if not flat:
        return [[] for _ in texts]
    cos = iter((reader.embed_passages_cached(flat) @ qv).tolist())
    return [[next(cos) for _ in sp] for sp in spans]


def answers_well_enough(r: Ranking, language: str, scored: ScoredSentences) -> bool:
    """Whether the best sentence answers well enough. Cross-lingual similarities run lower
    than same-language ones, hence a threshold per question language; a sentence holding
    nearly all the question's terms also counts (unaccented questions embed poorly)."""
    threshold = {"en": r.min_answer_en, "vi_plain": r.min_answer_vi_plain}.get(language, r.min_answer_vi)
    return scored.best_dense >= threshold or scored.best_lexical >= r.min_answer_overlap
