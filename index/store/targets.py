"""The build's targets: ``corpus.targets`` run on each stored passage, written into the
``targets`` table inside the build's transaction.

Extraction reads the stored chunk text (no embedding), so it is cheap. Chunk ids only grow
(AUTOINCREMENT), so ``meta.targets_through`` (the last chunk read) tells which passages are new;
``meta.targets_version`` holds the rules' version, and a change of rules reads every passage again.
An index built before the table existed has neither key: its next build fills the table.
"""

from __future__ import annotations

import sqlite3

from corpus.targets import EXTRACTOR_VERSION, extract_targets
from index.store import per_passage


def targets_stale(conn: sqlite3.Connection) -> bool:
    """Whether some stored passage has not been read by the current rules."""
    return per_passage.stale(conn, "targets", EXTRACTOR_VERSION)


def fill_targets(conn: sqlite3.Connection) -> int:
    """Extract the targets of the passages not read yet (inside the caller's transaction);
    returns how many targets were written."""
    through = per_passage.unread_after(conn, "targets", EXTRACTOR_VERSION)
    rows = conn.execute("SELECT id, text FROM chunks WHERE id > ? ORDER BY id", (through,)).fetchall()
    written = 0
    for chunk_id, text in rows:
        found = extract_targets(text)
        conn.executemany(
            "INSERT INTO targets(chunk, start, end, measure, population, value, unit, comparator, value_text, "
            "deadline, due, responsible) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    chunk_id,
                    t.start,
                    t.end,
                    t.measure,
                    t.population,
                    t.value,
                    t.unit,
                    t.comparator,
                    t.value_text,
                    t.deadline,
                    t.due.isoformat() if t.due else None,
                    t.responsible,
                )
                for t in found
            ],
        )
        written += len(found)
    per_passage.mark_read(conn, "targets", EXTRACTOR_VERSION, rows[-1][0] if rows else through)
    return written


def fill_targets_once(conn: sqlite3.Connection) -> None:
    """On a build with nothing else to write: fill the targets of an index built before the
    table (or before the current rules), in its own transaction."""
    per_passage.fill_once(conn, targets_stale(conn), fill_targets)
