"""Plain BM25 over the same chunks (FTS5's bm25), the bar the hybrid pipeline must beat."""

from __future__ import annotations

from corpus.vietnamese import fold, words
from index.reader import IndexReader


def bm25_docs(reader: IndexReader, question: str, column: str, k: int = 10) -> list[str]:
    tokens = words(question)
    if column == "folded":
        tokens = [fold(t) for t in tokens]
    if not tokens:
        return []
    match = " OR ".join(f'{column} : "{t}"' for t in dict.fromkeys(tokens))
    rows = reader.conn.execute(
        "SELECT d.doc_id FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc "
        "WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT 200",
        (match,),
    )
    return list(dict.fromkeys(r[0] for r in rows))[:k]


def bm25_report(reader: IndexReader, questions: list[dict]) -> dict:
    out = {}
    for column, name in (("exact", "bm25_kept"), ("folded", "bm25_folded")):
        ranks = []
        with reader.snapshot():
            for q in questions:
                docs = bm25_docs(reader, q["question"], column)
                rank = next((i for i, d in enumerate(docs, 1) if d in q["gold_docs"]), None)
                ranks.append(rank)
        n = len(ranks) or 1
        out[name] = {
            "hit@1": round(sum(1 for r in ranks if r == 1) / n, 3),
            "hit@5": round(sum(1 for r in ranks if r and r <= 5) / n, 3),
            "hit@10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
            "mrr@10": round(sum(1 / r for r in ranks if r) / n, 3),
        }
    return out
