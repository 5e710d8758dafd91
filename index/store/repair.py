"""What a build does about a damaged index before it starts: an unreadable database is moved
aside (never deleted) and rebuilt; files that disagree (vectors missing or short, full-text rows
lost) make the build a rebuild; a manifest file that disagrees is written again. Rebuilding reads
the archive and takes every embedding from the cache: nothing is embedded twice."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from index.store import schema
from index.store.check import DATABASE, INDEX, check_index
from index.store.manifest import Manifest, write_file


def move_aside(db: Path) -> Path:
    """Rename ``db`` and its -wal/-shm files to ``<name>.damaged-<UTC time>``; the new name of ``db``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db}{suffix}")
        if part.exists():
            part.rename(Path(f"{target}{suffix}"))
    return target


def _rewrite_manifest(settings: Settings) -> bool:
    conn = schema.connect(settings.index_dir / schema.DB_NAME, readonly=True)
    try:
        raw = schema.get_meta(conn, "manifest")
    finally:
        conn.close()
    if raw is None:
        return False
    write_file(Manifest.from_json(raw), settings.index_dir / "manifest.json")
    return True


def repair_damage(settings: Settings) -> tuple[list[str], bool]:
    """Notes on what was found and done, and whether the build must rebuild everything."""
    db = settings.index_dir / schema.DB_NAME
    if not db.exists():
        return [], False
    try:
        problems = check_index(settings, thorough=False)
    except sqlite3.Error as exc:  # e.g. a file that is not a database at all
        problems = []
        broken = f"{db} cannot be read ({exc})"
    else:
        broken = next((p.what for p in problems if p.kind == DATABASE), "")
    notes: list[str] = []
    if broken:
        moved = move_aside(db)
        notes.append(f"{broken}; moved it aside to {moved.name} and rebuilt the index")
    else:
        index_problems = [p for p in problems if p.kind == INDEX]
        only_manifest = [p for p in index_problems if "manifest.json" in p.what]
        if index_problems and index_problems == only_manifest and _rewrite_manifest(settings):
            return [f"{only_manifest[0].what}; wrote it again"], False
        notes += [f"{p.what}; rebuilt the index" for p in index_problems]
    for note in notes:
        print(f"repair: {note} (from the archive and the embedding cache)", file=sys.stderr)
    return notes, bool(notes)
