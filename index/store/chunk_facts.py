"""What the ranker reads of each stored passage beyond its text, worked out once at build
time and kept in the ``chunk_facts`` table: the kinds of answer it holds (counted by
``index.retrieval.answer_type``) and the vectors of its sentences (``corpus.sentences`` over
the passage, the vectors the build stored in the embedding cache).

Why: at question time these cost ~100 ms of a 250 ms answer on 2 cores (regexes over ~270
candidate passages, and ~2,500 sentence vectors looked up by text hash in the embedding
cache); one indexed read of a few hundred rows replaces them.

Filled inside the build's transaction like ``index.store.targets``: chunk ids only grow, so
``meta.chunk_facts_through`` tells which passages are new; ``meta.chunk_facts_version`` names
the rules and the model whose sentence vectors are kept, and a change of either reads every
passage again. Sentence vectors are stored as float16 (half the size; cosines move by ~1e-3,
and the ranker is trained on these same stored values).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.answer_kinds import Holds, text_holds
from corpus.sentences import sentences
from index.store import schema
from index.store.embedding_cache import EmbeddingCache, text_hash

# Bump when answer_type's counting or corpus.sentences changes what is stored.
FACTS_VERSION = "1"
BATCH = 400  # passages read and written at a time


@dataclass(frozen=True)
class ChunkFacts:
    holds: Holds
    sentences: np.ndarray  # (n, dim) float32; n = 0 when no sentence vector was stored


def version(fingerprint: str | None) -> str:
    """The meta value for the current rules and the model whose sentence vectors are kept
    (None: sentence vectors are not made)."""
    return f"{FACTS_VERSION}/{fingerprint or 'none'}"


def facts_stale(conn: sqlite3.Connection, fingerprint: str | None) -> bool:
    """Whether some stored passage lacks its facts under the current rules and model."""
    if schema.get_meta(conn, "chunk_facts_version") != version(fingerprint):
        return bool(conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone())
    through = int(schema.get_meta(conn, "chunk_facts_through") or "0")
    return bool(conn.execute("SELECT 1 FROM chunks WHERE id > ? LIMIT 1", (through,)).fetchone())


def _sentence_blob(text: str, vectors: dict[str, bytes]) -> bytes | None:
    found = [vectors[h] for h in (text_hash(text[a:b]) for a, b in sentences(text)) if h in vectors]
    if not found:
        return None
    matrix = np.frombuffer(b"".join(found), dtype=np.float32).reshape(len(found), -1)
    return matrix.astype(np.float16).tobytes()


def fill_chunk_facts(conn: sqlite3.Connection, cache: EmbeddingCache | None, fingerprint: str | None) -> int:
    """Write the facts of the passages not read yet (inside the caller's transaction);
    ``fingerprint``: the model whose stored sentence vectors are kept (None: none kept).
    Returns how many passages were read."""
    through = int(schema.get_meta(conn, "chunk_facts_through") or "0")
    if schema.get_meta(conn, "chunk_facts_version") != version(fingerprint):
        conn.execute("DELETE FROM chunk_facts")
        through = 0
    read = 0
    last = through
    while True:
        rows = conn.execute(
            "SELECT c.id, c.text, f.folded FROM chunks c JOIN chunks_fts f ON f.rowid = c.id "
            "WHERE c.id > ? ORDER BY c.id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            break
        vectors: dict[str, bytes] = {}
        if cache is not None and fingerprint:
            hashes = [text_hash(t[a:b]) for _, t, _ in rows for a, b in sentences(t)]
            vectors = cache.stored(fingerprint, hashes)
        written = []
        for chunk_id, text, folded in rows:
            h = text_holds(text, folded)
            written.append((chunk_id, h.who, h.when, h.amount, h.number, _sentence_blob(text, vectors)))
        conn.executemany("INSERT OR REPLACE INTO chunk_facts VALUES(?,?,?,?,?,?)", written)
        read += len(rows)
        last = rows[-1][0]
    schema.set_meta(conn, "chunk_facts_through", str(last))
    schema.set_meta(conn, "chunk_facts_version", version(fingerprint))
    return read


def fill_chunk_facts_once(conn: sqlite3.Connection, cache: EmbeddingCache, fingerprint: str | None) -> None:
    """On a build with nothing else to write: fill the facts of an index built before the
    table (or before the current rules or model), in its own transaction."""
    if facts_stale(conn, fingerprint):
        conn.execute("BEGIN IMMEDIATE")
        try:
            fill_chunk_facts(conn, cache, fingerprint)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def read_chunk_facts(conn: sqlite3.Connection, ids: Sequence[int], dim: int) -> dict[int, ChunkFacts]:
    """The stored facts of these passages (those without, e.g. in an index built before the
    table, are absent)."""
    out: dict[int, ChunkFacts] = {}
    if not ids or not schema.has_table(conn, "chunk_facts"):
        return out
    for i in range(0, len(ids), 500):  # SQLite bounds the number of parameters
        part = list(ids[i : i + 500])
        marks = ",".join("?" * len(part))
        for chunk, who, when, amount, number, blob in conn.execute(
            f"SELECT chunk, who, when_, amount, number, sentences FROM chunk_facts WHERE chunk IN ({marks})",
            part,
        ):
            matrix = (
                np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)
                if blob
                else np.zeros((0, dim), np.float32)
            )
            out[chunk] = ChunkFacts(Holds(who, when, amount, number), matrix)
    return out
