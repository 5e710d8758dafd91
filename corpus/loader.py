"""Load an archive folder into cleaned ``Document``s, reporting bad files as ``LoadIssue``s.

Nothing here raises for a bad file: a corrupt PDF, a scan without text, a
binary renamed ``.txt`` or an oversized file each becomes one ``LoadIssue``
saying what is wrong and what to do, and the rest of the archive still loads.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from config import Settings
from corpus.clean import clean_pages, clean_text
from corpus.encoding import DecodeError
from corpus.formats import DEFAULT_ACTION, FORMATS, UNSUPPORTED_ACTIONS
from corpus.ocr import OcrSettings
from corpus.readers import ReadError, ReadLimits, read_docx, read_html, read_text
from corpus.scans import read_image, read_pdf_or_scan
from corpus.types import Document, DocumentMeta, LoadIssue, OcrPage

log = logging.getLogger(__name__)

MetaParser = Callable[[str], DocumentMeta]


def _skipped_name(name: str) -> bool:
    # Hidden files/dirs (.git, .DS_Store) and Office lock files (~$name.docx) are never documents.
    return name.startswith(".") or name.startswith("~$")


def _walk(root: Path) -> Iterator[Path]:
    """Every regular file under ``root`` (sorted), minus hidden ones and symlinks that leave root."""
    root_real = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):  # does not follow symlinked dirs
        dirnames[:] = sorted(d for d in dirnames if not _skipped_name(d))
        for name in sorted(filenames):
            if _skipped_name(name):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root_real) or not target.is_file():
                    continue
            elif not path.is_file():
                continue
            yield path


def list_archive_files(root: Path) -> list[Path]:
    """Files with a supported extension, sorted by path."""
    root = Path(root)
    files = [p for p in _walk(root) if p.suffix.lower() in FORMATS]
    return sorted(files, key=lambda p: doc_id_for(p, root))


def unreadable_files(root: Path) -> list[LoadIssue]:
    """Every other file (not hidden) as a ``LoadIssue`` saying its type is not read and what to do:
    a .doc, a scan saved as .jpg, an unknown .xyz is reported, never left out silently."""
    root = Path(root)
    others = sorted(
        (p for p in _walk(root) if p.suffix.lower() not in FORMATS), key=lambda p: doc_id_for(p, root)
    )
    return [_unsupported(doc_id_for(p, root), p.suffix.lower()) for p in others]


def _unsupported(doc_id: str, suffix: str) -> LoadIssue:
    action = UNSUPPORTED_ACTIONS.get(suffix, DEFAULT_ACTION)
    return LoadIssue(doc_id, f"unsupported file type '{suffix or '(none)'}'", action)


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def doc_id_for(path: Path, root: Path) -> str:
    """The path relative to ``root`` with "/" separators. Raises ValueError outside root."""
    # abspath, not resolve: a symlink inside the archive keeps its own name.
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        raise ValueError(f"{path} is outside the archive root {root}") from None


def _default_meta_parser() -> MetaParser:
    try:
        from corpus.metadata import parse_metadata
    except ImportError:  # the metadata module is optional: documents load without it
        return lambda _text: DocumentMeta()
    return parse_metadata


def read_limits(settings: Settings) -> ReadLimits:
    return ReadLimits(settings.max_unpacked_mb, settings.max_xml_mb, settings.max_pdf_pages)


def ocr_settings(settings: Settings, progress: bool = False) -> OcrSettings:
    return OcrSettings(
        enabled=settings.ocr,
        lang=settings.ocr_lang,
        dpi=settings.ocr_dpi,
        max_pages=settings.max_ocr_pages,
        page_seconds=settings.ocr_page_seconds,
        file_seconds=settings.max_ocr_seconds,
        cache_path=settings.ocr_cache_path,
        progress=progress,
        grey=settings.ocr_grey,
    )


Extracted = tuple[str, tuple, tuple[OcrPage, ...]]


def _extract(data: bytes, fmt: str, limits: ReadLimits, ocr: OcrSettings, label: str) -> Extracted:
    """Cleaned text, page spans and the pages read by OCR."""
    if fmt in ("pdf", "image"):
        digest = hashlib.sha256(data).hexdigest()
        read = read_pdf_or_scan if fmt == "pdf" else read_image
        pages, ocr_pages = read(data, digest, limits, ocr, label)
        text, spans = clean_pages(pages)
        return text, spans, ocr_pages
    if fmt == "docx":
        return clean_text(read_docx(data, limits), mode="lines"), (), ()
    if fmt == "html":
        return clean_text(read_html(data), mode="lines"), (), ()
    return clean_text(read_text(data)), (), ()  # txt/md: wrapping detected from the text


def load_document(
    path: Path,
    root: Path,
    settings: Settings | None = None,
    parse_meta: MetaParser | None = None,
    progress: bool = False,
) -> Document | LoadIssue:
    """Read, clean and describe one file; a ``LoadIssue`` instead of raising. ``progress``: a
    progress bar for the pages of a scan."""
    settings = settings or Settings()
    path, root = Path(path), Path(root)
    try:
        doc_id = doc_id_for(path, root)
    except ValueError as exc:
        return LoadIssue(str(path), str(exc), "put the file inside the archive folder")
    suffix = path.suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        return _unsupported(doc_id, suffix)
    try:
        size = path.stat().st_size
        limit = settings.max_file_mb * 1024 * 1024
        if size > limit:
            return LoadIssue(
                doc_id,
                f"file too large ({size / 1024 / 1024:.1f} MB > max_file_mb={settings.max_file_mb})",
                "split the document, or raise the limit with CHITHI_MAX_FILE_MB",
            )
        if size == 0:
            return LoadIssue(doc_id, "empty file (0 bytes)", "replace it with the complete document")
        data = path.read_bytes()
    except OSError as exc:
        return LoadIssue(doc_id, f"cannot read file ({exc.strerror or exc})", "check the file's permissions")
    try:
        text, pages, ocr_pages = _extract(
            data, fmt, read_limits(settings), ocr_settings(settings, progress), doc_id
        )
    except (ReadError, DecodeError) as exc:
        return LoadIssue(doc_id, exc.problem, exc.action)
    except MemoryError:
        return memory_issue(doc_id, settings)
    except Exception as exc:  # a reader bug must not stop the archive
        log.exception("unexpected error reading %s", doc_id)
        return LoadIssue(
            doc_id, f"unexpected error while reading ({type(exc).__name__}: {exc})", "report this file"
        )
    if not text.strip() and ocr_pages:
        return LoadIssue(
            doc_id,
            f"no text recognised on the scan ({len(ocr_pages)} pages read by OCR: blank pages or a picture)",
            "check it is the right file; scan the document again at 300 dpi",
        )
    if not text.strip():
        return LoadIssue(
            doc_id,
            "no document text (the file is blank or holds only website boilerplate)",
            "add the document itself (PDF, DOCX or text) instead of this file",
        )
    parser = parse_meta or _default_meta_parser()
    try:
        meta = parser(text)
    except Exception:  # metadata is a bonus: keep the document searchable without it
        log.exception("metadata parser failed on %s", doc_id)
        meta = DocumentMeta()
    return Document(
        doc_id=doc_id,
        path=path,
        content_hash=hashlib.sha256(data).hexdigest(),
        fmt=fmt,
        text=text,
        meta=meta,
        pages=pages,
        ocr=ocr_pages,
    )


def memory_issue(doc_id: str, settings: Settings) -> LoadIssue:
    return LoadIssue(
        doc_id,
        f"reading it needs more memory than max_load_memory_mb={settings.max_load_memory_mb} allows",
        "check it is the right file; split it, or raise the limit with CHITHI_MAX_LOAD_MEMORY_MB",
    )


def _load_for_pool(args: tuple[Path, Path, Settings]) -> Document | LoadIssue:
    path, root, settings = args
    return load_document(path, root, settings)


def load_archive(
    root: Path, settings: Settings | None = None, workers: int = 1
) -> Iterator[Document | LoadIssue]:
    """Every file under ``root``: a ``Document`` or a ``LoadIssue``, in path order.

    Documents of a type we cannot read yet (.doc, scanned images …) are reported
    as issues too, so no document in the archive is silently left out.
    ``workers`` > 1 reads files in that many processes (PDF text extraction is
    CPU-bound); results still come in path order.
    """
    root = Path(root)
    settings = settings or Settings()
    if not root.is_dir():
        yield LoadIssue(str(root), "archive folder not found", "check the path")
        return
    wanted = set(FORMATS) | set(UNSUPPORTED_ACTIONS)  # other files (.json, .csv …) are not documents
    paths = [p for p in sorted(_walk(root), key=lambda p: doc_id_for(p, root)) if p.suffix.lower() in wanted]
    if workers > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(_load_for_pool, [(p, root, settings) for p in paths], chunksize=4)
        return
    parse_meta = _default_meta_parser()
    for path in paths:
        yield load_document(path, root, settings, parse_meta)


def same_text_key(text: str) -> str:
    """Equal for cleaned texts that differ only in whitespace: a page saved twice."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def find_duplicates(docs: Iterable[Document]) -> list[tuple[str, str]]:
    """(kept, duplicate) doc_id pairs: same file bytes, or the same cleaned text.

    The same page saved twice with different website chrome has different bytes
    but identical cleaned text; both count as duplicates.
    """
    by_key: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for doc in docs:
        text_key = "text:" + same_text_key(doc.text)
        first = by_key.get("bytes:" + doc.content_hash) or by_key.get(text_key)
        if first is not None:
            pairs.append((first, doc.doc_id))
            continue
        by_key["bytes:" + doc.content_hash] = doc.doc_id
        by_key[text_key] = doc.doc_id
    return pairs
