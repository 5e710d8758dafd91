"""Whether the archive answers a question: a small logistic model over the evidence an
answer gathers (the ranker's score and its margin, the best sentence's similarity and word
overlap, how much of the question the first passage covers), trained with the ranker by
``python -m index train-ranker --no-answer FILE`` on answerable and unanswerable training
questions. Without a trained model, the per-language similarity thresholds decide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from config import Ranking
from corpus.vietnamese import fold, words
from index.answer.sentences import ScoredSentences, answers_well_enough
from index.records import Hit
from index.retrieval.lexical import idf
from index.retrieval.query import VI_STOP_FOLDED, ParsedQuery
from index.store import queries
from index.store.reader import IndexReader

EVIDENCE: tuple[str, ...] = (
    "top_score",
    "score_gap",
    "best_dense",
    "best_lexical",
    "top_cover",
    "rare_cover",
    "top_cos",
    "lang_en",
    "lang_plain",
)


def evidence(
    reader: IndexReader, q: ParsedQuery, hits: list[Hit], scored: ScoredSentences, qv: np.ndarray
) -> dict[str, float]:
    """What the answer found, as numbers (see ``EVIDENCE``)."""
    top = hits[0]
    second = hits[1].score if len(hits) > 1 else top.score
    terms = [t for t in dict.fromkeys(fold(x) for x in q.terms) if t not in VI_STOP_FOLDED]
    df = queries.term_frequencies(reader.conn, terms)
    rows = max(reader.chunk_count, 1)
    weights = {t: idf(df[t], rows) if df.get(t) else 0.0 for t in terms}
    present = set(words(fold(f"{top.heading}\n{top.text}")))
    total = sum(weights.values()) or 1.0
    # The rarest half of the question's words: a question on the archive's subject about
    # a place or body the archive lacks misses exactly these.
    rare = sorted(weights, key=lambda t: -weights[t])[: max(1, math.ceil(len(weights) / 2))]
    rare_total = sum(weights[t] for t in rare) or 1.0
    return {
        "top_score": top.score,
        "score_gap": top.score - second,
        "best_dense": scored.best_dense,
        "best_lexical": scored.best_lexical,
        "top_cover": sum(w for t, w in weights.items() if t in present) / total,
        "rare_cover": sum(weights[t] for t in rare if t in present) / rare_total,
        "top_cos": float(reader.faiss_index.reconstruct(int(top.chunk_id)) @ qv),
        "lang_en": float(q.language == "en"),
        "lang_plain": float(q.language == "vi_plain"),
    }


@dataclass(frozen=True)
class Answerability:
    """A logistic model: P(answered) = σ(coef · (x − mean) / scale + intercept)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    @staticmethod
    def from_dict(data: dict | None) -> Answerability | None:
        if not data or tuple(data.get("features", ())) != EVIDENCE:
            return None
        return Answerability(
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["coef"]),
            data["intercept"],
            data["threshold"],
        )

    def probability(self, ev: dict[str, float]) -> float:
        x = (np.array([ev[k] for k in EVIDENCE]) - np.array(self.mean)) / np.array(self.scale)
        return float(1 / (1 + np.exp(-(x @ np.array(self.coef) + self.intercept))))


def answered(
    model: Answerability | None, r: Ranking, language: str, scored: ScoredSentences, ev: dict
) -> bool:
    """The trained model's verdict when there is one, else the per-language thresholds."""
    if model is None:
        return answers_well_enough(r, language, scored)
    return model.probability(ev) >= model.threshold
