"""``python -m index check``: is the index whole? SQLite's own integrity check, the manifest
file against the one in the database, the vectors file against the chunk count, the full-text
rows, and the archive folder. Each problem says what is wrong and what to do; a build repairs
what it finds here (``damage``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from config import Settings
from index.store import schema, vectors
from index.store.manifest import Manifest
from index.store.schema import DB_NAME

# What a problem is about: "database" (unreadable: moved aside by a build), "index" (files that
# disagree: rebuilt from the archive and the embedding cache), "archive", "missing" (no index).
DATABASE, INDEX, ARCHIVE, MISSING = "database", "index", "archive", "missing"


@dataclass(frozen=True)
class Problem:
    kind: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.what}: {self.fix}"


def _repair(archive: str | None) -> str:
    where = archive or "ARCHIVE_DIR"
    return (
        f"repair it with `python -m index build {where}` (it rebuilds from the archive and the embedding "
        "cache, nothing is re-embedded; an unreadable database is moved aside, not deleted)"
    )


def _manifest_file(index_dir: Path) -> Manifest | None:
    try:
        return Manifest.from_json((index_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def check_index(settings: Settings, *, thorough: bool = True) -> list[Problem]:
    """What is wrong with the index in ``settings.index_dir`` ([] when nothing is).
    ``thorough``: SQLite's full integrity check (else its quicker quick_check)."""
    index_dir = settings.index_dir
    db = index_dir / DB_NAME
    hint = _manifest_file(index_dir)
    archive = hint.archive if hint else None
    if not db.is_file():
        return [Problem(MISSING, f"No index in {index_dir}", "build one: python -m index build ARCHIVE_DIR")]
    try:
        conn = schema.connect(db, readonly=True)
    except (sqlite3.Error, OSError) as exc:
        return [Problem(DATABASE, f"{db} cannot be opened ({exc})", _repair(archive))]
    try:
        return _check_open(conn, settings, thorough, archive)
    except sqlite3.DatabaseError as exc:
        return [Problem(DATABASE, f"{db} is damaged ({exc})", _repair(archive))]
    finally:
        conn.close()


def _check_open(
    conn: sqlite3.Connection, settings: Settings, thorough: bool, archive: str | None
) -> list[Problem]:
    index_dir = settings.index_dir
    db = index_dir / DB_NAME
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check")]
    if rows != ["ok"]:
        found = " ".join("; ".join(rows[:3]).split())
        return [Problem(DATABASE, f"{db} is damaged ({found[:300]})", _repair(archive))]
    raw = schema.get_meta(conn, "manifest")
    if raw is None:
        return [Problem(MISSING, f"The index in {index_dir} has no finished build", _repair(archive))]
    manifest = Manifest.from_json(raw)
    archive = manifest.archive
    problems: list[Problem] = []
    on_disk = _manifest_file(index_dir)
    if on_disk != manifest:
        problems.append(
            Problem(
                INDEX,
                f"{index_dir / 'manifest.json'} is missing or disagrees with the index",
                _repair(archive),
            )
        )
    chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    if chunks != manifest.chunks:
        problems.append(
            Problem(
                INDEX,
                f"The index holds {chunks} passages, its manifest says {manifest.chunks}",
                _repair(archive),
            )
        )
    fts = conn.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]
    if fts != chunks:
        problems.append(
            Problem(INDEX, f"The full-text index holds {fts} rows for {chunks} passages", _repair(archive))
        )
    problems += _check_vectors(
        index_dir, schema.get_meta(conn, "vectors_file"), chunks, manifest.dim, archive
    )
    if archive and not Path(archive).is_dir():
        problems.append(
            Problem(
                ARCHIVE,
                f"The archive folder {archive}, from which the index was built, is not there",
                "mount or restore it (uploads and rescans need it); to index another folder: "
                "python -m index build NEW_FOLDER --rebuild",
            )
        )
    return problems


def _check_vectors(
    index_dir: Path, name: str | None, chunks: int, dim: int, archive: str | None
) -> list[Problem]:
    path = index_dir / str(name)
    if not name or not path.is_file():
        return [Problem(INDEX, f"The vectors file {path} is missing", _repair(archive))]
    try:
        index = vectors.read(path)
    except (RuntimeError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [Problem(INDEX, f"The vectors file {path} cannot be read ({first[:200]})", _repair(archive))]
    if index.ntotal != chunks or index.d != dim:
        return [
            Problem(
                INDEX,
                f"The vectors file {path} holds {index.ntotal} vectors of {index.d} numbers for {chunks} "
                f"passages of {dim}",
                _repair(archive),
            )
        ]
    return []
