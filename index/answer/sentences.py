"""Which sentences of the cited passages answer: each scored against the question (dense
similarity plus question-term overlap), and whether the best one answers well enough."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from config import Ranking
from corpus.answer_kinds import text_holds
from corpus.sentences import sentences
from corpus.vietnamese import fold, words
from index.answer.focus import action_phrases
from index.retrieval import answer_type
from index.retrieval.glossary import glossary_for
from index.retrieval.lexical import idf
from index.retrieval.query import VI_STOP_FOLDED, ParsedQuery
from index.store import queries
from index.store.reader import IndexReader

Span = tuple[int, int]


@dataclass(frozen=True)
class ScoredSentences:
    """Per passage, its sentences as (span, score); the best dense and lexical evidence."""

    per_passage: list[list[tuple[Span, float]]]
    best_dense: float
    best_lexical: float


def lexical_overlap(terms: set[str], spaced: str) -> float:
    """Share of the question's folded terms found in a sentence (given as ``spaced_words``)."""
    if not terms:
        return 0.0
    return len(terms & set(spaced.split())) / len(terms)


def question_keys(reader: IndexReader, q: ParsedQuery) -> list[tuple[tuple[str, ...], float]]:
    """What a sentence should hold, each as (alternative folded phrases, weight): the
    question's own words (English: the glossary's Vietnamese terms and the names kept as
    typed), weighted by how rare their rarest word is in the archive."""
    if q.language == "en":
        keys = [t.folded for t in glossary_for(reader.settings.ranking).terms(q.text)]
    else:
        keys = [(t,) for t in dict.fromkeys(fold(x) for x in q.terms) if t not in VI_STOP_FOLDED]
    vocabulary = {w for phrases in keys for p in phrases for w in p.split()}
    df = queries.term_frequencies(reader.conn, list(vocabulary))
    rows = max(reader.chunk_count, 1)
    weight = {w: idf(df[w], rows) if df.get(w) else 0.0 for w in vocabulary}
    return [(phrases, max((weight[w] for p in phrases for w in p.split()), default=0.0)) for phrases in keys]


def spaced_words(text: str) -> str:
    """The text's folded words, space-separated and padded, so that `` {phrase} `` in it
    finds a folded phrase only on word boundaries."""
    return " " + " ".join(words(fold(text))) + " "


def _holds(phrases: tuple[str, ...], spaced: str) -> bool:
    return any(f" {p} " in spaced for p in phrases)


def _cover(keys: list[tuple[tuple[str, ...], float]], spaced: str, total: float) -> float:
    return sum(w for phrases, w in keys if _holds(phrases, spaced)) / total if total else 0.0


def keyword_cover(keys: list[tuple[tuple[str, ...], float]], sentence: str) -> float:
    """Share of the keys' weight a sentence holds."""
    return _cover(keys, spaced_words(sentence), sum(w for _, w in keys))


def passage_keys(
    keys: list[tuple[tuple[str, ...], float]], spaced_sentences: list[str]
) -> list[tuple[tuple[str, ...], float]]:
    """The keys reweighted for choosing among one passage's sentences (given as
    ``spaced_words``): a key that most of them hold names the passage's subject (the
    conference, the conclusion it discusses), not the sentence that answers ("who chaired" →
    the one sentence holding "chủ trì")."""
    n = len(spaced_sentences)
    if n < 2:
        return keys
    out = []
    for phrases, w in keys:
        held = sum(_holds(phrases, s) for s in spaced_sentences)
        # The key's idf among the passage's sentences, 1 for a key one sentence holds.
        out.append((phrases, w * math.log(n / held) / math.log(n) if held else w))
    return out


def score_sentences(reader: IndexReader, qv: np.ndarray, texts: list[str], q: ParsedQuery) -> ScoredSentences:
    """Sentence vectors cost ~10 ms each on a CPU: only the first ``dense_sentence_passages``
    passages get them (dense similarity plus a little folded-term overlap, which carries
    unaccented questions the model reads poorly); the rest are highlighted by the
    question's words alone. A sentence holding the kind of answer the question wants (a
    body, a date, an amount, a number) gains up to ``answer_type_weight``; one stating the
    action an English "who" question asks about ("Who *chaired* …") gains
    ``sentence_action_weight``."""
    r = reader.settings.ranking
    terms = {fold(t) for t in q.terms}
    wants = answer_type.question_wants(q.text, q.language)
    spans = [sentences(t) for t in texts]
    spaced = [[spaced_words(t[a:b]) for a, b in sp] for t, sp in zip(texts, spans)]
    overlaps = [[lexical_overlap(terms, s) for s in ss] for ss in spaced]
    keys = question_keys(reader, q) if r.sentence_keyword_weight else []
    key_total = sum(w for _, w in keys)
    action = (
        action_phrases(glossary_for(r), q.text) if q.language == "en" and r.sentence_action_weight else ()
    )
    bonus = [
        [
            _type_bonus(wants, t[a:b], r)
            + r.sentence_keyword_weight * _cover(local, words_of, key_total)
            + (r.sentence_action_weight if action and _holds(action, words_of) else 0.0)
            for (a, b), words_of in zip(sp, ss)
        ]
        for t, sp, ss, local in (
            (t, sp, ss, passage_keys(keys, ss)) for t, sp, ss in zip(texts, spans, spaced)
        )
    ]
    n = r.dense_sentence_passages
    lex_w = 0.0 if q.language == "en" else r.sentence_lexical_weight
    # Only the sentences the question's words already favour are embedded (at most
    # ``dense_sentences`` per passage); the others keep their word score.
    chosen = [_favoured(ovs, bs, lex_w, r.dense_sentences) for ovs, bs in zip(overlaps[:n], bonus[:n])]
    dense = _dense_cosines(reader, qv, texts[:n], [[sp[i] for i in c] for sp, c in zip(spans[:n], chosen)])
    cosines = [dict(zip(c, cs)) for c, cs in zip(chosen, dense)]
    scored = [
        [(span, cos.get(i, 0.0) + lex_w * ov + b) for i, (span, ov, b) in enumerate(zip(sp, ovs, bs))]
        for sp, cos, ovs, bs in zip(spans[:n], cosines, overlaps[:n], bonus[:n])
    ]
    scored += [
        [(span, ov + b) for span, ov, b in zip(sp, ovs, bs)]
        for sp, ovs, bs in zip(spans[n:], overlaps[n:], bonus[n:])
    ]
    return ScoredSentences(
        per_passage=scored,
        # The answer thresholds were set on this sum (cosine plus the overlap's share).
        best_dense=max(
            (c + lex_w * ovs[i] for cos, ovs in zip(cosines, overlaps) for i, c in cos.items()), default=0.0
        ),
        best_lexical=max((ov for ovs in overlaps for ov in ovs), default=0.0),
    )


def _favoured(overlaps: list[float], bonus: list[float], lex_w: float, limit: int) -> list[int]:
    """Indexes of the ``limit`` sentences with the best word scores (earlier first on ties)."""
    if limit <= 0 or len(overlaps) <= limit:
        return list(range(len(overlaps)))
    order = sorted(
        range(len(overlaps)), key=lambda i: (-(lex_w * overlaps[i] + bonus[i] + 1e-3 * overlaps[i]), i)
    )
    return sorted(order[:limit])


def _type_bonus(wants: answer_type.Wants, sentence: str, r: Ranking) -> float:
    """The share of the wanted answer kinds a sentence holds, times ``answer_type_weight``."""
    if not wants.any() or not r.answer_type_weight:
        return 0.0
    return r.answer_type_weight * answer_type.match(wants, text_holds(sentence))


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
