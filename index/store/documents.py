"""Documents by id or number, what they cite and what cites them, index statistics."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from corpus.numbers import number_key
from index.errors import DocumentNotFound
from index.records import DocInfo, DocumentView, IndexStats, RefLink
from index.store import schema as store
from index.store.reader import IndexReader
from index.store.relations import relation_columns, standing


def _info_where(conn: sqlite3.Connection, where: str, args: tuple) -> list[DocInfo]:
    rows = conn.execute(f"SELECT {store.DOC_COLUMNS} FROM documents WHERE {where}", args)
    return [store.doc_info(r) for r in rows]


def find_by_number(reader: IndexReader, number: str) -> list[DocInfo]:
    """Documents whose own number matches, whatever the spacing, case or đ/d."""
    with reader.snapshot():
        return _info_where(reader.conn, "number_key = ? ORDER BY issue_date DESC", (number_key(number),))


def cites(conn: sqlite3.Connection, rowid: int) -> tuple[RefLink, ...]:
    rows = conn.execute(
        f"SELECT r.doc_type, r.number, r.ref_date, d.doc_id, d.title, {relation_columns(conn)} FROM refs r "
        "LEFT JOIN documents d ON d.number_key = r.number_key AND r.number_key IS NOT NULL "
        "WHERE r.doc = ? ORDER BY r.rowid",
        (rowid,),
    )
    seen: set[tuple] = set()
    out = []
    for doc_type, number, ref_date, doc_id, title, kind, partial, evidence in rows:
        if (number, doc_id) in seen:
            continue
        seen.add((number, doc_id))
        when = date.fromisoformat(ref_date) if ref_date else None
        out.append(RefLink(doc_type, number, when, doc_id, title, kind, bool(partial), evidence))
    return tuple(out)


def cited_by(conn: sqlite3.Connection, key: str | None) -> tuple[RefLink, ...]:
    if not key:
        return ()
    rows = conn.execute(
        f"SELECT DISTINCT d.doc_type, d.number, d.issue_date, d.doc_id, d.title, {relation_columns(conn)} "
        "FROM refs r JOIN documents d ON d.id = r.doc WHERE r.number_key = ? AND d.number_key IS NOT ? "
        "ORDER BY d.issue_date DESC",
        (key, key),
    )
    return tuple(
        RefLink(t, n, date.fromisoformat(dt) if dt else None, doc_id, title, kind, bool(partial), evidence)
        for t, n, dt, doc_id, title, kind, partial, evidence in rows
    )


def get_document(reader: IndexReader, doc_id: str) -> DocumentView:
    with reader.snapshot():
        conn = reader.conn
        row = conn.execute(
            f"SELECT id, text, path, pages, {store.DOC_COLUMNS} FROM documents WHERE doc_id=?", (doc_id,)
        )
        found = row.fetchone()
        if found is None:
            raise DocumentNotFound(
                f"No document {doc_id!r} in the index: check the id with `python -m index search`."
            )
        rowid, text, path, pages, *rest = found
        info = store.doc_info(tuple(rest))
        return DocumentView(
            doc=info,
            text=text,
            path=path,
            cites=cites(conn, rowid),
            cited_by=cited_by(conn, info.number_key),
            pages=tuple(tuple(p) for p in json.loads(pages)),
            standing=standing(conn, info.number_key, info.issue_date),
        )


def stats(reader: IndexReader) -> IndexStats:
    with reader.snapshot():
        conn = reader.conn
        count = conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
        dups = conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
        chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        skipped = conn.execute("SELECT count(*) FROM skipped").fetchone()[0]
        by_type = dict(
            conn.execute(
                "SELECT coalesce(doc_type, '—'), count(*) FROM documents WHERE duplicate_of IS NULL "
                "GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        )
        by_issuer = dict(
            conn.execute(
                "SELECT coalesce(issuer, '—'), count(*) FROM documents WHERE duplicate_of IS NULL "
                "GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        )
        m = reader.manifest
        return IndexStats(
            documents=count,
            chunks=chunks,
            duplicates=dups,
            skipped=skipped,
            model=m.model if m else "",
            built_at=m.built_at if m else None,
            archive=m.archive if m else None,
            by_type=by_type,
            by_issuer=by_issuer,
        )


def skipped_files(reader: IndexReader) -> list[tuple[str, str, str]]:
    with reader.snapshot():
        return reader.conn.execute("SELECT doc_id, problem, action FROM skipped ORDER BY doc_id").fetchall()
