"""SQLite store: documents, chunks, references, skipped files, FTS5, build metadata.

WAL mode lets the page read while a build writes; a build's changes land in one
transaction, so a reader sees the old state or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path

from index.records import DocInfo

DB_NAME = "index.sqlite"

FTS_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(folded, tokenize='unicode61 remove_diacritics 0')"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fmt TEXT NOT NULL,
    text TEXT NOT NULL,
    doc_type TEXT, number TEXT, number_key TEXT, issuer TEXT, place TEXT,
    issue_date TEXT, title TEXT, signer TEXT,
    pages TEXT NOT NULL DEFAULT '[]',
    duplicate_of TEXT,
    text_key TEXT,  -- corpus.loader.same_text_key(text): copies saved with other bytes
    ocr_confidence REAL  -- a scan read by OCR: Tesseract's mean word confidence; NULL: born digital
);
CREATE INDEX IF NOT EXISTS documents_number_key ON documents(number_key);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS chunks(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    page INTEGER,
    heading TEXT NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc);
-- kind, partial, evidence: typed relations (corpus/relations.py): what the citing document does
-- to this one, whether only to a part of it, and the sentence that says so (typed ones only).
CREATE TABLE IF NOT EXISTS refs(
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_type TEXT, number TEXT, number_key TEXT, ref_date TEXT, raw TEXT,
    kind TEXT, partial INTEGER NOT NULL DEFAULT 0, evidence TEXT
);
CREATE INDEX IF NOT EXISTS refs_key ON refs(number_key);
CREATE INDEX IF NOT EXISTS refs_doc ON refs(doc);
CREATE TABLE IF NOT EXISTS skipped(
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, problem TEXT NOT NULL, action TEXT NOT NULL
);
-- Most frequent accented form of each folded word and word pair (index/accents.py).
CREATE TABLE IF NOT EXISTS accent_forms(folded TEXT PRIMARY KEY, form TEXT NOT NULL, n INTEGER NOT NULL);
-- Folded text only (lower case, no diacritics, đ→d), so questions typed with or without
-- accents match; exact accented forms are preferred afterwards from chunks.text
-- (index/search.py). One column instead of exact + folded: half the disk and half the
-- work per query at 100k passages (docs/BENCHMARKS.md).
{FTS_TABLE};
-- Passages holding each folded term, refreshed by every build: fts5vocab counts them by
-- reading the term's whole doclist, too slow per query on a large index.
CREATE TABLE IF NOT EXISTS term_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""

# Targets and deadlines found in each passage at build time (corpus.targets; filled by
# index.store.targets). Offsets index the chunk's text. Kept apart from SCHEMA so an index built
# before it gets the table on connect (``_add_targets``) and its next build fills it.
TARGETS_TABLE = """
CREATE TABLE IF NOT EXISTS targets(
    chunk INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    measure TEXT NOT NULL, population TEXT NOT NULL,
    value REAL, unit TEXT NOT NULL, comparator TEXT NOT NULL, value_text TEXT NOT NULL,
    deadline TEXT NOT NULL, due TEXT, responsible TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS targets_chunk ON targets(chunk);
"""

# What the ranker reads of each passage, worked out at build time (index.store.chunk_facts):
# the kinds of answer it holds, counted; and its sentences that hold some kind, each with its
# folded words (JSON: [[who, when, amount, number, " w1 w2 … "], …]).
CHUNK_FACTS_TABLE = """
CREATE TABLE IF NOT EXISTS chunk_facts(
    chunk INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    who INTEGER NOT NULL, when_ INTEGER NOT NULL, amount INTEGER NOT NULL, number INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sentence_facts(
    chunk INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    sentences TEXT NOT NULL
);
"""

DOC_COLUMNS = (
    "doc_id, doc_type, number, number_key, issuer, issue_date, title, place, signer, fmt, duplicate_of, "
    "ocr_confidence"
)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Read-only; in a folder this user may not write (no ``-shm`` file can be made there), the
    database is opened as immutable: nobody can change it while it is read."""
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(Path(path).parent, os.W_OK):
            raise
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise sqlite3.OperationalError(
            f"{wal} holds changes not yet written into {path.name}, and this user may not write the folder: "
            "run one `python -m index build` (or `python -m index check`) as the folder's owner"
        )
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False, timeout=30)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = _connect_readonly(path)
        _ocr_confidence_view(conn)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
        _add_text_key(conn)
        _add_targets(conn)
        conn.executescript(CHUNK_FACTS_TABLE)  # an older index gets it empty; its next build fills it
        _add_ocr_confidence(conn)
        _add_relation_columns(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    # Explicit transactions only: a build commits exactly once.
    conn.isolation_level = None
    return conn


def _add_text_key(conn: sqlite3.Connection) -> None:
    """An index from before ``documents.text_key`` gets the column; its next build fills it."""
    if "text_key" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}:
        conn.execute("ALTER TABLE documents ADD COLUMN text_key TEXT")
    conn.execute("CREATE INDEX IF NOT EXISTS documents_text_key ON documents(text_key)")


def _add_targets(conn: sqlite3.Connection) -> None:
    """An index from before the targets table gets it (empty); the next build fills it from the
    stored chunk text, without embedding anything (``index.store.targets``)."""
    conn.executescript(TARGETS_TABLE)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the index has table ``name`` (a read-only index built before it does not)."""
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone())


def _add_ocr_confidence(conn: sqlite3.Connection) -> None:
    """An index from before OCR (issue 18) gets the column: its documents were all born digital."""
    if "ocr_confidence" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}:
        conn.execute("ALTER TABLE documents ADD COLUMN ocr_confidence REAL")


def _ocr_confidence_view(conn: sqlite3.Connection) -> None:
    """A read-only index from before OCR cannot be given the column: a temporary view of the same
    name (looked up before the table) adds it as NULL, until the next build adds it for good."""
    if "ocr_confidence" not in {r[1] for r in conn.execute("PRAGMA main.table_info(documents)")}:
        conn.execute("CREATE TEMP VIEW documents AS SELECT *, NULL AS ocr_confidence FROM main.documents")


# --- Relations between documents (issue 21): refs.kind / partial / evidence -------------------


def _add_relation_columns(conn: sqlite3.Connection) -> None:
    """An index from before typed relations gets the columns; the next build fills them from the
    stored text (commit.fill_relation_kinds), no re-embedding."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(refs)")}
    for column, decl in (("kind", "TEXT"), ("partial", "INTEGER NOT NULL DEFAULT 0"), ("evidence", "TEXT")):
        if column not in have:
            conn.execute(f"ALTER TABLE refs ADD COLUMN {column} {decl}")


def has_relations(conn: sqlite3.Connection) -> bool:
    """Whether the refs table has the relation columns (a read-only index may predate them)."""
    return "kind" in {r[1] for r in conn.execute("PRAGMA table_info(refs)")}


# --- end of relations ---------------------------------------------------------------------------


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def doc_info(row: sqlite3.Row | tuple) -> DocInfo:
    (doc_id, doc_type, number, number_key, issuer, issue_date, title, place, signer, fmt, dup, ocr) = row
    return DocInfo(
        doc_id=doc_id,
        doc_type=doc_type,
        number=number,
        number_key=number_key,
        issuer=issuer,
        issue_date=_date(issue_date),
        title=title,
        place=place,
        signer=signer,
        fmt=fmt,
        duplicate_of=dup,
        ocr_confidence=ocr,
    )


def pages_json(pages: object) -> str:
    return json.dumps([[p.number, p.start, p.end] for p in pages])  # type: ignore[attr-defined]


def passage_body(heading: str, text: str) -> str:
    """A passage as lexical search reads it: heading and text, lower case. The FTS column
    holds it folded; exact accented forms are looked for in it as it is."""
    return f"{heading}\n{text}".lower()


def refresh_term_df(conn: sqlite3.Connection) -> None:
    """Recount passages per term from the FTS index (inside the build's transaction)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, chunks_fts, 'row')")
    conn.execute("DELETE FROM term_df")
    conn.execute("INSERT INTO term_df(term, df) SELECT term, doc FROM temp.fts_vocab")
