"""A document's original file, read only from inside the archive folder: no symbolic link
anywhere on the way, nothing that resolves outside it, a regular file opened without
following links."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

CHUNK = 64 * 1024


class Refused(PermissionError):
    """The file is not served (the message says why)."""


def open_original(archive: Path, doc_id: str) -> tuple[BinaryIO, int]:
    """The open file of ``doc_id`` (a path relative to ``archive``) and its size.

    Raises ``Refused`` for an absolute id, ``..``, a symbolic link (the file or a folder on the
    way) or a path resolving outside the archive; ``FileNotFoundError`` when it is gone."""
    root = Path(archive).resolve(strict=True)
    rel = PurePosixPath(doc_id)
    if not doc_id or rel.is_absolute() or any(part in ("..", ".", "") for part in doc_id.split("/")):
        raise Refused(f"{doc_id!r} is not a path inside the archive folder.")
    path = root
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            raise Refused(f"{doc_id!r} goes through a symbolic link: the file is not served.")
    real = path.resolve(strict=True)
    if not real.is_relative_to(root):
        raise Refused(f"{doc_id!r} resolves outside the archive folder: the file is not served.")
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused(f"{doc_id!r} is not a regular file: it is not served.")
    return os.fdopen(fd, "rb"), info.st_size


def chunks(fh: BinaryIO) -> Iterator[bytes]:
    with fh:
        while block := fh.read(CHUNK):
            yield block


def disposition(doc_id: str) -> str:
    """``inline`` with the file's name, readable by every browser (ASCII fallback + RFC 5987)."""
    name = PurePosixPath(doc_id).name
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
