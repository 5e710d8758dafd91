"""A document's original file, read only from inside the archive folder: no symbolic link
anywhere on the way, nothing that resolves outside it, a regular file opened without
following links. The page's download and the REST API's ``/documents/{id}/file`` both use it."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO


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


def read_original(archive: Path, doc_id: str, max_bytes: int) -> bytes:
    """The bytes of ``doc_id``'s file (``open_original``'s checks), refused past ``max_bytes``."""
    fh, size = open_original(archive, doc_id)
    with fh:
        if size > max_bytes:
            raise Refused(
                f"{doc_id!r} is larger than {max_bytes // (1024 * 1024)} MB: it is not served here."
            )
        return fh.read(max_bytes + 1)


def page_image_png(data: bytes, page: int, dpi: int = 110) -> bytes:
    """The 1-based ``page`` of a PDF or image file as PNG bytes, for showing beside its text;
    ``ValueError`` for a page it does not have or bytes that are neither."""
    from corpus.ocr import image_frames, pdf_page_images
    from corpus.readers import ReadError

    if data.startswith(b"%PDF-"):
        import pypdfium2 as pdfium

        try:
            count = len(pdfium.PdfDocument(data))
        except pdfium.PdfiumError as exc:
            raise ValueError(f"the PDF cannot be rendered ({exc})") from exc
        if not 1 <= page <= count:
            raise ValueError(f"the PDF has {count} pages, not a page {page}")
        image = next(pdf_page_images(data, [page], dpi))[1]
    else:
        try:
            frames = image_frames(data)
        except ReadError as exc:
            raise ValueError(exc.problem) from exc
        if not 1 <= page <= len(frames):
            raise ValueError(f"the image has {len(frames)} pages, not a page {page}")
        image = frames[page - 1]
        image.thumbnail((1400, 1400))  # type: ignore[attr-defined]
    import io

    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")  # type: ignore[attr-defined]
    return out.getvalue()
