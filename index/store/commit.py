"""The build's one write transaction: documents, chunks, FTS rows, references, skips,
targets, accent forms, term counts and the FAISS file recorded as current, committed together.
Until it commits, readers see the previous build."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from config import Settings
from corpus.loader import same_text_key
from corpus.numbers import parse_doc_number
from corpus.relations import Relation, find_relations
from corpus.types import Chunk, Document, LoadIssue
from corpus.vietnamese import fold
from embedder import Embedder
from index.store import schema, vectors
from index.store.accents import store_forms
from index.store.chunk_facts import fill_chunk_facts
from index.store.embedding_cache import EmbeddingCache, text_hash
from index.store.manifest import FORMAT_VERSION, Manifest, ranker_fingerprint, write_file
from index.store.targets import fill_targets


@dataclass(frozen=True)
class Changes:
    """What a build writes: loaded documents and their chunks, what leaves, what is skipped."""

    archive: Path
    docs: list[Document]
    chunks: dict[str, list[Chunk]]  # doc id → chunks ([] for copies)
    original_of: dict[str, str]  # copy → the document kept
    text_keys: dict[str, str]  # loaded doc id → same-text key
    removed: list[str]
    skipped: list[LoadIssue]
    stale_skips: list[str]
    hashes: dict[str, str]  # the archive's files now: doc id → content hash
    rebuild: bool


def write_skips(conn, skipped: list[LoadIssue], stale: list[str], hashes: dict[str, str]) -> None:
    """Forget skips of files gone or reloaded; remember this build's, inside the caller's transaction."""
    for d in stale:
        conn.execute("DELETE FROM skipped WHERE doc_id=?", (d,))
    for issue in skipped:
        if issue.doc_id in hashes:
            conn.execute(
                "INSERT OR REPLACE INTO skipped VALUES(?,?,?,?)",
                (issue.doc_id, hashes[issue.doc_id], issue.problem, issue.action),
            )


def record_skips(conn, skipped: list[LoadIssue], stale: list[str], hashes: dict[str, str]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    write_skips(conn, skipped, stale, hashes)
    conn.execute("COMMIT")


def fill_accent_forms_once(conn) -> None:
    """An index from before the accent table gets it filled (no other change)."""
    if (
        conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone()
        and not conn.execute("SELECT 1 FROM accent_forms LIMIT 1").fetchone()
    ):
        conn.execute("BEGIN IMMEDIATE")
        store_forms(conn, (r[0] for r in conn.execute("SELECT text FROM chunks")))
        conn.execute("COMMIT")


def commit(conn, changes: Changes, settings: Settings, embedder: Embedder, cache: EmbeddingCache) -> int:
    """Write ``changes`` in one transaction; returns the number of chunks in the index."""
    conn.execute("BEGIN IMMEDIATE")
    written: Path | None = None
    try:
        _replace_documents(conn, changes)
        fill_targets(conn)  # the new passages' targets and deadlines (index.store.targets)
        fill_chunk_facts(conn)  # the answer kinds the new passages hold (index.store.chunk_facts)
        store_forms(conn, [r[0] for r in conn.execute("SELECT text FROM chunks")])
        schema.refresh_term_df(conn)
        generation = int(schema.get_meta(conn, "generation") or "0") + 1
        written = settings.index_dir / f"vectors-{generation:06d}.faiss"
        manifest, vec_name = _write_vectors(conn, changes.archive, settings, embedder, cache, written)
        schema.set_meta(conn, "manifest", manifest.to_json())
        schema.set_meta(conn, "generation", str(generation))
        schema.set_meta(conn, "vectors_file", vec_name)
        conn.execute("COMMIT")
    except BaseException:
        _undo(conn, written)
        raise
    write_file(manifest, settings.index_dir / "manifest.json")
    _remove_old_vector_files(settings.index_dir, keep={vec_name, f"vectors-{generation - 1:06d}.faiss"})
    return manifest.chunks


def _replace_documents(conn, changes: Changes) -> None:
    gone = changes.removed + [d.doc_id for d in changes.docs]
    if changes.rebuild:
        gone = [r[0] for r in conn.execute("SELECT doc_id FROM documents")]
        # A fresh FTS table: also how an index of an older format gets the current layout.
        conn.execute("DROP TABLE IF EXISTS chunks_fts")
        conn.execute(schema.FTS_TABLE)
    for doc_id in gone:
        conn.execute(
            "DELETE FROM chunks_fts WHERE rowid IN "
            "(SELECT c.id FROM chunks c JOIN documents d ON c.doc=d.id WHERE d.doc_id=?)",
            (doc_id,),
        )
        conn.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
    write_skips(conn, changes.skipped, changes.stale_skips, changes.hashes)
    for doc in changes.docs:
        _insert_document(
            conn,
            doc,
            changes.chunks[doc.doc_id],
            changes.original_of.get(doc.doc_id),
            changes.text_keys[doc.doc_id],
        )
    store_relation_kinds(conn)
    legacy = conn.execute("SELECT id, text FROM documents WHERE text_key IS NULL").fetchall()
    conn.executemany(
        "UPDATE documents SET text_key=? WHERE id=?", [(same_text_key(t), rowid) for rowid, t in legacy]
    )


def _undo(conn, written: Path | None) -> None:
    """After a failed commit: roll back if SQLite has not already (it does itself on a full disk,
    and a second ROLLBACK would hide the real error), and remove the vectors file no build uses."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    if written is not None:
        written.unlink(missing_ok=True)
        written.with_name(written.name + ".tmp").unlink(missing_ok=True)


def _write_vectors(
    conn, archive: Path, settings: Settings, embedder: Embedder, cache: EmbeddingCache, path: Path
) -> tuple[Manifest, str]:
    """The FAISS file of every chunk, from the embedding cache, at ``path`` (the next generation's)."""
    rows = conn.execute("SELECT id, text_hash FROM chunks ORDER BY id").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vecs = (
        cache.get(embedder.fingerprint, [r[1] for r in rows], embedder.dim)
        if rows
        else np.zeros((0, embedder.dim), dtype=np.float32)
    )
    index = vectors.build_index(ids, vecs, settings.hnsw_threshold)
    vectors.write_atomic(index, path)
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
        ranker=ranker_fingerprint(settings.ranker_path),
        embedding=_embedding(embedder),
    )
    return manifest, path.name


def _embedding(embedder: Embedder) -> str:
    placement = getattr(embedder, "placement", None)
    return f"{placement.backend}/{placement.device}/{placement.precision}" if placement else ""


def _insert_document(
    conn, doc: Document, doc_chunks: list[Chunk], duplicate_of: str | None, text_key: str
) -> None:
    m = doc.meta
    cur = conn.execute(
        "INSERT INTO documents(doc_id, path, content_hash, fmt, text, doc_type, number, number_key, issuer, "
        "place, issue_date, title, signer, pages, duplicate_of, text_key, ocr_confidence) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
            schema.pages_json(doc.pages),
            duplicate_of,
            text_key,
            doc.ocr_confidence,
        ),
    )
    rowid = cur.lastrowid
    relations = {r.number_key: r for r in find_relations(doc.text, m.number)}
    for ref in m.references:
        conn.execute(
            "INSERT INTO refs(doc, doc_type, number, number_key, ref_date, raw, kind, partial, evidence) "
            "VALUES(?,?,?,?,?,?,?,?,?)",
            (
                rowid,
                ref.doc_type,
                ref.number.display if ref.number else None,
                ref.number.key if ref.number else None,
                ref.date.isoformat() if ref.date else None,
                ref.raw,
                *_relation_columns(relations.get(ref.number.key) if ref.number else None),
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
            (cur.lastrowid, fold(schema.passage_body(c.heading, c.text))),
        )


# --- Relations between documents (issue 21) ----------------------------------------------------


def _relation_columns(rel: Relation | None) -> tuple[str, int, str | None]:
    """refs.kind, partial, evidence: the sentence is kept only for typed relations."""
    if rel is None or rel.kind == "cites":
        return "cites", 0, None
    return rel.kind, int(rel.partial), rel.evidence


def store_relation_kinds(conn) -> int:
    """Fill refs.kind for documents stored before typed relations, from their stored text (no
    re-embedding; inside the caller's transaction). Returns how many documents were read."""
    docs = conn.execute(
        "SELECT DISTINCT d.id, d.text, d.number FROM refs r JOIN documents d ON d.id = r.doc WHERE r.kind IS NULL"
    ).fetchall()
    for rowid, text, number in docs:
        relations = {
            r.number_key: r for r in find_relations(text, parse_doc_number(number) if number else None)
        }
        for ref_rowid, key in conn.execute(
            "SELECT rowid, number_key FROM refs WHERE doc=?", (rowid,)
        ).fetchall():
            conn.execute(
                "UPDATE refs SET kind=?, partial=?, evidence=? WHERE rowid=?",
                (*_relation_columns(relations.get(key)), ref_rowid),
            )
    return len(docs)


def fill_relation_kinds_once(conn) -> None:
    """An index from before typed relations gets them on its next build, even with no file changed."""
    if conn.execute("SELECT 1 FROM refs WHERE kind IS NULL LIMIT 1").fetchone():
        conn.execute("BEGIN IMMEDIATE")
        store_relation_kinds(conn)
        conn.execute("COMMIT")


# --- end of relations ---------------------------------------------------------------------------


def _remove_old_vector_files(index_dir: Path, keep: set[str]) -> None:
    # The previous generation is kept so a reader that just read its name can still open it.
    for f in index_dir.glob("vectors-*.faiss*"):
        if f.name not in keep:
            f.unlink(missing_ok=True)
