"""Incremental, crash-safe build of the index from an archive folder.

Order of work, so that kill -9 at any moment leaves the previous index usable:
1. hash every file and compare with the store (new / changed / unchanged / removed);
2. load and chunk what is new or changed;
3. embed missing chunks into the embedding cache, committed batch by batch;
4. in ONE SQLite transaction: swap documents, chunks, FTS rows and references,
   write the FAISS file under a new name, record it as current, commit.
Until step 4 commits, readers see the old state; an interrupted build leaves
only cached embeddings behind, which the next build reuses.
"""

from __future__ import annotations

import fcntl
import sys
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from tqdm import tqdm

from config import Settings
from corpus.chunking import chunk_document
from corpus.loader import doc_id_for, file_hash, list_archive_files, load_document, same_text_key
from corpus.types import Chunk, Document, LoadIssue
from corpus.vietnamese import fold
from embedder import Embedder
from index import store, vectors
from index.accents import store_forms
from index.embedding_cache import EmbeddingCache, text_hash
from index.manifest import FORMAT_VERSION, IndexMismatch, Manifest, check_compatible, write_file

DB_NAME = "index.sqlite"


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[LoadIssue] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (duplicate, original)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)} · updated {len(self.updated)} · removed {len(self.removed)} · "
            f"unchanged {self.unchanged} · skipped {len(self.skipped)} · duplicates {len(self.duplicates)}",
            f"chunks embedded {self.chunks_embedded} (total {self.chunks_total}) in {self.seconds:.1f} s",
        ]
        lines += [f"  skipped {issue}" for issue in self.skipped]
        lines += [f"  duplicate {dup} = {orig}" for dup, orig in self.duplicates]
        return "\n".join(lines)


@contextmanager
def build_lock(index_dir: Path):
    """One build at a time per data folder; a second one waits for the first."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(
    archive: Path,
    settings: Settings,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = True,
    on_file: Callable[[str, str], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Bring the index in ``settings.index_dir`` up to date with ``archive``.

    ``on_file(doc_id, status)`` hears each loaded file; ``on_progress(stage, done, total)``
    hears the stages "hashing", "loading", "embedding", "saving" as they advance.
    """
    started = datetime.now(UTC)
    archive = archive.resolve()
    if not archive.is_dir():
        raise FileNotFoundError(f"No archive folder at {archive}: give the folder that holds your documents.")
    if settings.index_dir.resolve().is_relative_to(archive):
        raise ValueError(
            f"The data folder {settings.index_dir} is inside the archive {archive}: choose another."
        )
    with build_lock(settings.index_dir):
        conn = store.connect(settings.index_dir / DB_NAME)
        try:
            report = _build_locked(
                conn, archive, settings, embedder, rebuild, progress, on_file, on_progress or _no_progress
            )
        finally:
            conn.close()
    report.seconds = (datetime.now(UTC) - started).total_seconds()
    return report


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _build_locked(conn, archive, settings, embedder, rebuild, progress, on_file, on_progress) -> BuildReport:
    report = BuildReport()
    old_manifest = store.get_meta(conn, "manifest")
    if old_manifest and not rebuild:
        m = Manifest.from_json(old_manifest)
        if m.format_version < FORMAT_VERSION:
            # An older layout is rebuilt in place: embeddings are cached, so it costs minutes at most.
            print(
                f"index format {m.format_version} is older than {FORMAT_VERSION}: rebuilding", file=sys.stderr
            )
            rebuild = True
        else:
            check_compatible(m, embedder.fingerprint, archive_hint=str(archive))
            if (m.chunk_size, m.chunk_overlap) != (settings.chunk_size, settings.chunk_overlap):
                raise IndexMismatch(
                    f"The index was chunked with size {m.chunk_size}/overlap {m.chunk_overlap}, settings say "
                    f"{settings.chunk_size}/{settings.chunk_overlap}: rebuild with "
                    f"python -m index build {archive} --rebuild"
                )

    files = list_archive_files(archive)
    current: dict[str, tuple[Path, str]] = {}
    for i, path in enumerate(tqdm(files, desc="hashing", unit="file", disable=not progress, file=sys.stderr)):
        current[doc_id_for(path, archive)] = (path, file_hash(path))
        on_progress("hashing", i + 1, len(files))

    existing = {
        row[0]: (row[1], row[2])
        for row in conn.execute("SELECT doc_id, content_hash, duplicate_of FROM documents")
    }
    skipped_before = {
        r[0]: r for r in conn.execute("SELECT doc_id, content_hash, problem, action FROM skipped")
    }

    # Exact duplicates: the first doc_id (sorted) of a hash group is kept, the rest point to it.
    by_hash: dict[str, list[str]] = defaultdict(list)
    for doc_id, (_, h) in sorted(current.items()):
        if doc_id not in skipped_before or skipped_before[doc_id][1] != h:
            by_hash[h].append(doc_id)
    original_of = {d: ids[0] for ids in by_hash.values() for d in ids[1:]}

    def unchanged(doc_id: str, h: str) -> bool:
        stored_hash, stored_original = existing[doc_id]
        if stored_hash != h:
            return False
        if stored_original is None or doc_id in original_of:
            return stored_original == original_of.get(doc_id)
        # A copy with other bytes but the same text stays one while its original is here,
        # unchanged and itself no copy.
        orig = existing.get(stored_original)
        return (
            orig is not None
            and orig[1] is None
            and stored_original in current
            and current[stored_original][1] == orig[0]
            and stored_original not in original_of
        )

    to_load: list[str] = []
    for doc_id, (_, h) in sorted(current.items()):
        if rebuild:
            to_load.append(doc_id)
        elif doc_id in skipped_before and skipped_before[doc_id][1] == h:
            report.skipped.append(LoadIssue(doc_id, skipped_before[doc_id][2], skipped_before[doc_id][3]))
        elif doc_id not in existing or not unchanged(doc_id, h):
            to_load.append(doc_id)
        else:
            report.unchanged += 1
    removed = [d for d in existing if d not in current]
    stale_skips = [d for d in skipped_before if d not in current or d in to_load]

    docs: list[Document] = []
    chunks: dict[str, list[Chunk]] = {}
    for i, doc_id in enumerate(
        tqdm(to_load, desc="loading", unit="file", disable=not progress, file=sys.stderr)
    ):
        on_progress("loading", i, len(to_load))
        path, _ = current[doc_id]
        result = load_document(path, archive, settings)
        if isinstance(result, LoadIssue):
            report.skipped.append(result)
            if on_file:
                on_file(doc_id, f"skipped: {result.problem}")
            continue
        docs.append(result)
    report.removed = removed

    # The same page saved twice (other website chrome, other bytes) has the same cleaned
    # text: the copy points to the document already indexed, else to the first by name.
    # Its text is known only once loaded, hence this second pass.
    keys = {doc.doc_id: same_text_key(doc.text) for doc in docs}
    if docs:
        kept_texts = _kept_texts(conn, set(keys.values()), set(to_load) | set(removed) | set(original_of))
        for doc in docs:
            if doc.doc_id in original_of:
                continue
            key = keys[doc.doc_id]
            if key in kept_texts:
                original_of[doc.doc_id] = kept_texts[key]
            else:
                kept_texts[key] = doc.doc_id
    for doc in docs:
        doc_id = doc.doc_id
        chunks[doc_id] = (
            [] if doc_id in original_of else chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        )
        if doc_id in original_of:
            report.duplicates.append((doc_id, original_of[doc_id]))
        (report.updated if doc_id in existing else report.added).append(doc_id)
        if on_file:
            on_file(doc_id, "updated" if doc_id in existing else "added")

    # Embed outside the write transaction: this is the slow part and it is resumable.
    cache = EmbeddingCache(settings.cache_path)
    try:
        items = [(text_hash(c.embed_text), c.embed_text) for cs in chunks.values() for c in cs]
        todo = len(cache.missing(embedder.fingerprint, [h for h, _ in items]))
        bar = tqdm(
            total=todo, desc="embedding", unit="chunk", disable=not progress or not todo, file=sys.stderr
        )
        done = [0]

        def advance(n: int) -> None:
            bar.update(n)
            done[0] += n
            on_progress("embedding", done[0], todo)

        on_progress("embedding", 0, todo)
        report.chunks_embedded = cache.fill(
            embedder.fingerprint,
            items,
            lambda texts: embedder.embed(texts, "passage"),
            batch=max(settings.batch_size * 4, 32),
            progress=advance,
        )
        bar.close()
        on_progress("saving", 0, 1)
        if not (report.changed or rebuild):
            report.chunks_total = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
            _record_skips(conn, report, current, stale_skips)
            if report.chunks_total and not conn.execute("SELECT 1 FROM accent_forms LIMIT 1").fetchone():
                # An index from before the accent table: fill it once.
                conn.execute("BEGIN IMMEDIATE")
                store_forms(conn, (r[0] for r in conn.execute("SELECT text FROM chunks")))
                conn.execute("COMMIT")
            return report
        _commit(
            conn,
            archive,
            settings,
            embedder,
            cache,
            docs,
            chunks,
            current,
            original_of,
            keys,
            report,
            stale_skips,
            rebuild,
        )
    finally:
        cache.close()
    return report


def _kept_texts(conn, keys: set[str], leaving: set[str]) -> dict[str, str]:
    """Text key → doc_id of the indexed originals holding one of ``keys`` that this build
    leaves as they are. Keys are stored at insert: an incremental build reads only these."""
    kept: dict[str, str] = {}
    wanted = sorted(keys)
    for i in range(0, len(wanted), 500):  # SQLite bounds the number of parameters
        batch = wanted[i : i + 500]
        rows = conn.execute(
            "SELECT doc_id, text_key FROM documents WHERE duplicate_of IS NULL "
            f"AND text_key IN ({','.join('?' * len(batch))})",
            batch,
        )
        kept.update((key, doc_id) for doc_id, key in rows if doc_id not in leaving)
    # Documents stored before text keys existed (filled by this build's commit).
    for doc_id, text in conn.execute(
        "SELECT doc_id, text FROM documents WHERE duplicate_of IS NULL AND text_key IS NULL"
    ):
        if doc_id not in leaving:
            kept.setdefault(same_text_key(text), doc_id)
    return kept


def _record_skips(conn, report, current, stale_skips) -> None:
    conn.execute("BEGIN IMMEDIATE")
    _write_skips(conn, report, current, stale_skips)
    conn.execute("COMMIT")


def _write_skips(conn, report, current, stale_skips) -> None:
    """Forget skips of files gone or reloaded; remember this build's, inside the caller's transaction."""
    for d in stale_skips:
        conn.execute("DELETE FROM skipped WHERE doc_id=?", (d,))
    for issue in report.skipped:
        if issue.doc_id in current:
            conn.execute(
                "INSERT OR REPLACE INTO skipped VALUES(?,?,?,?)",
                (issue.doc_id, current[issue.doc_id][1], issue.problem, issue.action),
            )


def _commit(
    conn,
    archive,
    settings,
    embedder,
    cache,
    docs,
    chunks,
    current,
    original_of,
    text_keys,
    report,
    stale_skips,
    rebuild,
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        gone = report.removed + [d.doc_id for d in docs]
        if rebuild:
            gone = [r[0] for r in conn.execute("SELECT doc_id FROM documents")]
            # A fresh FTS table: also how an index of an older format gets the current layout.
            conn.execute("DROP TABLE IF EXISTS chunks_fts")
            conn.execute(store.FTS_TABLE)
        for doc_id in gone:
            conn.execute(
                "DELETE FROM chunks_fts WHERE rowid IN "
                "(SELECT c.id FROM chunks c JOIN documents d ON c.doc=d.id WHERE d.doc_id=?)",
                (doc_id,),
            )
            conn.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
        _write_skips(conn, report, current, stale_skips)
        for doc in docs:
            _insert_document(
                conn, doc, chunks[doc.doc_id], original_of.get(doc.doc_id), text_keys[doc.doc_id]
            )
        legacy = conn.execute("SELECT id, text FROM documents WHERE text_key IS NULL").fetchall()
        conn.executemany(
            "UPDATE documents SET text_key=? WHERE id=?", [(same_text_key(t), rowid) for rowid, t in legacy]
        )

        store_forms(conn, [r[0] for r in conn.execute("SELECT text FROM chunks")])
        store.refresh_term_df(conn)
        rows = conn.execute("SELECT id, text_hash FROM chunks ORDER BY id").fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vecs = (
            cache.get(embedder.fingerprint, [r[1] for r in rows], embedder.dim)
            if rows
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )
        index = vectors.build_index(ids, vecs, settings.hnsw_threshold)
        generation = int(store.get_meta(conn, "generation") or "0") + 1
        vec_name = f"vectors-{generation:06d}.faiss"
        vectors.write_atomic(index, settings.index_dir / vec_name)
        n_docs = conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=embedder.name,
            model_fingerprint=embedder.fingerprint,
            dim=embedder.dim,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            archive=str(archive),
            documents=n_docs,
            chunks=len(rows),
            vector_index="hnsw" if len(rows) > settings.hnsw_threshold else "flat",
        )
        store.set_meta(conn, "manifest", manifest.to_json())
        store.set_meta(conn, "generation", str(generation))
        store.set_meta(conn, "vectors_file", vec_name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report.chunks_total = len(rows)
    write_file(manifest, settings.index_dir / "manifest.json")
    _remove_old_vector_files(settings.index_dir, keep={vec_name, f"vectors-{generation - 1:06d}.faiss"})


def _insert_document(
    conn, doc: Document, doc_chunks: list[Chunk], duplicate_of: str | None, text_key: str
) -> None:
    m = doc.meta
    cur = conn.execute(
        "INSERT INTO documents(doc_id, path, content_hash, fmt, text, doc_type, number, number_key, issuer, "
        "place, issue_date, title, signer, pages, duplicate_of, text_key) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.doc_id,
            str(doc.path),
            doc.content_hash,
            doc.fmt,
            doc.text,
            m.doc_type,
            m.number.display if m.number else None,
            m.number.key if m.number else None,
            m.issuer,
            m.place,
            m.issue_date.isoformat() if m.issue_date else None,
            m.title,
            m.signer,
            store.pages_json(doc.pages),
            duplicate_of,
            text_key,
        ),
    )
    rowid = cur.lastrowid
    for ref in m.references:
        conn.execute(
            "INSERT INTO refs(doc, doc_type, number, number_key, ref_date, raw) VALUES(?,?,?,?,?,?)",
            (
                rowid,
                ref.doc_type,
                ref.number.display if ref.number else None,
                ref.number.key if ref.number else None,
                ref.date.isoformat() if ref.date else None,
                ref.raw,
            ),
        )
    for c in doc_chunks:
        cur = conn.execute(
            "INSERT INTO chunks(doc, ordinal, start, end, text, section, page, heading, text_hash) "
            "VALUES(?,?,?,?,?,?,?,?,?)",
            (rowid, c.ordinal, c.start, c.end, c.text, c.section, c.page, c.heading, text_hash(c.embed_text)),
        )
        conn.execute(
            "INSERT INTO chunks_fts(rowid, folded) VALUES(?,?)",
            (cur.lastrowid, fold(store.passage_body(c.heading, c.text))),
        )


def _remove_old_vector_files(index_dir: Path, keep: set[str]) -> None:
    # The previous generation is kept so a reader that just read its name can still open it.
    for f in index_dir.glob("vectors-*.faiss*"):
        if f.name not in keep:
            f.unlink(missing_ok=True)
