"""Extractive, cited answers: the passages that answer a question, with the answering
sentences marked by offsets, each cited by document type, number, issuer, date, section, page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from corpus.vietnamese import fold, words
from index.documents import cited_by, cites
from index.passages import Passage, group_hits, passages
from index.query import EmptyQuery, parse_query
from index.reader import IndexReader
from index.records import DocInfo, Filters, Hit, RefLink
from index.search import dense_text, search

# A sentence ends at . ; ! ? or a line break; numbers like "1.000" or "02/2022." are not cut
# because the split needs whitespace after the mark.
_SENTENCE = re.compile(r"[^\n.;!?]*(?:[.;!?](?=\s|$)|\n|$)|[^\n]+?(?:\n|$)")


# Passages whose sentences are embedded (the rest are highlighted by the question's words).
# Two since neighbouring hits are joined: a passage holds ~1,450 characters on average, and
# a third passage added 40 % to the answer time on archive-dev without changing any result.
DENSE_SENTENCE_PASSAGES = 2


@dataclass(frozen=True)
class Citation:
    n: int  # [1], [2] …
    doc: DocInfo
    passage: str
    start: int  # passage offsets in the document's cleaned text
    end: int
    section: str
    page: int | None
    highlights: tuple[tuple[int, int], ...]  # answering sentences, offsets inside ``passage``
    score: float
    cites: tuple[RefLink, ...] = ()
    cited_by: tuple[RefLink, ...] = ()

    @property
    def label(self) -> str:
        return self.doc.label

    @property
    def where(self) -> str:
        """'mục 2 › 4, trang 3' — section path and page, when known."""
        parts = []
        if self.section:
            parts.append(f"mục {self.section}")
        if self.page:
            parts.append(f"trang {self.page}")
        return ", ".join(parts)

    @property
    def highlighted_text(self) -> list[tuple[str, bool]]:
        """The passage as (text, is_answer) runs, for rendering."""
        runs, pos = [], 0
        for s, e in self.highlights:
            if s > pos:
                runs.append((self.passage[pos:s], False))
            runs.append((self.passage[s:e], True))
            pos = e
        if pos < len(self.passage):
            runs.append((self.passage[pos:], False))
        return runs


@dataclass(frozen=True)
class Answer:
    question: str
    found: bool
    message: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    elapsed_ms: float = 0.0
    generated: str | None = None
    language: str = "vi"
    notes: dict = field(default_factory=dict)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) with surrounding whitespace trimmed."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 3:
            spans.append((s, e))
    return spans


def _lexical_overlap(terms: set[str], sentence: str) -> float:
    if not terms:
        return 0.0
    present = set(words(fold(sentence)))
    return len(terms & present) / len(terms)


def _score_sentences(
    reader: IndexReader, qv: np.ndarray, texts: list[str], spans: list, overlaps: list, lang: str
):
    """Per passage: list of (span, score). Dense similarity of each sentence to the question,
    plus folded-term overlap (which carries unaccented questions the model reads poorly)."""
    flat = [t[s:e] for t, sp in zip(texts, spans) for s, e in sp]
    if not flat:
        return [[] for _ in texts]
    dense = iter(reader.embed_passages_cached(flat) @ qv)
    lex_w = 0.0 if lang == "en" else 0.05
    return [
        [(span, float(next(dense)) + lex_w * ov) for span, ov in zip(sp, ovs)]
        for sp, ovs in zip(spans, overlaps)
    ]


def _found(settings, language: str, best_dense: float, best_lexical: float) -> bool:
    """Whether the best sentence answers well enough. Cross-lingual similarities run lower
    than same-language ones, hence a threshold per question language; a sentence holding
    nearly all the question's terms also counts (unaccented questions embed poorly)."""
    threshold = {
        "en": settings.min_answer_en,
        "vi_plain": settings.min_answer_vi_plain,
    }.get(language, settings.min_answer_vi)
    return best_dense >= threshold or best_lexical >= settings.min_answer_overlap


def _citation(reader: IndexReader, n: int, p: Passage, scored: list) -> Citation:
    ranked = sorted(scored, key=lambda x: -x[1])
    marks: list[tuple[int, int]] = []
    if ranked:
        top_score = ranked[0][1]
        marks = sorted(span for span, sc in ranked[:2] if sc >= top_score - 0.02)
    # Section and page of the chunk holding the answering sentence, else of the best hit.
    where = p.hit_at(ranked[0][0][0]) if ranked else p.hits[0]
    best = p.hits[0]
    return Citation(
        n=n,
        doc=best.doc,
        passage=p.text,
        start=p.start,
        end=p.end,
        section=where.section,
        page=where.page,
        highlights=tuple(marks),
        score=best.score,
        cites=cites(reader.conn, p.doc_rowid),
        cited_by=cited_by(reader.conn, best.doc.number_key),
    )


def ask(
    reader: IndexReader,
    question: str,
    top: int = 3,
    filters: Filters | None = None,
    candidates: int = 10,
) -> Answer:
    """Answer ``question`` with up to ``top`` cited passages. Never raises for bad text:
    an empty or punctuation-only question comes back as an Answer saying what to type.

    Citation [1] is the best-ranked passage; the others follow newest document first,
    so a reviewer sees the latest instruction on the matter right after the best answer.
    Hits that are neighbouring chunks of one document are cited as one passage
    (``index.passages``), widened to whole sentences.
    """
    t0 = time.perf_counter()
    try:
        q = parse_query(question)
    except EmptyQuery as exc:
        return Answer(question=question, found=False, message=str(exc))
    hits = search(reader, question, k=max(candidates, top), filters=filters)
    if not hits:
        return Answer(
            question=question,
            found=False,
            message="Không tìm thấy văn bản nào phù hợp. No matching document: try other words or remove filters.",
            elapsed_ms=(time.perf_counter() - t0) * 1000,
            language=q.language,
        )
    with reader.snapshot():
        qv = reader.embed_query(dense_text(reader, q))
    terms = {fold(t) for t in q.terms}
    with reader.snapshot():
        pool = passages(reader.conn, group_hits(hits, top, reader.settings.max_passage_chars))
    texts = [p.text for p in pool]
    spans = [sentences(t) for t in texts]
    overlaps = [[_lexical_overlap(terms, t[a:b]) for a, b in sp] for t, sp in zip(texts, spans)]
    # Sentence vectors cost ~10 ms each on a CPU: only the first passages get them, the
    # rest are highlighted by the question's words alone.
    dense_n = DENSE_SENTENCE_PASSAGES
    scored = _score_sentences(reader, qv, texts[:dense_n], spans[:dense_n], overlaps[:dense_n], q.language)
    scored += [list(zip(sp, ovs)) for sp, ovs in zip(spans[dense_n:], overlaps[dense_n:])]
    best_dense = max((sc for s in scored[:dense_n] for _, sc in s), default=0.0)
    best_lexical = max((ov for ovs in overlaps for ov in ovs), default=0.0)
    elapsed = (time.perf_counter() - t0) * 1000
    if not _found(reader.settings, q.language, best_dense, best_lexical):
        return Answer(
            question=question,
            found=False,
            message=(
                "Không tìm thấy đoạn văn bản nào trả lời câu hỏi này. "
                "Nothing in the archive answers this question well enough; the closest results are listed below."
            ),
            hits=tuple(hits),
            elapsed_ms=elapsed,
            language=q.language,
            notes={"best_dense": best_dense, "best_lexical": best_lexical},
        )
    order = [0] + sorted(
        range(1, len(pool)), key=lambda i: pool[i].hits[0].doc.issue_date or date.min, reverse=True
    )
    with reader.snapshot():
        citations = [_citation(reader, n, pool[i], scored[i]) for n, i in enumerate(order, start=1)]
    generated = None
    if reader.settings.llm_url:
        from index.generate import generate_answer

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
        notes={"best_dense": best_dense, "best_lexical": best_lexical},
    )
