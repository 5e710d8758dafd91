"""What stops or fails a build before it can harm the index: one build at a time per data
folder, a data folder inside the archive, a read-only folder, a full disk."""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from index.errors import DiskFull, ReadOnlyData


@contextmanager
def build_lock(index_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """One build at a time per data folder; a second one says it waits, then waits."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / "build.lock", "a+")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise read_only(index_dir, exc) if is_read_only(exc) else exc from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            message = (
                f"Another build of {index_dir} is running ({holder}): waiting for it to finish "
                "(Ctrl-C stops this one; the index stays as it is)."
            )
            print(message, file=sys.stderr, flush=True)
            if on_wait:
                on_wait(message)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {datetime.now(UTC).isoformat(timespec='seconds')}")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def is_read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError) and (
        "readonly database" in text or "unable to open database" in text
    )


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "database or disk is full" in text or "No space left on device" in text


def read_only(index_dir: Path, exc: BaseException) -> ReadOnlyData:
    return ReadOnlyData(
        f"Cannot build in {index_dir}: the data folder is read-only for this user ({exc}). Searching works "
        "as it is; to build, run as the folder's owner or pass --data with a writable folder."
    )


def disk_full(index_dir: Path, exc: BaseException) -> DiskFull:
    return DiskFull(
        f"The disk holding {index_dir} is full ({exc}): free some space and run the build again; "
        "the previous index is unchanged and the embeddings made so far are kept."
    )


def check_build_paths(archive: Path, settings: Settings) -> None:
    """Refuse a build whose folders cannot work, before anything (the model) is written."""
    archive = Path(archive).expanduser().resolve()
    if not archive.is_dir():
        raise FileNotFoundError(f"No archive folder at {archive}: give the folder that holds your documents.")
    for folder in (settings.data_dir, settings.index_dir):
        if Path(folder).expanduser().resolve().is_relative_to(archive):
            raise ValueError(
                f"The data folder {folder} is inside the archive {archive}: choose another one with --data "
                "or CHITHI_DATA (nothing was written)."
            )
