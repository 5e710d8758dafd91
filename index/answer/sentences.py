"""Which sentences of the cited passages answer: each scored against the question (dense
similarity plus question-term overlap), and whether the best one answers well enough."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from config import Ranking
from corpus.sentences import sentences
from corpus.vietnamese import fold, words
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


def score_sentences(
    reader: IndexReader, qv: np.ndarray, texts: list[str], terms: set[str], language: str
) -> ScoredSentences:
    """Sentence vectors cost ~10 ms each on a CPU: only the first ``dense_sentence_passages``
    passages get them (dense similarity plus a little folded-term overlap, which carries
    unaccented questions the model reads poorly); the rest are highlighted by the
    question's words alone."""
    r = reader.settings.ranking
    spans = [sentences(t) for t in texts]
    overlaps = [[lexical_overlap(terms, t[a:b]) for a, b in sp] for t, sp in zip(texts, spans)]
    n = r.dense_sentence_passages
    lex_w = 0.0 if language == "en" else r.sentence_lexical_weight
    scored = _dense_scores(reader, qv, list(zip(texts[:n], spans[:n], overlaps[:n])), lex_w)
    scored += [list(zip(sp, ovs)) for sp, ovs in zip(spans[n:], overlaps[n:])]
    return ScoredSentences(
        per_passage=scored,
        best_dense=max((sc for s in scored[:n] for _, sc in s), default=0.0),
        best_lexical=max((ov for ovs in overlaps for ov in ovs), default=0.0),
    )


def _dense_scores(
    reader: IndexReader, qv: np.ndarray, passages: list[tuple[str, list[Span], list[float]]], lex_w: float
) -> list[list[tuple[Span, float]]]:
    """``passages``: (text, sentence spans, their term overlaps)."""
    flat = [t[s:e] for t, sp, _ in passages for s, e in sp]
    if not flat:
        return [[] for _ in passages]
    dense = iter(reader.embed_passages_cached(flat) @ qv)
    return [[(span, float(next(dense)) + lex_w * ov) for span, ov in zip(sp, ovs)] for _, sp, ovs in passages]


def answers_well_enough(r: Ranking, language: str, scored: ScoredSentences) -> bool:
    """Whether the best sentence answers well enough. Cross-lingual similarities run lower
    than same-language ones, hence a threshold per question language; a sentence holding
    nearly all the question's terms also counts (unaccented questions embed poorly)."""
    threshold = {"en": r.min_answer_en, "vi_plain": r.min_answer_vi_plain}.get(language, r.min_answer_vi)
    return scored.best_dense >= threshold or scored.best_lexical >= r.min_answer_overlap
