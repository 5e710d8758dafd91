"""Embeddings cached by model fingerprint + chunk text hash, so nothing is embedded twice.

A separate SQLite file, committed batch by batch: a build killed half way keeps
every batch it finished, and the next build only embeds the rest.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _stored_rows(conn: sqlite3.Connection, model: str, hashes: Sequence[str], columns: str) -> list[tuple]:
    """``columns`` of the stored vectors among ``hashes`` (looked up 500 at a time: SQLite's
    limit on bound parameters)."""
    unique = list(dict.fromkeys(hashes))
    rows: list[tuple] = []
    for i in range(0, len(unique), 500):
        part = unique[i : i + 500]
        marks = ",".join("?" * len(part))
        rows += conn.execute(
            f"SELECT {columns} FROM vectors WHERE model=? AND text_hash IN ({marks})", (model, *part)
        ).fetchall()
    return rows


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors("
            "model TEXT NOT NULL, text_hash TEXT NOT NULL, vec BLOB NOT NULL, PRIMARY KEY(model, text_hash))"
        )
        self.conn.commit()

    def missing(self, model: str, hashes: Sequence[str]) -> set[str]:
        have = {h for (h,) in _stored_rows(self.conn, model, hashes, "text_hash")}
        return set(hashes) - have

    def put(self, model: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        rows = [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in zip(hashes, vectors)]
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO vectors(model, text_hash, vec) VALUES(?,?,?)", rows)

    def get(self, model: str, hashes: Sequence[str], dim: int) -> np.ndarray:
        """Vectors in the order of ``hashes``; every hash must be present."""
        found: dict[str, bytes] = dict(_stored_rows(self.conn, model, hashes, "text_hash, vec"))
        out = np.empty((len(hashes), dim), dtype=np.float32)
        for i, h in enumerate(hashes):
            out[i] = np.frombuffer(found[h], dtype=np.float32)
        return out

    def fill(
        self,
        model: str,
        items: Sequence[tuple[str, str]],
        embed: Callable[[list[str]], np.ndarray],
        batch: int = 256,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Embed the (hash, text) pairs not cached yet, committing every ``batch``; returns how many."""
        todo: dict[str, str] = {}
        missing = self.missing(model, [h for h, _ in items])
        for h, t in items:
            if h in missing and h not in todo:
                todo[h] = t
        pairs = list(todo.items())
        for i in range(0, len(pairs), batch):
            part = pairs[i : i + batch]
            vecs = embed([t for _, t in part])
            self.put(model, [h for h, _ in part], vecs)
            if progress:
                progress(len(part))
        return len(pairs)

    def close(self) -> None:
        self.conn.close()


class StoredVectors:
    """Read-only lookups in the embedding cache, for the sentence vectors a build stored
    (``index.store.build``): an answer reads them instead of embedding sentences. No
    cache file, or one this user cannot open, means nothing is stored: callers embed."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._opened = False

    def _connection(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._opened = True
            if self._path.is_file():
                try:
                    conn = sqlite3.connect(
                        f"{self._path.resolve().as_uri()}?mode=ro",
                        uri=True,
                        timeout=5,
                        check_same_thread=False,
                    )
                    conn.execute("SELECT 1 FROM vectors LIMIT 1").fetchall()
                    self._conn = conn
                except sqlite3.Error:
                    self._conn = None
        return self._conn

    def lookup(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        conn = self._connection()
        if conn is None:
            return {}
        try:
            rows = _stored_rows(conn, model, hashes, "text_hash, vec")
        except sqlite3.Error:
            return {}
        return {h: np.frombuffer(v, dtype=np.float32) for h, v in rows}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
