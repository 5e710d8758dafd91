"""Every SQL statement the query side runs (retrieval and answers), returning plain values
or typed rows. The schema lives in ``index.store.schema``; the build's writes in
``index.store.commit``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from corpus.numbers import number_key
from index.records import DocInfo, Filters, TargetRow
from index.store.schema import DOC_COLUMNS, doc_info, has_table, passage_body


@dataclass(frozen=True)
class ChunkRow:
    """One stored passage with its document's metadata."""

    chunk_id: int
    doc: int  # documents.id
    ordinal: int
    start: int
    end: int
    text: str
    section: str
    page: int | None
    heading: str
    info: DocInfo

    @property
    def copy_key(self) -> object:
        """What copies of one document share: number and issuer (provinces number their
        decisions alike, so the number alone is not enough), else the document itself."""
        return (self.info.number_key, self.info.issuer) if self.info.number_key else self.doc


def _marks(values: object) -> str:
    return ",".join("?" * len(values))  # type: ignore[arg-type]


def allowed_docs(conn: sqlite3.Connection, filters: Filters) -> set[int] | None:
    """Row ids of the documents the filters allow; None when nothing is filtered."""
    if filters.is_empty():
        return None
    where, args = ["duplicate_of IS NULL"], []
    if filters.doc_types:
        where.append(f"doc_type IN ({_marks(filters.doc_types)})")
        args += list(filters.doc_types)
    if filters.issuers:
        where.append(f"issuer IN ({_marks(filters.issuers)})")
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


def chunk_ids_of(conn: sqlite3.Connection, docs: set[int]) -> list[int]:
    if not docs:
        return []
    return [r[0] for r in conn.execute(f"SELECT id FROM chunks WHERE doc IN ({_marks(docs)})", list(docs))]


def term_frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """How many passages hold each folded term (the build's ``term_df`` table)."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return {}
    sql = f"SELECT term, df FROM term_df WHERE term IN ({_marks(terms)})"
    return dict(conn.execute(sql, terms).fetchall())


def fts_search(
    conn: sqlite3.Connection, match: str, n: int, allowed: set[int] | None
) -> list[tuple[int, float]]:
    """(chunk id, FTS5 bm25) of the best ``n`` passages for a MATCH string; bm25 is
    negative, lower is better."""
    if allowed is None:
        sql = "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY 2 LIMIT ?"
        return conn.execute(sql, (match, n)).fetchall()
    sql = (
        "SELECT f.rowid, bm25(chunks_fts) FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
        f"WHERE chunks_fts MATCH ? AND c.doc IN ({_marks(allowed)}) ORDER BY 2 LIMIT ?"
    )
    return conn.execute(sql, (match, *allowed, n)).fetchall()


def passage_bodies(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """Chunk id → heading and text in lower case, as lexical search reads a passage."""
    if not ids:
        return {}
    rows = conn.execute(f"SELECT id, heading, text FROM chunks WHERE id IN ({_marks(ids)})", ids)
    return {rowid: passage_body(heading, text) for rowid, heading, text in rows}


def documents_numbered(conn: sqlite3.Connection, key: str) -> set[int]:
    return {r[0] for r in conn.execute("SELECT id FROM documents WHERE number_key=?", (key,))}


def documents_with_bare_number(conn: sqlite3.Connection, num: str) -> list[tuple[int, str | None]]:
    """(row id, type) of documents whose number starts with ``num`` ("20" → 20-KL/TW)."""
    sql = "SELECT id, doc_type FROM documents WHERE number_key LIKE ? OR number_key LIKE ?"
    return conn.execute(sql, (f"{num}-%", f"{num}/%")).fetchall()


def documents_citing(conn: sqlite3.Connection, key: str) -> set[int]:
    return {r[0] for r in conn.execute("SELECT doc FROM refs WHERE number_key=?", (key,))}


def chunk_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, ChunkRow]:
    if not ids:
        return {}
    sql = (
        "SELECT c.id, c.doc, c.ordinal, c.start, c.end, c.text, c.section, c.page, c.heading, "
        f"{DOC_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.doc WHERE c.id IN ({_marks(ids)})"
    )
    out = {}
    for cid, doc, ordinal, start, end, text, section, page, heading, *info in conn.execute(sql, ids):
        out[cid] = ChunkRow(cid, doc, ordinal, start, end, text, section, page, heading, doc_info(info))
    return out


def folded_passages(conn: sqlite3.Connection, doc: int, limit: int) -> dict[int, str]:
    """Chunk id → folded text (as the FTS column holds it) of a document's passages, at
    most ``limit`` of them."""
    sql = "SELECT rowid, folded FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc=?) LIMIT ?"
    return dict(conn.execute(sql, (doc, limit)))


def folded_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """Chunk id → folded text (heading and text, as the FTS column holds it)."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):  # SQLite bounds the number of parameters
        part = ids[i : i + 500]
        out.update(
            conn.execute(f"SELECT rowid, folded FROM chunks_fts WHERE rowid IN ({_marks(part)})", part)
        )
    return out


def terms_in_document(conn: sqlite3.Connection, doc_id: str, terms: list[str]) -> set[str]:
    """Which folded terms occur somewhere in a document's passages (FTS5, one query each)."""
    found = set()
    for term in terms:
        sql = (
            "SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid IN "
            "(SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc WHERE d.doc_id = ?) LIMIT 1"
        )
        if conn.execute(sql, ('"' + term.replace('"', '""') + '"', doc_id)).fetchone():
            found.add(term)
    return found


def documents_mentioning(conn: sqlite3.Connection, phrases: list[str], docs: set[int]) -> set[int]:
    """Which of ``docs`` (row ids) hold any of the folded ``phrases`` in a passage."""
    if not phrases or not docs:
        return set()
    match = " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases)
    sql = (
        "SELECT DISTINCT c.doc FROM chunks c WHERE c.id IN "
        f"(SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?) AND c.doc IN ({_marks(docs)})"
    )
    return {r[0] for r in conn.execute(sql, (match, *docs))}


def document_text(conn: sqlite3.Connection, doc_id: str) -> tuple[int, str]:
    """(row id, cleaned text) of a document."""
    return conn.execute("SELECT id, text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()


def targets_in_span(conn: sqlite3.Connection, doc_id: str, start: int, end: int) -> list[TargetRow]:
    """The stored targets whose clause lies in ``[start, end)`` of document ``doc_id``'s text, in
    text order, once each (neighbouring chunks overlap: a clause they share is stored twice,
    the longer reading is kept).
    An index built before the targets table has none."""
    if not has_table(conn, "targets"):
        return []
    rows = conn.execute(
        "SELECT t.chunk, t.start, t.end, c.start, t.measure, t.population, t.value, t.unit, t.comparator, "
        f"t.value_text, t.deadline, t.due, t.responsible, c.section, c.text, {DOC_COLUMNS} "
        "FROM targets t JOIN chunks c ON t.chunk = c.id JOIN documents d ON c.doc = d.id "
        "WHERE d.doc_id = ? AND c.start + t.start >= ? AND c.start + t.end <= ? "
        "ORDER BY c.start + t.start, t.chunk",
        (doc_id, start, end),
    ).fetchall()
    out: list[TargetRow] = []
    for (
        chunk,
        s,
        e,
        offset,
        measure,
        population,
        value,
        unit,
        cmp,
        vtext,
        deadline,
        due,
        body,
        section,
        text,
        *doc,
    ) in rows:
        same = [
            i for i, o in enumerate(out) if o.value == value and o.start < offset + e and offset + s < o.end
        ]
        if same and out[same[0]].end - out[same[0]].start >= e - s:
            continue
        if same:
            del out[same[0]]
        out.append(
            TargetRow(
                measure=measure,
                population=population,
                value=value,
                unit=unit,
                comparator=cmp,
                value_text=vtext,
                deadline=deadline,
                due=date.fromisoformat(due) if due else None,
                responsible=body,
                sentence=text[s:e],
                doc=doc_info(doc),
                section=section,
                chunk_id=chunk,
                start=offset + s,
                end=offset + e,
            )
        )
    return out
