"""De-duplication: a passage that repeats a better-ranked one of the same document (or of
a copy of it) is dropped from the results."""

from __future__ import annotations

from config import Ranking
from corpus.vietnamese import words
from index.retrieval.fusion import Candidate
from index.store.queries import ChunkRow


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    w = words(text.lower())
    return {tuple(w[i : i + size]) for i in range(max(1, len(w) - size + 1))}


def distinct(ranked: list[Candidate], rows: dict[int, ChunkRow], k: int, r: Ranking) -> list[Candidate]:
    """The first ``k`` candidates, less any passage that repeats a better-ranked one of the
    same document. Decrees repeat whole footnotes and form instructions (one decree in the
    archive holds the same 734-character note five times), and an archive can hold two
    copies of one document (saved on different days): each copy would otherwise take a
    place among the results and be cited again. Copies are told by number and issuer; the
    same words in two different directives are both kept (who said what matters)."""
    kept: list[Candidate] = []
    seen: dict[object, list[set]] = {}
    for c in ranked:
        row = rows.get(c.chunk_id)
        if row is None:
            continue
        sh = shingles(row.text, r.shingle_words)
        earlier = seen.setdefault(row.copy_key, [])
        if any(len(sh & o) >= r.near_duplicate * len(sh | o) for o in earlier):
            continue
        earlier.append(sh)
        kept.append(c)
        if len(kept) == k:
            break
    return kept
