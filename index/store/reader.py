"""An open index for searching: SQLite store + the FAISS file of the same build.

Each query runs inside one SQLite read transaction and checks the build
generation first, reloading the vectors if a build committed since: the reader
sees the old index or the new one, never chunks of one and vectors of another.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np

from config import Settings
from corpus.answer_kinds import Holds, SentenceKinds
from embedder import Embedder
from index.errors import IndexDamaged, NoIndex
from index.store import schema as store
from index.store import vectors
from index.store.chunk_facts import read_holds, read_sentence_kinds
from index.store.embedding_cache import StoredVectors, text_hash
from index.store.manifest import Manifest, check_compatible
from index.store.schema import DB_NAME


class IndexReader:
    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        db = settings.index_dir / DB_NAME
        if not db.exists():
            raise NoIndex(
                f"No index in {settings.index_dir}: build one with `python -m index build ARCHIVE_DIR`"
                f" (data folder from --data or ${'{'}CHITHI_DATA{'}'})."
            )
        self._db = db
        self._inode = 0
        self.conn = self._connect()
        self._lock = threading.RLock()
        self._depth = 0
        self._generation: str | None = None
        self._faiss: faiss.Index | None = None
        self.manifest: Manifest | None = None
        self._query_cache: dict[str, np.ndarray] = {}
        self._sentence_cache: dict[str, np.ndarray] = {}
        self._stored = StoredVectors(settings.cache_path)
        with self.snapshot():
            pass

    def _connect(self) -> sqlite3.Connection:
        try:
            self._inode = self._db.stat().st_ino
            return store.connect(self._db, readonly=True)
        except (sqlite3.Error, OSError) as exc:
            raise _damaged(self.settings, exc) from exc

    def _follow_replaced_file(self) -> None:
        """A build that repaired a damaged index put a new database file in place: read that one."""
        try:
            inode = self._db.stat().st_ino
        except OSError:
            return  # gone: the next query says the index is damaged or missing
        if inode != self._inode:
            self.conn.close()
            self.conn = self._connect()
            self._generation = None

    def _refresh(self) -> None:
        generation = store.get_meta(self.conn, "generation")
        if generation is None:
            raise NoIndex(
                f"The index in {self.settings.index_dir} has no finished build yet: "
                "run `python -m index build ARCHIVE_DIR` (or wait for the running build)."
            )
        if generation == self._generation:
            return
        raw = store.get_meta(self.conn, "manifest")
        if raw is None:
            raise NoIndex(
                f"The index in {self.settings.index_dir} is empty: run `python -m index build ARCHIVE_DIR`."
            )
        manifest = Manifest.from_json(raw)
        check_compatible(manifest, self.embedder.fingerprint)
        path = self.settings.index_dir / str(store.get_meta(self.conn, "vectors_file"))
        try:
            self._faiss = vectors.read(path)
        except RuntimeError as exc:  # FAISS: missing or unreadable file
            raise _damaged(self.settings, f"the vectors file {path.name} is missing or unreadable") from exc
        self.manifest = manifest
        self._generation = generation

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one read transaction (one consistent state) for the duration of a query.
        Re-entrant: a snapshot opened inside another reads the same transaction, so an
        answer's retrieval, passages and citations all see one build generation."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._follow_replaced_file()
            try:
                self.conn.execute("BEGIN")
            except sqlite3.DatabaseError as exc:
                raise _damaged(self.settings, exc) from exc
            self._depth = 1
            failed = False
            try:
                self._refresh()
                yield
            except sqlite3.DatabaseError as exc:  # a damaged page, met by any query of the snapshot
                failed = True
                if _busy(exc):
                    raise
                raise _damaged(self.settings, exc) from exc
            except BaseException:
                failed = True
                raise
            finally:
                self._depth = 0
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    if not failed:
                        raise _damaged(self.settings, exc) from exc

    @property
    def chunk_count(self) -> int:
        """Passages in the current build (from its manifest)."""
        return self.manifest.chunks if self.manifest else 0

    @property
    def faiss_index(self) -> faiss.Index:
        assert self._faiss is not None
        return self._faiss

    def embed_query(self, text: str) -> np.ndarray:
        # search() and ask() both need the question's vector: embed it once.
        vec = self._query_cache.get(text)
        if vec is None:
            vec = self.embedder.embed([text], "query")[0]
            if len(self._query_cache) > 256:
                self._query_cache.clear()
            self._query_cache[text] = vec
        return vec

    def stored_holds(self, ids: list[int]) -> dict[int, Holds]:
        """The answer kinds the build counted in these passages, read in the caller's snapshot;
        passages without (an index built before the table) are absent."""
        return read_holds(self.conn, ids)

    def stored_sentence_kinds(self, ids: list[int]) -> dict[int, tuple[SentenceKinds, ...]]:
        """The sentences holding some kind of answer that the build stored for these passages,
        read in the caller's snapshot; passages without (an older index) are absent."""
        return read_sentence_kinds(self.conn, ids)

    def stored_sentences(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors a build stored for these sentences (``sentence_vectors``), by text;
        sentences it did not store (cut at a passage's edge, or an older build) are absent."""
        if not self.settings.sentence_vectors:
            return {}
        by_hash = {text_hash(t): t for t in texts}
        found = self._stored.lookup(self.embedder.fingerprint, list(by_hash))
        return {by_hash[h]: v for h, v in found.items()}

    def embed_passages_cached(self, texts: list[str]) -> np.ndarray:
        """Sentence vectors for answer highlighting: those the build stored, else embedded
        now and remembered across questions."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._sentence_cache))
        if missing:
            if len(self._sentence_cache) > 20_000:
                self._sentence_cache.clear()
            stored = self.stored_sentences(missing)
            self._sentence_cache.update(stored)
            todo = [t for t in missing if t not in stored]
            if todo:
                self._sentence_cache.update(zip(todo, self.embedder.embed(todo, "passage")))
        return np.vstack([self._sentence_cache[t] for t in texts])

    def close(self) -> None:
        self.conn.close()
        self._stored.close()


def _busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _damaged(settings: Settings, cause: object) -> IndexDamaged:
    try:  # the manifest file names the archive folder, so the fix can be typed as it is
        archive = Manifest.from_json(
            (settings.index_dir / "manifest.json").read_text(encoding="utf-8")
        ).archive
    except (OSError, ValueError, TypeError):
        archive = ""
    return IndexDamaged(
        f"The index in {settings.index_dir} is damaged ({cause}): see `python -m index check`, and repair "
        f"it with `python -m index build {archive or 'ARCHIVE_DIR'}` (rebuilt from the archive and the "
        "embedding cache, nothing is re-embedded)."
    )
