"""Bookkeeping for tables the build derives from each stored passage's text (``targets``,
``chunk_facts``): chunk ids only grow (AUTOINCREMENT), so ``meta.<name>_through`` (the last
passage read) tells which passages are new, and ``meta.<name>_version`` holds the rules'
version: a change of rules empties the table and reads every passage again. An index built
before a table has neither key, and its next build fills the table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from index.store import schema


def stale(conn: sqlite3.Connection, name: str, version: str) -> bool:
    """Whether some stored passage has not been read by the current rules."""
    if schema.get_meta(conn, f"{name}_version") != version:
        return bool(conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone())
    through = int(schema.get_meta(conn, f"{name}_through") or "0")
    return bool(conn.execute("SELECT 1 FROM chunks WHERE id > ? LIMIT 1", (through,)).fetchone())


def unread_after(conn: sqlite3.Connection, name: str, version: str) -> int:
    """The last passage already read (inside the caller's transaction); on a change of rules,
    0 once the table ``name`` is emptied."""
    if schema.get_meta(conn, f"{name}_version") != version:
        conn.execute(f"DELETE FROM {name}")
        return 0
    return int(schema.get_meta(conn, f"{name}_through") or "0")


def mark_read(conn: sqlite3.Connection, name: str, version: str, last: int) -> None:
    schema.set_meta(conn, f"{name}_through", str(last))
    schema.set_meta(conn, f"{name}_version", version)


def fill_once(conn: sqlite3.Connection, is_stale: bool, fill: Callable[[sqlite3.Connection], object]) -> None:
    """On a build with nothing else to write: run ``fill`` in its own transaction when the
    table is ``is_stale``."""
    if is_stale:
        conn.execute("BEGIN IMMEDIATE")
        try:
            fill(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
