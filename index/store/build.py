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

import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from config import Settings
from corpus.chunking import chunk_document
from corpus.loader import doc_id_for, file_hash, list_archive_files, unreadable_files
from corpus.types import Chunk, Document, LoadIssue
from corpus.worker import LoadWorker
from embedder import Embedder
from index.errors import ArchiveChanged, IndexMismatch
from index.store import repair, schema
from index.store.build_guard import (
    build_lock,
    check_build_paths,
    disk_full,
    is_disk_full,
    is_read_only,
    read_only,
)
from index.store.chunk_facts import fill_chunk_facts_once
from index.store.commit import Changes, commit, fill_accent_forms_once, fill_relation_kinds_once, record_skips
from index.store.copies import same_text_copies
from index.store.embedding_cache import EmbeddingCache, text_hash
from index.store.manifest import FORMAT_VERSION, Manifest, check_compatible, ranker_fingerprint
from index.store.plan import Stored, StoredSkip, plan_build
from index.store.sentence_vectors import EmbedSteps
from index.store.targets import fill_targets_once

UNREAD_TYPE = "-"  # the content hash recorded for a file skipped for its type alone


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[LoadIssue] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (duplicate, original)
    chunks_embedded: int = 0
    sentences_embedded: int = 0  # sentence vectors stored for answers (index/store/sentence_vectors.py)
    chunks_total: int = 0
    seconds: float = 0.0
    repaired: list[str] = field(default_factory=list)  # damage found and what the build did

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)} · updated {len(self.updated)} · removed {len(self.removed)} · "
            f"unchanged {self.unchanged} · skipped {len(self.skipped)} · duplicates {len(self.duplicates)}",
            f"chunks embedded {self.chunks_embedded} (total {self.chunks_total}), "
            f"sentences embedded {self.sentences_embedded} in {self.seconds:.1f} s",
        ]
        lines = [f"repaired: {note}" for note in self.repaired] + lines
        lines += [f"  skipped {issue}" for issue in self.skipped]
        lines += [f"  duplicate {dup} = {orig}" for dup, orig in self.duplicates]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Run:
    """One build's fixed inputs, handed to its steps."""

    conn: sqlite3.Connection
    archive: Path
    settings: Settings
    embedder: Embedder
    progress: bool
    on_file: Callable[[str, str], None] | None
    on_progress: Callable[[str, int, int], None]


# Seven parameters: what to build, with which settings and model, then keyword-only options.
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
    hears the stages "hashing", "loading", "embedding", "sentences", "saving" as they advance.
    """
    started = datetime.now(UTC)
    archive = Path(archive).expanduser().resolve()
    check_build_paths(archive, settings)
    progress_to = on_progress or _no_progress
    try:
        with build_lock(settings.index_dir, lambda message: progress_to("waiting", 0, 1)):
            repaired, damaged = repair.repair_damage(settings)
            conn = schema.connect(settings.index_dir / schema.DB_NAME)
            try:
                run = _Run(conn, archive, settings, embedder, progress, on_file, progress_to)
                report = _build_locked(run, rebuild or damaged)
            finally:
                conn.close()
    except (sqlite3.OperationalError, OSError, RuntimeError) as exc:
        if is_disk_full(exc):
            raise disk_full(settings.index_dir, exc) from exc
        if is_read_only(exc) and not os.access(settings.index_dir, os.W_OK):
            raise read_only(settings.index_dir, exc) from exc
        raise
    report.repaired = repaired
    report.seconds = (datetime.now(UTC) - started).total_seconds()
    return report


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _check_settings(conn, archive: Path, settings: Settings, embedder: Embedder, rebuild: bool) -> bool:
    """Whether to rebuild: an older format is rebuilt in place; another model or chunking
    is refused with the fix."""
    old_manifest = schema.get_meta(conn, "manifest")
    if not old_manifest or rebuild:
        return rebuild
    m = Manifest.from_json(old_manifest)
    if m.archive and Path(m.archive) != archive:
        raise ArchiveChanged(
            f"The index in {settings.index_dir} was built from {m.archive}, not {archive}. To index {archive} "
            f"instead (the index then holds its documents only), run `python -m index build {archive} "
            "--rebuild`: nothing already embedded is embedded again. If the folder only moved, the same "
            "command takes it in its new place."
        )
    if m.format_version < FORMAT_VERSION:
        # Embeddings are cached, so it costs minutes at most.
        print(f"index format {m.format_version} is older than {FORMAT_VERSION}: rebuilding", file=sys.stderr)
        return True
    check_compatible(m, embedder.fingerprint, archive_hint=str(archive))
    if (m.chunk_size, m.chunk_overlap) != (settings.chunk_size, settings.chunk_overlap):
        raise IndexMismatch(
            f"The index was chunked with size {m.chunk_size}/overlap {m.chunk_overlap}, settings say "
            f"{settings.chunk_size}/{settings.chunk_overlap}: rebuild with "
            f"python -m index build {archive} --rebuild"
        )
    return False


def _ranker_changed(conn: sqlite3.Connection, settings: Settings) -> bool:
    """Whether the index was built for another ranker than the configured one."""
    raw = schema.get_meta(conn, "manifest")
    return bool(raw) and Manifest.from_json(raw).ranker != ranker_fingerprint(settings.ranker_path)


def _hash_files(archive: Path, progress: bool, on_progress) -> dict[str, tuple[Path, str]]:
    files = list_archive_files(archive)
    current: dict[str, tuple[Path, str]] = {}
    for i, path in enumerate(tqdm(files, desc="hashing", unit="file", disable=not progress, file=sys.stderr)):
        current[doc_id_for(path, archive)] = (path, file_hash(path))
        on_progress("hashing", i + 1, len(files))
    return current


def _stored(conn) -> tuple[dict[str, Stored], dict[str, StoredSkip]]:
    existing = {
        doc_id: Stored(h, dup)
        for doc_id, h, dup in conn.execute("SELECT doc_id, content_hash, duplicate_of FROM documents")
    }
    skipped = {
        doc_id: StoredSkip(h, problem, action)
        for doc_id, h, problem, action in conn.execute(
            "SELECT doc_id, content_hash, problem, action FROM skipped"
        )
    }
    return existing, skipped


def _load(
    run: _Run, to_load: list[str], current: dict[str, tuple[Path, str]], report: BuildReport
) -> list[Document]:
    """Read the files in a worker process (``corpus.worker``): a file past the time or memory
    limit becomes a skip with its message, and this process never parses a hostile file."""
    docs: list[Document] = []
    with LoadWorker(run.settings) as worker:
        for i, doc_id in enumerate(
            tqdm(to_load, desc="loading", unit="file", disable=not run.progress, file=sys.stderr)
        ):
            run.on_progress("loading", i, len(to_load))
            result = worker.load(current[doc_id][0], run.archive)
            if isinstance(result, LoadIssue):
                report.skipped.append(result)
                if run.on_file:
                    run.on_file(doc_id, f"skipped: {result.problem}")
                continue
            docs.append(result)
    return docs


def _build_locked(run: _Run, rebuild: bool) -> BuildReport:
    conn, archive, settings, embedder = run.conn, run.archive, run.settings, run.embedder
    report = BuildReport()
    rebuild = _check_settings(conn, archive, settings, embedder, rebuild)
    current = _hash_files(archive, run.progress, run.on_progress)
    hashes = {doc_id: h for doc_id, (_, h) in current.items()}
    existing, skipped_before = _stored(conn)
    plan = plan_build(hashes, existing, skipped_before, rebuild)
    report.unchanged, report.removed = plan.unchanged, plan.removed
    report.skipped.extend(plan.still_skipped)
    # Files of a type not read (.doc, .jpg, .xyz) are reported at every build, never left out silently.
    unread = unreadable_files(archive)
    report.skipped.extend(unread)
    skip_hashes = {**hashes, **{issue.doc_id: UNREAD_TYPE for issue in unread}}

    docs = _load(run, plan.to_load, current, report)
    original_of = plan.original_of
    leaving = set(plan.to_load) | set(plan.removed) | set(original_of)
    keys = same_text_copies(conn, docs, leaving, original_of)
    chunks: dict[str, list[Chunk]] = {}
    for doc in docs:
        doc_id = doc.doc_id
        copy = doc_id in original_of
        chunks[doc_id] = [] if copy else chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        if copy:
            report.duplicates.append((doc_id, original_of[doc_id]))
        (report.updated if doc_id in existing else report.added).append(doc_id)
        if run.on_file:
            run.on_file(doc_id, "updated" if doc_id in existing else "added")

    # Embed outside the write transaction: this is the slow part and it is resumable.
    cache = EmbeddingCache(settings.cache_path)
    try:
        items = [(text_hash(c.embed_text), c.embed_text) for cs in chunks.values() for c in cs]
        steps = EmbedSteps(embedder, cache, settings, run.progress, run.on_progress)
        report.chunks_embedded = steps.embed(items, "embedding")
        if settings.sentence_vectors:
            report.sentences_embedded = steps.sentences(conn, docs)
        run.on_progress("saving", 0, 1)
        if not (report.changed or rebuild or _ranker_changed(conn, settings)):
            report.chunks_total = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
            record_skips(conn, report.skipped, plan.stale_skips, skip_hashes)
            fill_accent_forms_once(conn)
            fill_targets_once(conn)
            fill_chunk_facts_once(conn)
            fill_relation_kinds_once(conn)
            return report
        changes = Changes(
            archive=archive,
            docs=docs,
            chunks=chunks,
            original_of=original_of,
            text_keys=keys,
            removed=plan.removed,
            skipped=report.skipped,
            stale_skips=plan.stale_skips,
            hashes=skip_hashes,
            rebuild=rebuild,
        )
        report.chunks_total = commit(conn, changes, settings, embedder, cache)
    finally:
        cache.close()
    return report
