"""What the ranker reads of each stored passage beyond its words, worked out once at build
time and kept in the ``chunk_facts`` table: the kinds of answer it holds (a body or person,
dates, amounts, numbers; ``corpus.answer_kinds``).

Why: counting them by regexes over the ~270 candidate passages of every question cost ~25 ms
of an answer on 2 cores; one indexed read of a few hundred rows replaces it.

Filled inside the build's transaction like ``index.store.targets``: chunk ids only grow, so
``meta.chunk_facts_through`` tells which passages are new; ``meta.chunk_facts_version`` names
the rules, and a change of rules reads every passage again (an index built before the table
gets it at its next build, nothing embedded).

(A first version also kept each passage's float16 sentence vectors for three ranker features;
the features did not measurably help and were dropped: docs/BENCHMARKS.md.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from corpus.answer_kinds import Holds, text_holds
from index.store import per_passage, schema

# Bump when corpus.answer_kinds' counting changes what is stored.
FACTS_VERSION = "3"
BATCH = 1000  # passages read and written at a time


def facts_stale(conn: sqlite3.Connection) -> bool:
    """Whether some stored passage lacks its facts under the current rules."""
    return per_passage.stale(conn, "chunk_facts", FACTS_VERSION)


def fill_chunk_facts(conn: sqlite3.Connection) -> int:
    """Write the facts of the passages not read yet (inside the caller's transaction);
    returns how many passages were read."""
    last = per_passage.unread_after(conn, "chunk_facts", FACTS_VERSION)
    read = 0
    while True:
        rows = conn.execute(
            "SELECT c.id, c.text, f.folded FROM chunks c JOIN chunks_fts f ON f.rowid = c.id "
            "WHERE c.id > ? ORDER BY c.id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            break
        written = []
        for chunk_id, text, folded in rows:
            h = text_holds(text, folded)
            written.append((chunk_id, h.who, h.when, h.amount, h.number))
        conn.executemany(
            "INSERT OR REPLACE INTO chunk_facts(chunk, who, when_, amount, number) VALUES(?,?,?,?,?)", written
        )
        read += len(rows)
        last = rows[-1][0]
    per_passage.mark_read(conn, "chunk_facts", FACTS_VERSION, last)
    return read


def fill_chunk_facts_once(conn: sqlite3.Connection) -> None:
    """On a build with nothing else to write: fill the facts of an index built before the
    table (or before the current rules), in its own transaction."""
    per_passage.fill_once(conn, facts_stale(conn), fill_chunk_facts)


def read_holds(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Holds]:
    """The stored answer kinds of these passages (those without, e.g. in an index built
    before the table, are absent)."""
    out: dict[int, Holds] = {}
    if not ids or not schema.has_table(conn, "chunk_facts"):
        return out
    for i in range(0, len(ids), 500):  # SQLite bounds the number of parameters
        part = list(ids[i : i + 500])
        marks = ",".join("?" * len(part))
        for chunk, who, when, amount, number in conn.execute(
            f"SELECT chunk, who, when_, amount, number FROM chunk_facts WHERE chunk IN ({marks})", part
        ):
            out[chunk] = Holds(who, when, amount, number)
    return out
