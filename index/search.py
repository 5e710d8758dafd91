"""Hybrid retrieval: dense (FAISS) + lexical (FTS5), fused by weighted reciprocal rank.

Then two kinds of evidence the question itself names are applied: document
numbers (that document first) and dates (documents issued then, passages that
mention them).
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass

import numpy as np

from corpus.dates import find_dates, parse_month_mentions
from corpus.numbers import number_key
from corpus.vietnamese import fold, words
from index import store, vectors, within_document
from index.accents import restore
from index.query import ParsedQuery, fts_match, lexical_terms, parse_query
from index.reader import IndexReader
from index.records import Filters, Hit

NUMBER_BOOST = 1.0  # a named document outranks anything fusion can give (max ≈ 2/61)
CITING_BOOST = 0.01
DATE_DOC_BOOST = 0.02
DATE_TEXT_BOOST = 0.01
# Documents with more passages keep their fused order (one file in the shared archive has 892).
MAX_FOCUS_PASSAGES = 2000
# Two passages sharing this share of their 5-word shingles (Jaccard) say the same thing.
# (Containment instead dropped short articles that restate a document's title.)
NEAR_DUPLICATE = 0.8
SHINGLE = 5


@dataclass
class Candidate:
    chunk_id: int
    score: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None


def language_weights(q: ParsedQuery, reader: IndexReader) -> tuple[float, float]:
    """(dense, lexical) weights: English questions lean on the multilingual model,
    unaccented Vietnamese on folded lexical matching, where each is the stronger signal."""
    s = reader.settings
    dense, lexical = s.dense_weight, s.lexical_weight
    if q.language == "en":
        lexical *= s.en_lexical_factor
    elif q.language == "vi_plain":
        dense *= s.plain_dense_factor
    return dense, lexical


def allowed_docs(conn: sqlite3.Connection, filters: Filters) -> set[int] | None:
    if filters.is_empty():
        return None
    where, args = ["duplicate_of IS NULL"], []
    if filters.doc_types:
        where.append(f"doc_type IN ({','.join('?' * len(filters.doc_types))})")
        args += list(filters.doc_types)
    if filters.issuers:
        where.append(f"issuer IN ({','.join('?' * len(filters.issuers))})")
        args += list(filters.issuers)
    if filters.date_from:
        where.append("issue_date >= ?")
        args.append(filters.date_from.isoformat())
    if filters.date_to:
        where.append("issue_date <= ?")
        args.append(filters.date_to.isoformat())
    if filters.number:
        where.append("number_key = ?")
        args.append(number_key(filters.number))
    return {r[0] for r in conn.execute(f"SELECT id FROM documents WHERE {' AND '.join(where)}", args)}


def _chunk_ids_of(conn: sqlite3.Connection, docs: set[int]) -> list[int]:
    if not docs:
        return []
    marks = ",".join("?" * len(docs))
    return [r[0] for r in conn.execute(f"SELECT id FROM chunks WHERE doc IN ({marks})", list(docs))]


def dense_text(reader: IndexReader, q: ParsedQuery) -> str:
    """What the model embeds for the question: unaccented Vietnamese gets its accents back."""
    if q.language != "vi_plain":
        return q.text
    return restore(reader.conn, q.text).text


def dense_candidates(reader: IndexReader, qv: np.ndarray, allowed: set[int] | None, n: int) -> list[int]:
    if allowed is None:
        return [i for i, _ in vectors.search(reader.faiss_index, qv, n)]
    ids = _chunk_ids_of(reader.conn, allowed)
    return [i for i, _ in vectors.search_subset(reader.faiss_index, qv, ids)[:n]]


def feedback_vector(
    reader: IndexReader, qv: np.ndarray, allowed: set[int] | None, m: int, weight: float
) -> np.ndarray:
    """The question's vector moved toward the mean of its ``m`` nearest passages (Rocchio
    pseudo-relevance feedback). An English question sits far from the Vietnamese passages
    in the model's space; its nearest passages, even when not the answer, are Vietnamese
    text on its subject, and the mix ranks the archive more like a Vietnamese question."""
    ids = dense_candidates(reader, qv, allowed, m)
    if not ids:
        return qv
    mixed = qv + weight * np.mean([reader.faiss_index.reconstruct(int(i)) for i in ids], axis=0)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32)


def term_frequencies(conn: sqlite3.Connection, q: ParsedQuery) -> dict[str, int]:
    """How many passages hold each folded question term (the build's ``term_df`` table)."""
    terms = list({fold(t) for t in q.terms})
    marks = ",".join("?" * len(terms))
    return dict(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", terms).fetchall())


def _idf(df: int, rows: int) -> float:
    # FTS5's own BM25 idf, so the exact-form bonus is on the same scale as bm25().
    return max(math.log((rows - df + 0.5) / (df + 0.5)), 1e-6)


def lexical_candidates(
    conn: sqlite3.Connection,
    q: ParsedQuery,
    allowed: set[int] | None,
    n: int,
    rows: int,
    exact_weight: float,
) -> list[int]:
    """BM25 over folded text, then exact accented forms preferred: a passage holding a
    question word as typed ("thể", not only "thế"/"the") gains ``exact_weight`` × that
    word's idf. ``rows``: passages in the index (from the manifest), to tell common terms
    from rare ones.
    """
    df = term_frequencies(conn, q)
    terms = lexical_terms(q, df, rows)
    if not terms or allowed is not None and not allowed:
        return []
    match = fts_match(terms)
    if allowed is None:
        sql = "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY 2 LIMIT ?"
        found = conn.execute(sql, (match, n)).fetchall()
    else:
        marks = ",".join("?" * len(allowed))
        sql = (
            "SELECT f.rowid, bm25(chunks_fts) FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
            f"WHERE chunks_fts MATCH ? AND c.doc IN ({marks}) ORDER BY 2 LIMIT ?"
        )
        found = conn.execute(sql, (match, *allowed, n)).fetchall()
    accented = {t: fold(t) for t in q.terms if fold(t) != t and fold(t) in terms}
    if not (accented and exact_weight and found):
        return [r[0] for r in found]
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, accented)) + r")(?!\w)")
    ids = [r[0] for r in found]
    marks = ",".join("?" * len(ids))
    # Lower-cased in Python: SQLite's lower() leaves non-ASCII letters (Đ, Ủ …) as they are.
    texts = {
        rowid: store.passage_body(heading, text)
        for rowid, heading, text in conn.execute(
            f"SELECT id, heading, text FROM chunks WHERE id IN ({marks})", ids
        )
    }
    scored = []
    for rowid, bm25 in found:
        exact = set(pattern.findall(texts.get(rowid, "")))
        bonus = sum(_idf(df[accented[t]], rows) for t in exact)
        scored.append((-bm25 + exact_weight * bonus, rowid))
    scored.sort(key=lambda x: -x[0])
    return [rowid for _, rowid in scored]


def named_documents(conn: sqlite3.Connection, q: ParsedQuery) -> tuple[set[int], set[int]]:
    """Documents the question names by number, and documents that cite those numbers."""
    keys = set(q.number_keys)
    targets: set[int] = set()
    for key in keys:
        targets |= {r[0] for r in conn.execute("SELECT id FROM documents WHERE number_key=?", (key,))}
    for doc_type_folded, num in q.bare_numbers:
        rows = conn.execute(
            "SELECT id, doc_type FROM documents WHERE number_key LIKE ? OR number_key LIKE ?",
            (f"{num}-%", f"{num}/%"),
        )
        for rowid, doc_type in rows:
            if doc_type and fold(doc_type) == doc_type_folded:
                targets.add(rowid)
    citing: set[int] = set()
    for key in keys:
        citing |= {r[0] for r in conn.execute("SELECT doc FROM refs WHERE number_key=?", (key,))}
    return targets, citing - targets


def search(reader: IndexReader, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
    """The top ``k`` passages for ``query``. Raises EmptyQuery for punctuation-only input."""
    q = parse_query(query)
    filters = filters or Filters()
    with reader.snapshot():
        return _search_locked(reader, q, k, filters)


def _search_locked(reader: IndexReader, q: ParsedQuery, k: int, filters: Filters) -> list[Hit]:
    conn = reader.conn
    n = reader.settings.candidates
    allowed = allowed_docs(conn, filters)
    targets, citing = named_documents(conn, q)
    if allowed is not None:
        targets &= allowed
        citing &= allowed
    w_dense, w_lex = language_weights(q, reader)
    rrf_k = reader.settings.rrf_k

    qv = reader.embed_query(dense_text(reader, q))
    if q.language == "en" and reader.settings.en_feedback > 0:
        qv = feedback_vector(
            reader, qv, allowed, reader.settings.feedback_passages, reader.settings.en_feedback
        )
    cands: dict[int, Candidate] = {}
    for rank, cid in enumerate(dense_candidates(reader, qv, allowed, n)):
        c = cands.setdefault(cid, Candidate(cid))
        c.dense_rank = rank + 1
        c.score += w_dense / (rrf_k + rank + 1)
    for rank, cid in enumerate(
        lexical_candidates(conn, q, allowed, n, reader.chunk_count, reader.settings.exact_weight)
    ):
        c = cands.setdefault(cid, Candidate(cid))
        c.lexical_rank = rank + 1
        c.score += w_lex / (rrf_k + rank + 1)
    if targets:
        # The named document's passages compete among themselves, ranked by the dense model.
        for rank, cid in enumerate(dense_candidates(reader, qv, targets, n)):
            c = cands.setdefault(cid, Candidate(cid))
            c.score += NUMBER_BOOST + w_dense / (rrf_k + rank + 1)
    if not cands:
        return []

    rows = _chunk_rows(conn, list(cands))
    base: dict[int, float] = {}
    for cid, row in rows.items():
        c = cands[cid]
        if row["doc"] in citing:
            c.score += CITING_BOOST
        base[cid] = c.score
        c.score += _date_bonus(q, row)
    ranked = [c for c in sorted(cands.values(), key=lambda c: -c.score) if c.chunk_id in rows]
    orders = _orders_in_documents(reader, q, qv, ranked, rows, use_lexical=w_lex > 0)
    ranked = _passages_by_question(ranked, rows, base, orders)
    missing = [c.chunk_id for c in ranked if c.chunk_id not in rows]
    if missing:
        rows.update(_chunk_rows(conn, missing))
    return [_hit(rows[c.chunk_id], c) for c in _distinct(ranked, rows, k)]


def _orders_in_documents(
    reader: IndexReader,
    q: ParsedQuery,
    qv: np.ndarray,
    ranked: list[Candidate],
    rows: dict,
    use_lexical: bool,
) -> dict[int, list[int]]:
    """For the first ``focus_documents`` documents of ``ranked``: all their passages (chunk
    ids) best first, scored inside the document (``index.within_document``). The answer
    often sits in a passage that neither retriever put among its candidates: the
    document's subject words are in all its passages, so archive-wide they do not tell
    the passage that answers from its neighbours."""
    s = reader.settings
    docs: list[int] = []
    for c in ranked:
        if len(docs) == s.focus_documents:
            break
        if rows[c.chunk_id]["doc"] not in docs:
            docs.append(rows[c.chunk_id]["doc"])
    orders: dict[int, list[int]] = {}
    for doc in docs:
        folded = dict(
            reader.conn.execute(
                "SELECT rowid, folded FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc=?) LIMIT ?",
                (doc, MAX_FOCUS_PASSAGES + 1),
            )
        )
        if len(folded) > MAX_FOCUS_PASSAGES:
            continue  # a huge file: its candidates keep their fused order
        dense = vectors.search_subset(reader.faiss_index, qv, list(folded))
        lexical = within_document.lexical_scores(q, folded) if use_lexical else {}
        orders[doc] = within_document.passage_order(dense, lexical, s.focus_lexical)
    return orders


def _passages_by_question(
    ranked: list[Candidate], rows: dict, base: dict[int, float], orders: dict[int, list[int]]
) -> list[Candidate]:
    """Dates pick documents, the question's words pick passages: each document keeps the
    places its passages won in ``ranked`` (date bonuses included), but its passages fill
    them in their order inside the document (``orders``, all its passages) or else in the
    order of their scores without the date bonus. Otherwise the passage that merely
    repeats the date (often the document's opening) is cited before the answer."""
    by_doc: dict[int, list[Candidate]] = {}
    for c in ranked:
        by_doc.setdefault(rows[c.chunk_id]["doc"], []).append(c)
    known = {c.chunk_id: c for c in ranked}
    for doc, group in by_doc.items():
        if doc in orders:
            group[:] = [known.get(cid) or Candidate(cid) for cid in orders[doc]]
        else:
            group.sort(key=lambda c: -base[c.chunk_id])
    out = []
    for c in ranked:
        chosen = by_doc[rows[c.chunk_id]["doc"]].pop(0)
        if chosen.chunk_id not in known:
            chosen.score = c.score  # a passage no retriever found takes its place's score
        out.append(chosen)
    return out


def _shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text.lower())
    return {tuple(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))}


def _distinct(ranked: list[Candidate], rows: dict, k: int) -> list[Candidate]:
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
        sh = _shingles(row["text"])
        # Provinces number their decisions alike (Quyết định 87/2025/QĐ-UBND of two
        # provinces): a copy shares the issuer too.
        copy_of = (row["number_key"], row["issuer"]) if row["number_key"] else row["doc"]
        earlier = seen.setdefault(copy_of, [])
        if any(len(sh & o) >= NEAR_DUPLICATE * len(sh | o) for o in earlier):
            continue
        earlier.append(sh)
        kept.append(c)
        if len(kept) == k:
            break
    return kept


def _date_bonus(q: ParsedQuery, row: sqlite3.Row) -> float:
    if not (q.dates or q.months):
        return 0.0
    bonus = 0.0
    issued = row["issue_date"]
    if issued and any(d.isoformat() == issued for d in q.dates):
        bonus += DATE_DOC_BOOST
    elif issued and any(issued.startswith(f"{y:04d}-{m:02d}") for y, m in q.months):
        bonus += DATE_DOC_BOOST / 2
    text = row["text"]
    if q.dates and any(d.value in q.dates for d in find_dates(text)):
        bonus += DATE_TEXT_BOOST
    elif q.months and set(q.months) & set(parse_month_mentions(text)):
        bonus += DATE_TEXT_BOOST
    return bonus


def _chunk_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    try:
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT c.id AS cid, c.doc, c.ordinal, c.start, c.end, c.text, c.section, c.page, c.heading, "
            f"{store.DOC_COLUMNS} "
            f"FROM chunks c JOIN documents d ON d.id = c.doc WHERE c.id IN ({marks})"
        )
        return {r["cid"]: r for r in conn.execute(sql, ids)}
    finally:
        conn.row_factory = None


def _hit(row: sqlite3.Row, c: Candidate) -> Hit:
    doc = store.doc_info(
        (
            row["doc_id"],
            row["doc_type"],
            row["number"],
            row["number_key"],
            row["issuer"],
            row["issue_date"],
            row["title"],
            row["place"],
            row["signer"],
            row["fmt"],
            row["duplicate_of"],
        )
    )
    return Hit(
        chunk_id=row["cid"],
        doc=doc,
        ordinal=row["ordinal"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        section=row["section"],
        page=row["page"],
        heading=row["heading"],
        score=c.score,
        dense_rank=c.dense_rank,
        lexical_rank=c.lexical_rank,
    )
