"""The page's and the API's actions on the archive, each checked against the actor's role and
written to the audit log: uploads, reindexing, downloads of originals; and the archive folder
an index belongs to, never silently another one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from config import Settings
from corpus.originals import read_original
from corpus.uploads import UploadResult, save_uploads
from index.access import audit
from index.access.manage import record_event
from index.access.roles import Actor
from index.access.sessions import authorize
from index.errors import ArchiveMissing, BadQuery

MB = 1024 * 1024


def archive_folder(built_from: str | None) -> Path:
    """The folder an index was built from (its manifest's ``archive``); ``ArchiveMissing`` when it
    is not there. Nothing falls back to another folder: uploads and rescans would go astray."""
    if not built_from:
        raise ArchiveMissing(
            "The index does not record its archive folder: rebuild it with "
            "`python -m index build ARCHIVE_DIR --rebuild`."
        )
    folder = Path(built_from)
    if not folder.is_dir():
        raise ArchiveMissing(
            f"The archive folder {folder}, from which this index was built, is not there (a network "
            "share not mounted, or moved?): mount or restore it and reload the page. To index another "
            "folder instead, run `python -m index build NEW_FOLDER --rebuild`."
        )
    return folder


def upload_files(
    settings: Settings, actor: Actor, archive: Path, files: Iterable[tuple[str, bytes]]
) -> UploadResult:
    """Check and save uploads into ``archive/uploads/`` (archivists and admins); audited."""
    authorize(settings, actor, "upload")
    result = save_uploads(files, archive, settings.max_file_mb * MB)
    saved = ", ".join(p.relative_to(archive).as_posix() for p in result.saved)
    rejected = ", ".join(f"{name} ({reason})" for name, reason, _ in result.rejected)
    detail = "; ".join(
        x for x in (f"saved {saved}" if saved else "", f"rejected {rejected}" if rejected else "") if x
    )
    record_event(settings, actor, audit.UPLOAD, detail or "nothing sent")
    return result


def begin_reindex(settings: Settings, actor: Actor, archive: Path, kind: str) -> None:
    """Check that ``actor`` may bring the index up to date with ``archive``; audited."""
    authorize(settings, actor, "reindex", kind)
    record_event(settings, actor, audit.REINDEX, f"{kind}: {archive}")


def original_file(settings: Settings, actor: Actor, built_from: str | None, doc_id: str) -> bytes:
    """The original file of ``doc_id``, read only from inside the archive folder (no symbolic
    link, nothing outside it: ``corpus.originals``); ``Refused`` or ``FileNotFoundError`` else."""
    authorize(settings, actor, "download", doc_id)
    return read_original(archive_folder(built_from), doc_id, settings.max_file_mb * MB)


def page_image(settings: Settings, actor: Actor, built_from: str | None, doc_id: str, page: int) -> bytes:
    """PNG of page ``page`` (1-based) of a scanned document's original file, so a reviewer checks
    what OCR read against the scan; read like a download (same role, same archive checks).
    ``ValueError`` for a page the file does not have or a file that is not a PDF or image."""
    from corpus.originals import page_image_png

    authorize(settings, actor, "download", doc_id)
    data = read_original(archive_folder(built_from), doc_id, settings.max_file_mb * MB)
    return page_image_png(data, page)


def note_question(settings: Settings, actor: Actor, question: str) -> None:
    """Record the question in the audit log when the ``audit_questions`` setting says so."""
    if settings.audit_questions:
        record_event(settings, actor, audit.QUESTION, question)


def checked_query(text: str, top: int | None = None) -> str:
    """``text`` when it is text a search can take; ``BadQuery`` for bytes that are not UTF-8
    (a terminal in another encoding) or a ``top`` below 1."""
    if top is not None and top < 1:
        raise BadQuery(f"--top {top}: ask for at least 1 result.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        ch = ord(text[exc.start])
        what = f"byte 0x{ch - 0xDC00:02X}" if 0xDC80 <= ch <= 0xDCFF else f"U+{ch:04X}"
        raise BadQuery(
            f"The query holds bytes that are not UTF-8 text ({what} at character {exc.start + 1}): type it "
            "in a UTF-8 terminal (e.g. `export LANG=C.UTF-8`) or convert it with iconv."
        ) from None
    return text
