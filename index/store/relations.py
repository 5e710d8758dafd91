"""Typed relations as stored (refs.kind, corpus/relations.py): what a document's standing is
according to the archive, and the relations among a set of documents (a timeline)."""

from __future__ import annotations

import sqlite3
from datetime import date

from index.records import RefLink, Standing, TimelineEdge
from index.store import schema as store

# What takes a document out of force, or changes it; "cites", "implements" and "carries_out" do not.
_STANDING_KINDS = ("replaces", "repeals", "amends")


def relation_columns(conn: sqlite3.Connection, alias: str = "r") -> str:
    """The SELECT list of refs' relation columns; constants for an index that predates them."""
    if store.has_relations(conn):
        return f"coalesce({alias}.kind, 'cites'), {alias}.partial, {alias}.evidence"
    return "'cites', 0, NULL"


def standing(conn: sqlite3.Connection, key: str | None, issued: date | None) -> Standing:
    """The documents in the archive that say they replace, repeal or amend the one numbered ``key``.
    A citing document that gives another date with the number names another document of the
    same number (another year or issuer) and is left out."""
    if not key or not store.has_relations(conn):
        return Standing()
    rows = conn.execute(
        "SELECT r.kind, r.partial, r.evidence, r.ref_date, d.doc_type, d.number, d.issue_date, d.doc_id, d.title "
        "FROM refs r JOIN documents d ON d.id = r.doc "
        "WHERE r.number_key = ? AND r.kind IN (?, ?, ?) AND d.number_key IS NOT ? AND d.duplicate_of IS NULL "
        "ORDER BY d.issue_date DESC",
        (key, *_STANDING_KINDS, key),
    ).fetchall()
    found: dict[str, list[RefLink]] = {k: [] for k in _STANDING_KINDS}
    for kind, partial, evidence, ref_date, doc_type, number, issue_date, doc_id, title in rows:
        if ref_date and issued and ref_date != issued.isoformat():
            continue
        when = date.fromisoformat(issue_date) if issue_date else None
        found[kind].append(RefLink(doc_type, number, when, doc_id, title, kind, bool(partial), evidence))
    return Standing(
        replaced_by=tuple(found["replaces"]),
        repealed_by=tuple(found["repeals"]),
        amended_by=tuple(found["amends"]),
    )


def edges_among(conn: sqlite3.Connection, doc_ids: list[str]) -> tuple[TimelineEdge, ...]:
    """Every relation stored between two of ``doc_ids`` (one per pair, the citing document's)."""
    if len(doc_ids) < 2:
        return ()
    marks = ",".join("?" * len(doc_ids))
    rows = conn.execute(
        f"SELECT s.doc_id, t.doc_id, {relation_columns(conn)} FROM refs r "
        f"JOIN documents s ON s.id = r.doc JOIN documents t ON t.number_key = r.number_key "
        f"WHERE s.doc_id IN ({marks}) AND t.doc_id IN ({marks}) AND s.doc_id != t.doc_id "
        f"AND (r.ref_date IS NULL OR t.issue_date IS NULL OR r.ref_date = t.issue_date) ORDER BY r.rowid",
        (*doc_ids, *doc_ids),
    ).fetchall()
    seen: set[tuple[str, str]] = set()
    edges = []
    for source, target, kind, partial, evidence in rows:
        if (source, target) not in seen:
            seen.add((source, target))
            edges.append(TimelineEdge(source, target, kind, bool(partial), evidence or ""))
    return tuple(edges)
