"""Fusion: the dense and lexical lists joined by weighted reciprocal rank, then the
evidence the question names applied (a document number, documents citing it, dates).
Pure arithmetic over candidates and typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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


@lru_cache(maxsize=8192)
def mentions_dates(text: str, dates: tuple[date, ...], months: tuple[tuple[int, int], ...]) -> bool:
    """Whether ``text`` mentions one of the dates, else one of the months. Every mention
    the parsers read holds its year, so texts without one of the years are not parsed."""
    years = {str(d.year) for d in dates} | {str(y) for y, _ in months}
    if not any(y in text for y in years):
        return False
    if dates and any(d.value in dates for d in find_dates(text)):
        return True
    return bool(months and set(months) & set(parse_month_mentions(text)))


def issued_then(q: ParsedQuery, issued: date | None) -> float:
    """1 when the document was issued on a date the question names, 0.5 in a month it names."""
    if issued and issued in q.dates:
        return 1.0
    return 0.5 if issued and (issued.year, issued.month) in q.months else 0.0


def date_bonus(q: ParsedQuery, row: ChunkRow, r: Ranking) -> float:
    """Documents issued on a date the question names (half for its month), and passages
    that mention it."""
    if not (q.dates or q.months):
        return 0.0
    bonus = r.date_doc_boost * issued_then(q, row.info.issue_date)
    if mentions_dates(row.text, q.dates, q.months):
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
