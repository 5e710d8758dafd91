"""The audit log: who did what, when, from where, in an append-only SQLite table.

Triggers refuse every UPDATE and DELETE, so a row once written stays (removing the file is the
only way to lose rows, and that takes the data folder's owner). Sign-ins, failed sign-ins,
locks, uploads, reindexing, account changes and refused actions are recorded; questions too
when the ``audit_questions`` setting is on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TextIO

from index.access.dbfile import opened
from index.access.roles import Actor

SCHEMA = """
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,            -- UTC, ISO 8601
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

SIGN_IN = "sign-in"
SIGN_IN_FAILED = "sign-in failed"
LOCKED = "account locked"
SIGN_OUT = "sign-out"
UPLOAD = "upload"
REINDEX = "reindex"
ACCOUNT_ADDED = "account added"
ACCOUNT_REMOVED = "account removed"
PASSWORD_CHANGED = "password changed"
ROLE_CHANGED = "role changed"
UNLOCKED = "account unlocked"
REFUSED = "refused"
QUESTION = "question"
MAX_FIELD = 500  # characters kept of any one field (names typed at sign-in are the caller's)


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    who: str
    action: str
    detail: str
    source: str
    address: str


def _clip(text: object) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= MAX_FIELD else flat[: MAX_FIELD - 1] + "…"


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def record(self, who: str, action: str, detail: str = "", source: str = "", address: str = "") -> None:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with opened(self.path, SCHEMA) as conn:
            conn.execute(
                "INSERT INTO events(at, who, action, detail, source, address) VALUES(?,?,?,?,?,?)",
                (at, _clip(who), action, _clip(detail), source, _clip(address)),
            )

    def record_by(self, actor: Actor, action: str, detail: str = "") -> None:
        self.record(actor.who, action, detail, actor.source, actor.address)

    def events(self, since: date | None = None, limit: int | None = None) -> list[AuditEvent]:
        """Events from ``since`` (a day, UTC) on, newest last; the last ``limit`` when given."""
        start = datetime.combine(since, time(), UTC).isoformat(timespec="seconds") if since else ""
        sql = "SELECT id, at, who, action, detail, source, address FROM events WHERE at >= ? ORDER BY id"
        with opened(self.path, SCHEMA) as conn:
            rows = [AuditEvent(*r) for r in conn.execute(sql, (start,))]
        return rows[-limit:] if limit else rows


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: no formula from a name someone typed."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(events: Iterable[AuditEvent], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields(AuditEvent)])
    for event in events:
        writer.writerow([_cell(v) for v in astuple(event)])
