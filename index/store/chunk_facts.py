"""What the ranker reads of each stored passage beyond its words, worked out once at build
time and kept in the ``chunk_facts`` table: the kinds of answer it holds (a body or person,
dates, amounts, numbers; ``corpus.answer_kinds``); and in ``sentence_facts``, its sentences
that hold some kind, with their folded words (the ranker's question-words-beside-the-answer
columns, ``index.retrieval.features.SENTENCE_KIND``).

Why: counting them by regexes over the ~270 candidate passages of every question cost ~25 ms
of an answer on 2 cores; one indexed read of a few hundred rows replaces it. Splitting and
folding the sentences of the candidates cost ~16 ms more at p50 (~100 ms at p95).

Filled inside the build's transaction like ``index.store.targets``: chunk ids only grow, so
``meta.chunk_facts_through`` tells which passages are new; ``meta.chunk_facts_version`` names
the rules, and a change of rules reads every passage again (an index built before the table
gets it at its next build, nothing embedded).

(A first version also kept each passage's float16 sentence vectors for three ranker features;
the features did not measurably help and were dropped: docs/BENCHMARKS.md.)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from corpus.answer_kinds import Holds, SentenceKinds, sentence_kinds, text_holds
from index.store import per_passage, schema

# Bump when corpus.answer_kinds' counting changes what is stored (4: sentence_facts).
FACTS_VERSION = "4"
BATCH = 1000  # passages read and written at a time


def facts_stale(conn: sqlite3.Connection) -> bool:
    """Whether some stored passage lacks its facts under the current rules."""
    return per_passage.stale(conn, "chunk_facts", FACTS_VERSION)


def fill_chunk_facts(conn: sqlite3.Connection) -> int:
    """Write the facts of the passages not read yet (inside the caller's transaction);
    returns how many passages were read."""
    last = per_passage.unread_after(conn, "chunk_facts", FACTS_VERSION)
    if last == 0:  # read every passage again (new rules, or an index built before the tables)
        conn.execute("DELETE FROM sentence_facts")
    read = 0
    while True:
        rows = conn.execute(
            "SELECT c.id, c.text, f.folded FROM chunks c JOIN chunks_fts f ON f.rowid = c.id "
            "WHERE c.id > ? ORDER BY c.id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            break
        written, in_sentences = [], []
        for chunk_id, text, folded in rows:
            h = text_holds(text, folded)
            written.append((chunk_id, h.who, h.when, h.amount, h.number))
            in_sentences.append((chunk_id, _encode(sentence_kinds(text))))
        conn.executemany(
            "INSERT OR REPLACE INTO chunk_facts(chunk, who, when_, amount, number) VALUES(?,?,?,?,?)", written
        )
        conn.executemany("INSERT OR REPLACE INTO sentence_facts(chunk, sentences) VALUES(?,?)", in_sentences)
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
    return {
        chunk: Holds(who, when, amount, number)
        for chunk, who, when, amount, number in _by_chunk(
            conn, "chunk_facts", "who, when_, amount, number", ids
        )
    }


def read_sentence_kinds(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[SentenceKinds, ...]]:
    """The stored ``corpus.answer_kinds.sentence_kinds`` of these passages (those without, e.g.
    in an index built before the table, are absent)."""
    return {
        chunk: tuple(
            SentenceKinds(w, Holds(who, when, amount, number))
            for who, when, amount, number, w in json.loads(found)
        )
        for chunk, found in _by_chunk(conn, "sentence_facts", "sentences", ids)
    }


def _by_chunk(conn: sqlite3.Connection, table: str, columns: str, ids: Sequence[int]) -> Iterator[tuple]:
    if not ids or not schema.has_table(conn, table):
        return
    for i in range(0, len(ids), 500):  # SQLite bounds the number of parameters
        part = list(ids[i : i + 500])
        marks = ",".join("?" * len(part))
        yield from conn.execute(f"SELECT chunk, {columns} FROM {table} WHERE chunk IN ({marks})", part)


def _encode(found: tuple[SentenceKinds, ...]) -> str:
    return json.dumps(
        [[s.holds.who, s.holds.when, s.holds.amount, s.holds.number, s.words] for s in found],
        ensure_ascii=False,
    )
