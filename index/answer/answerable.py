"""Whether the archive answers a question: a small logistic model over the evidence an
answer gathers (the ranker's score and its margin, the best sentence's similarity and word
overlap, how much of the question the first passage covers, and how much one of its sentences
holds beside the kind of answer the question wants), trained with the ranker by
``python -m index train-ranker --no-answer FILE`` on answerable and unanswerable training
questions. Without a trained model, the per-language similarity thresholds decide.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from config import Ranking
from corpus.vietnamese import fold, has_diacritics, nfc, tone_words, words
from index.answer.sentences import ScoredSentences, answers_well_enough
from index.records import Hit
from index.retrieval import passage_facts
from index.retrieval.answer_type import Wants, kind_cover, question_wants
from index.retrieval.glossary import glossary_for
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
    "doc_rare_cover",
    "rarest_missing",
    "names_missing",
    "has_names",
    "places_missing",
    "has_places",
    "top_cos",
    "lang_en",
    "lang_plain",
    "kind_wanted",
    "kind_cover",
)


def question_words(reader: IndexReader, q: ParsedQuery) -> list[str]:
    """The folded words a question is about (English: its glossary terms' Vietnamese words
    and the names kept as typed)."""
    if q.language == "en":
        terms = glossary_for(reader.settings.ranking).terms(q.text)
        return list(dict.fromkeys(w for t in terms for w in t.folded[0].split() if w not in VI_STOP_FOLDED))
    return [t for t in dict.fromkeys(fold(x) for x in q.terms) if t not in VI_STOP_FOLDED]


_TOKEN = re.compile(r"[\w/.-]+")


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words or numbers, the question's first word aside."""
    runs: list[list[str]] = []
    last_end = -2
    for i, m in enumerate(_TOKEN.finditer(text)):
        token = m.group().strip("./-")
        if not token or not (token[0].isdigit() or (token[0].isupper() and i > 0)):
            continue
        if runs and text[last_end : m.start()].isspace():
            runs[-1].append(token)
        else:
            runs.append([token])
        last_end = m.end()
    return [" ".join(r) for r in runs]


def _names(reader: IndexReader, q: ParsedQuery) -> list[tuple[str, str]]:
    """(folded, accented) forms of what the question names; accented is "" unless the
    question is accented Vietnamese and the name carries its accents."""
    glossary = glossary_for(reader.settings.ranking) if q.language == "en" else None
    found: list[tuple[str, str]] = []
    for run in _name_runs(nfc(q.text)):
        if glossary is not None:
            found += [(t.folded[0], "") for t in glossary.terms(run)]
        else:
            accented = " ".join(tone_words(run)) if q.language == "vi" and has_diacritics(run) else ""
            found.append((" ".join(words(fold(run))), accented))
    return list(dict.fromkeys(n for n in found if n[0] and n[0] not in VI_STOP_FOLDED))


def named_phrases(reader: IndexReader, q: ParsedQuery) -> list[str]:
    """What the question names, folded: places, bodies, people, numbers and years ("Thanh
    Hóa", "2030"). A question on the archive's subject about something it does not hold
    names what its best document never mentions. English: the names and numbers the
    glossary translates to Vietnamese ("Ministry of Finance" → "bo tai chinh"), else as typed."""
    return list(dict.fromkeys(folded for folded, _ in _names(reader, q)))


@lru_cache(maxsize=32)
def _tone_text(text: str) -> str:
    return " " + " ".join(tone_words(text)) + " "


def missing_names(reader: IndexReader, q: ParsedQuery, doc_id: str) -> tuple[int, int]:
    """(names the document never mentions, names). Accented names must match with their
    accents ("sao Hỏa" is not "hóa"), tone placement aside; the rest match folded."""
    names = _names(reader, q)
    folded_in_doc = queries.terms_in_document(reader.conn, doc_id, [f for f, a in names if not a])
    text = _tone_text(queries.document_text(reader.conn, doc_id)[1]) if any(a for _, a in names) else ""
    missing = sum(1 for f, a in names if (f" {a} " not in text if a else f not in folded_in_doc))
    return missing, len(names)


def evidence(
    reader: IndexReader, q: ParsedQuery, hits: list[Hit], scored: ScoredSentences, qv: np.ndarray
) -> dict[str, float]:
    """What the answer found, as numbers (see ``EVIDENCE``)."""
    top = hits[0]
    second = hits[1].score if len(hits) > 1 else top.score
    terms = question_words(reader, q)
    df = queries.term_frequencies(reader.conn, terms)
    rows = max(reader.chunk_count, 1)
    weights = {t: idf(df[t], rows) if df.get(t) else 0.0 for t in terms}
    present = set(words(fold(f"{top.heading}\n{top.text}")))
    total = sum(weights.values()) or 1.0
    # The rarest half of the question's words: a question on the archive's subject about
    # a place or body the archive lacks misses exactly these.
    rare = sorted(weights, key=lambda t: -weights[t])[: max(1, math.ceil(len(weights) / 2))]
    rare_total = sum(weights[t] for t in rare) or 1.0
    in_doc = queries.terms_in_document(reader.conn, top.doc.doc_id, list(weights))
    missing = [weights[t] for t in weights if t not in in_doc]
    names_gone, names = missing_names(reader, q, top.doc.doc_id)
    places = q.places
    # A question about a province answered from a document that never names it.
    places_gone = sum(
        1 for m in places if not queries.terms_in_document(reader.conn, top.doc.doc_id, list(m.place.forms))
    )
    wants = question_wants(q.text, q.language)
    return {
        "top_score": top.score,
        "score_gap": top.score - second,
        "best_dense": scored.best_dense,
        "best_lexical": scored.best_lexical,
        "top_cover": sum(w for t, w in weights.items() if t in present) / total,
        "rare_cover": sum(weights[t] for t in rare if t in present) / rare_total,
        # A question on the archive's subject about a place, body or act the archive lacks
        # names something its best document never mentions.
        "doc_rare_cover": sum(weights[t] for t in rare if t in in_doc) / rare_total,
        "rarest_missing": max(missing, default=0.0),
        "names_missing": names_gone / names if names else 0.0,
        "has_names": float(bool(names)),
        "places_missing": places_gone / len(places) if places else 0.0,
        "has_places": float(bool(places)),
        "top_cos": float(reader.faiss_index.reconstruct(int(top.chunk_id)) @ qv),
        "lang_en": float(q.language == "en"),
        "lang_plain": float(q.language == "vi_plain"),
        # A near miss asks a detail the archive does not state ("How many hectares … in 2026?"):
        # the first passage covers the question's words, but no sentence of it holds them beside
        # the number, date or body asked for.
        "kind_wanted": float(wants.any()),
        "kind_cover": _kind_cover(reader, top, wants, weights, total),
    }


def _kind_cover(
    reader: IndexReader, top: Hit, wants: Wants, weights: dict[str, float], total: float
) -> float:
    """``answer_type.kind_cover`` of the first passage for the question's words."""
    if not wants.any():
        return 0.0
    found = passage_facts.sentence_kinds_of(reader, {top.chunk_id: top.text})[top.chunk_id]
    return kind_cover(found, wants, [((t,), w) for t, w in weights.items()], total)


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
