"""The small SQLite files of ``index.access`` (accounts, audit): owner-only, one connection per
operation (the page's sessions run in threads), clear errors when the folder is read-only."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.access.roles import AccessError


class AccessStoreError(AccessError):
    """The accounts or audit file cannot be read or written; the message says what to do."""


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)


@contextmanager
def opened(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` (created owner-only, with ``schema``), closed afterwards; SQLite
    errors become ``AccessStoreError`` naming the file."""
    try:
        _create_private(path)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise AccessStoreError(
            f"Cannot open {path} ({exc}): the data folder must be writable by the user running Chỉ Thị "
            "Search (sign-ins and the audit log are recorded there)."
        ) from exc
    try:
        conn.executescript(schema)
        yield conn
    except sqlite3.Error as exc:
        raise AccessStoreError(
            f"Cannot use {path} ({exc}): check that the data folder is writable and the disk not full; "
            "if the file is damaged, move it aside (accounts: add them again with `python -m index users add`)."
        ) from exc
    finally:
        conn.close()
