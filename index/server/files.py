"""Serving a document's original file in blocks; the checks that it is inside the archive
folder (no symbolic link, nothing outside, a regular file) are ``corpus.originals``'."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

from corpus.originals import Refused, open_original

__all__ = ["Refused", "chunks", "disposition", "open_original"]
CHUNK = 64 * 1024


def chunks(fh: BinaryIO) -> Iterator[bytes]:
    with fh:
        while block := fh.read(CHUNK):
            yield block


def disposition(doc_id: str) -> str:
    """``inline`` with the file's name, readable by every browser (ASCII fallback + RFC 5987)."""
    name = PurePosixPath(doc_id).name
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
