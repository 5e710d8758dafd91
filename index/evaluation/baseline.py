"""Plain BM25 over the same chunks (FTS5's bm25), the bar the hybrid pipeline must beat."""

from __future__ import annotations

from corpus.vietnamese import fold, words
from index.store.reader import IndexReader


def bm25_docs(reader: IndexReader, question: str, k: int = 10) -> list[str]:
    """Every question word folded, OR-ed, ranked by FTS5's bm25; documents by best passage."""
    tokens = [fold(t) for t in words(question)]
    if not tokens:
        return []
    match = " OR ".join(f'"{t}"' for t in dict.fromkeys(tokens))
    rows = reader.conn.execute(
        "SELECT d.doc_id FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc "
        "WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT 200",
        (match,),
    )
    return list(dict.fromkeys(r[0] for r in rows))[:k]


def bm25_report(reader: IndexReader, questions: list[dict]) -> dict:
    # BM25 with diacritics kept is in ../shared/eval/BASELINES.md: the index holds folded text only.
    ranks = []
    with reader.snapshot():
        for q in questions:
            if not q["gold_docs"]:
                continue  # no answer in the corpus: nothing to rank
            docs = bm25_docs(reader, q["question"])
            ranks.append(next((i for i, d in enumerate(docs, 1) if d in q["gold_docs"]), None))
    n = len(ranks) or 1
    return {
        "bm25_folded": {
            "hit@1": round(sum(1 for r in ranks if r == 1) / n, 3),
            "hit@5": round(sum(1 for r in ranks if r and r <= 5) / n, 3),
            "hit@10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
            "mrr@10": round(sum(1 / r for r in ranks if r) / n, 3),
        }
    }
