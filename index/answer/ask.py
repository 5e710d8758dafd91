"""Extractive, cited answers, stage by stage: parse the question once → retrieve hits →
join them into passages → score their sentences → decide whether they answer → cite.
The whole answer reads one snapshot of the index.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.answer.answerable import Answerability, answered, evidence
from index.answer.citations import citation, citation_order
from index.answer.passages import group_hits, passages
from index.answer.sentences import ScoredSentences, score_sentences
from index.answer.targets import answer_targets
from index.errors import EmptyQuery
from index.records import Answer, Citation, Filters, Hit
from index.retrieval.answer_type import asks_for_targets
from index.retrieval.dense import dense_text
from index.retrieval.query import ParsedQuery, parse_query
from index.retrieval.ranker import Ranker, index_ranker
from index.retrieval.search import search_parsed
from index.store.reader import IndexReader

NOTHING_MATCHES = (
    "Không tìm thấy văn bản nào phù hợp. No matching document: try other words or remove filters."
)
NOTHING_ANSWERS = (
    "Không tìm thấy đoạn văn bản nào trả lời câu hỏi này. "
    "Nothing in the archive answers this question well enough; the closest results are listed below."
)


def _not_found(question: str, message: str, t0: float, language: str, **more: object) -> Answer:
    elapsed = (time.perf_counter() - t0) * 1000
    return Answer(
        question=question, found=False, message=message, elapsed_ms=elapsed, language=language, **more
    )  # type: ignore[arg-type]


@dataclass(frozen=True)
class Draft:
    """An answer before it is judged: its citations and the evidence for judging it."""

    citations: list[Citation]
    scored: ScoredSentences
    evidence: dict[str, float]


def draft(reader: IndexReader, q: ParsedQuery, hits: list[Hit], top: int) -> Draft:
    """Passages, their sentences and citations for ``hits`` (inside the caller's snapshot)."""
    # Sentences are judged with the question's own vector (not the feedback-moved one).
    qv = reader.embed_query(dense_text(reader, q))
    pool = passages(reader.conn, group_hits(hits, top, reader.settings.ranking.max_passage_chars))
    scored = score_sentences(reader, qv, [p.text for p in pool], q)
    citations = [
        citation(reader, n, pool[i], scored.per_passage[i])
        for n, i in enumerate(citation_order(pool), start=1)
    ]
    return Draft(citations, scored, evidence(reader, q, hits, scored, qv))


def ask(
    reader: IndexReader,
    question: str,
    top: int | None = None,
    filters: Filters | None = None,
    candidates: int | None = None,
    ranker: Ranker | None = None,
) -> Answer:
    """Answer ``question`` with up to ``top`` cited passages (default: the settings'
    ``answer_top``, from ``answer_candidates`` ranked hits). Never raises for bad text:
    an empty or punctuation-only question comes back as an Answer saying what to type.

    Hits that are neighbouring chunks of one document are cited as one passage
    (``index.answer.passages``), widened to whole sentences. ``ranker``: another ranker
    than the configured one (training scores its folds this way).
    """
    t0 = time.perf_counter()
    r = reader.settings.ranking
    top = r.answer_top if top is None else top
    candidates = r.answer_candidates if candidates is None else candidates
    try:
        q = parse_query(question)
    except EmptyQuery as exc:
        return Answer(question=question, found=False, message=str(exc))
    with reader.snapshot():
        ranker = ranker or index_ranker(reader)
        hits = search_parsed(reader, q, max(candidates, top), filters, ranker=ranker)
        if not hits:
            return _not_found(question, NOTHING_MATCHES, t0, q.language)
        drafted = draft(reader, q, hits, top)
        model = Answerability.from_dict(ranker.answerability) if ranker else None
        ev = drafted.evidence
        notes = {"evidence": ev, "p_answered": model.probability(ev) if model else None}
        if not answered(model, r, q.language, drafted.scored, ev):
            return _not_found(question, NOTHING_ANSWERS, t0, q.language, hits=tuple(hits), notes=notes)
        citations = drafted.citations
        # Questions for targets, deadlines or amounts get the list of those their passages state.
        targets = answer_targets(reader.conn, q, citations) if asks_for_targets(q.text, q.language) else ()
    generated = None
    if reader.settings.llm_url:
        from index.answer.generate import generate_answer

        generated = generate_answer(
            reader.settings.llm_url,
            reader.settings.llm_model,
            question,
            [(f"{c.label}, {c.where}".rstrip(", "), c.passage) for c in citations],
        )
    return Answer(
        question=question,
        found=True,
        message="",
        generated=generated,
        citations=tuple(citations),
        hits=tuple(hits),
        elapsed_ms=(time.perf_counter() - t0) * 1000,
        language=q.language,
        notes=notes,
        targets=targets,
    )
