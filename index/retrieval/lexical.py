"""The lexical side: BM25 over folded text (FTS5), exact accented forms preferred.

User text never reaches FTS5 syntax raw: every term is quoted here. Uses store/.
"""

from __future__ import annotations

import math
import re

from config import Ranking
from corpus.vietnamese import fold
from index.retrieval.glossary import Term
from index.retrieval.query import ParsedQuery
from index.store import queries
from index.store.reader import IndexReader


def lexical_terms(
    q: ParsedQuery, df: dict[str, int] | None = None, rows: int = 0, r: Ranking | None = None
) -> list[str]:
    """The folded terms an FTS5 query is made of.

    With document frequencies (``df``, folded term → passages holding it, out of ``rows``),
    terms in more than ``common_share`` of all passages are dropped and the rarest
    ``max_lexical_terms`` kept: common syllables add little to BM25 but make an OR query
    read most of the index (the shares were chosen on 100k passages, docs/BENCHMARKS.md).
    Rarest first, terms are added while their passages sum to at most ``postings_budget`` of
    all passages, which bounds the slowest queries. A term held by at most ``always_cheap``
    passages is never dropped: on a small archive nothing is slow. Terms no passage holds
    are dropped too.
    """
    r = r or Ranking()
    terms = list(dict.fromkeys(fold(t) for t in q.terms))
    if df is None or not rows:
        return terms[: r.max_lexical_terms]
    present = [t for t in terms if df.get(t)]
    common = max(rows * r.common_share, r.always_cheap)
    fallback = max(rows * r.fallback_share, r.always_cheap)
    rare = [t for t in present if df[t] <= common]
    if len(rare) < 3:
        # Few rare words: the rarest three, unless they are in a third of all passages anyway.
        rare = [t for t in sorted(present, key=df.__getitem__)[:3] if df[t] <= fallback]
    keep: set[str] = set()
    budget = max(rows * r.postings_budget, r.always_cheap)
    for t in sorted(rare, key=df.__getitem__)[: r.max_lexical_terms]:
        # The work of an OR query grows with the passages its terms are in: bound it.
        if keep and budget < df[t]:
            break
        keep.add(t)
        budget -= df[t]
    return [t for t in terms if t in keep]


def fts_match(terms: list[str]) -> str:
    """An FTS5 MATCH string of quoted terms, OR-ed. (Adjacent-syllable phrases were tried:
    same archive-dev numbers, slower at 100k.)"""
    return " OR ".join(_quote(t) for t in dict.fromkeys(terms))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def idf(df: int, rows: int) -> float:
    # FTS5's own BM25 idf, so the exact-form bonus is on the same scale as bm25().
    return max(math.log((rows - df + 0.5) / (df + 0.5)), 1e-6)


def lexical_candidates(
    reader: IndexReader, q: ParsedQuery, allowed: set[int] | None, n: int
) -> list[tuple[int, float]]:
    """(chunk id, score), best first: BM25 over folded text, then exact accented forms preferred:
    a passage holding a question word as typed ("thể", not only "thế"/"the") gains
    ``exact_weight`` × that word's idf. The index's passage count (from the manifest)
    tells common terms from rare ones."""
    conn, rows, r = reader.conn, reader.chunk_count, reader.settings.ranking
    df = queries.term_frequencies(conn, [fold(t) for t in q.terms])
    terms = lexical_terms(q, df, rows, r)
    if not terms or allowed is not None and not allowed:
        return []
    found = queries.fts_search(conn, fts_match(terms), n, allowed)
    accented = {t: fold(t) for t in q.terms if fold(t) != t and fold(t) in terms}
    if not (accented and r.exact_weight and found):
        return [(cid, -bm25) for cid, bm25 in found]
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, accented)) + r")(?!\w)")
    # Lower-cased in Python: SQLite's lower() leaves non-ASCII letters (Đ, Ủ …) as they are.
    texts = queries.passage_bodies(conn, [cid for cid, _ in found])
    scored = []
    for cid, bm25 in found:
        exact = set(pattern.findall(texts.get(cid, "")))
        bonus = sum(idf(df[accented[t]], rows) for t in exact)
        scored.append((-bm25 + r.exact_weight * bonus, cid))
    scored.sort(key=lambda x: -x[0])
    return [(cid, score) for score, cid in scored]


def glossary_candidates(
    reader: IndexReader, terms: list[Term], allowed: set[int] | None, n: int
) -> list[tuple[int, float]]:
    """(chunk id, BM25), best first, for an English question's Vietnamese terms: each form
    a quoted phrase ("vac xin"), so its syllables count only together."""
    phrases = list(dict.fromkeys(f for t in terms for f in t.folded if f.strip()))
    if not phrases or allowed is not None and not allowed:
        return []
    found = queries.fts_search(reader.conn, fts_match(phrases), n, allowed)
    return [(cid, -bm25) for cid, bm25 in found]
