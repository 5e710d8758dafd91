"""Fusion: the dense and lexical lists joined by weighted reciprocal rank, then the
evidence the question names applied (a document number, documents citing it, dates).
Pure arithmetic over candidates and typed rows."""

from __future__ import annotations

from dataclasses import dataclass

from config import Ranking
from corpus.dates import find_dates, parse_month_mentions
from index.retrieval.query import ParsedQuery
from index.store.queries import ChunkRow


@dataclass
class Candidate:
    chunk_id: int
    score: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None


def language_weights(q: ParsedQuery, r: Ranking) -> tuple[float, float]:
    """(dense, lexical) weights: English questions lean on the multilingual model,
    unaccented Vietnamese on folded lexical matching, where each is the stronger signal."""
    dense, lexical = r.dense_weight, r.lexical_weight
    if q.language == "en":
        lexical *= r.en_lexical_factor
    elif q.language == "vi_plain":
        dense *= r.plain_dense_factor
    return dense, lexical


def fuse(
    dense: list[int], lexical: list[int], named: list[int], weights: tuple[float, float], r: Ranking
) -> dict[int, Candidate]:
    """Candidates scored by weighted reciprocal rank in each list. Passages of a document
    the question names (``named``, ranked by the dense model among themselves) get
    ``number_boost`` on top, which outranks anything fusion can give."""
    w_dense, w_lex = weights
    cands: dict[int, Candidate] = {}
    for rank, cid in enumerate(dense):
        c = cands.setdefault(cid, Candidate(cid))
        c.dense_rank = rank + 1
        c.score += w_dense / (r.rrf_k + rank + 1)
    for rank, cid in enumerate(lexical):
        c = cands.setdefault(cid, Candidate(cid))
        c.lexical_rank = rank + 1
        c.score += w_lex / (r.rrf_k + rank + 1)
    for rank, cid in enumerate(named):
        c = cands.setdefault(cid, Candidate(cid))
        c.score += r.number_boost + w_dense / (r.rrf_k + rank + 1)
    return cands


def date_bonus(q: ParsedQuery, row: ChunkRow, r: Ranking) -> float:
    """Documents issued on a date the question names (half for its month), and passages
    that mention it."""
    if not (q.dates or q.months):
        return 0.0
    bonus = 0.0
    issued = row.info.issue_date
    if issued and issued in q.dates:
        bonus += r.date_doc_boost
    elif issued and (issued.year, issued.month) in q.months:
        bonus += r.date_doc_boost / 2
    if q.dates and any(d.value in q.dates for d in find_dates(row.text)):
        bonus += r.date_text_boost
    elif q.months and set(q.months) & set(parse_month_mentions(row.text)):
        bonus += r.date_text_boost
    return bonus


def apply_evidence(
    q: ParsedQuery, cands: dict[int, Candidate], rows: dict[int, ChunkRow], citing: set[int], r: Ranking
) -> tuple[list[Candidate], dict[int, float]]:
    """Candidates best first after the citing and date bonuses, and each one's score
    before the date bonus (dates choose documents, not passages inside them)."""
    base: dict[int, float] = {}
    for cid, row in rows.items():
        c = cands[cid]
        if row.doc in citing:
            c.score += r.citing_boost
        base[cid] = c.score
        c.score += date_bonus(q, row, r)
    ranked = [c for c in sorted(cands.values(), key=lambda c: -c.score) if c.chunk_id in rows]
    return ranked, base
