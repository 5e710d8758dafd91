"""The functions the CLI and the page call: one per action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from config import Settings, load_settings
from embedder import Embedder, load_embedder
from index.access.accounts import Account
from index.access.audit import AuditEvent, write_csv
from index.access.dbfile import AccessStoreError
from index.access.manage import (
    add_account,
    audit_events,
    change_password,
    change_role,
    ensure_first_admin,
    list_accounts,
    record_event,
    remove_account,
    unlock_account,
)
from index.access.roles import (
    ROLES,
    AccessError,
    AccountError,
    Actor,
    NotAllowed,
    SessionEnded,
    SignInFailed,
    may,
)
from index.access.sessions import Session, authorize, current_session, sign_in, sign_in_proxy, sign_out
from index.actions import (
    archive_folder,
    begin_reindex,
    checked_query,
    note_question,
    original_file,
    page_image,
    upload_files,
)
from index.answer.ask import ask as _ask
from index.answer.timeline import timeline as _timeline
from index.errors import (
    ArchiveChanged,
    ArchiveMissing,
    BadQuery,
    DiskFull,
    DocumentNotFound,
    EmptyQuery,
    IndexDamaged,
    IndexError_,
    IndexMismatch,
    NoIndex,
    ReadOnlyData,
)
from index.records import (
    Answer,
    Citation,
    DocInfo,
    DocumentView,
    Filters,
    Hit,
    IndexStats,
    RefLink,
    Standing,
    Timeline,
    TimelineEdge,
    TimelineEntry,
)
from index.relation_text import link_label, standing_lines, verb
from index.retrieval.search import search as _search
from index.store.build import BuildReport, build, check_build_paths
from index.store.check import Problem, check_index
from index.store.documents import find_by_number, get_document, skipped_files, stats
from index.store.reader import IndexReader
from index.store.schema import DB_NAME

__all__ = [
    "AccessError",
    "AccessStoreError",
    "Account",
    "AccountError",
    "Actor",
    "Answer",
    "ArchiveChanged",
    "ArchiveMissing",
    "AuditEvent",
    "BadQuery",
    "BuildReport",
    "Citation",
    "DiskFull",
    "DocInfo",
    "DocumentNotFound",
    "DocumentView",
    "EmptyQuery",
    "Filters",
    "Hit",
    "IndexDamaged",
    "IndexError_",
    "IndexMismatch",
    "IndexReader",
    "IndexStats",
    "NoIndex",
    "NotAllowed",
    "Problem",
    "ROLES",
    "ReadOnlyData",
    "RefLink",
    "Session",
    "SessionEnded",
    "SignInFailed",
    "Standing",
    "Timeline",
    "TimelineEdge",
    "TimelineEntry",
    "add_account",
    "archive_folder",
    "ask",
    "audit_events",
    "authorize",
    "begin_reindex",
    "build_index",
    "change_password",
    "change_role",
    "check_index",
    "checked_query",
    "current_session",
    "ensure_first_admin",
    "find_by_number",
    "get_document",
    "has_index",
    "link_label",
    "list_accounts",
    "load_model",
    "may",
    "model_key",
    "note_question",
    "open_index",
    "original_file",
    "page_image",
    "record_event",
    "remove_account",
    "search",
    "sign_in",
    "sign_in_proxy",
    "sign_out",
    "skipped_files",
    "standing_lines",
    "stats",
    "timeline",
    "unlock_account",
    "upload_files",
    "verb",
    "write_csv",
]


def has_index(settings: Settings | None = None) -> bool:
    """Whether a build has committed in the data folder (cheap: no model is loaded). The
    manifest file is written after the commit; the database appears as soon as a first
    build starts, so opening it then would find no tables yet."""
    settings = settings or load_settings()
    db = settings.index_dir / DB_NAME
    if not db.is_file():
        return False
    if (settings.index_dir / "manifest.json").is_file():
        return True
    # The manifest file lost after a commit (or the database damaged): there is an index, and
    # opening it says what is wrong; nothing offers to build a sample over it.
    return db.stat().st_size > 0 and _has_committed(db)


def _has_committed(db: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM meta WHERE key='manifest'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # unreadable: say so when it is opened


def load_model(settings: Settings | None = None) -> Embedder:
    """The embedding model, warmed: its first inference is slow, so it is paid here rather
    than on the first question. A process loads it once and shares it (page, API)."""
    embedder = load_embedder(settings or load_settings())
    embedder.embed(["khởi động"], "query")
    return embedder


def model_key(settings: Settings) -> str:
    """What tells two loaded models apart: processes share one model per key."""
    return repr(
        (settings.model, settings.query_prompt, settings.passage_prompt, settings.quantize, settings.threads)
    )


def search(reader: IndexReader, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
    """The top ``k`` passages for ``query`` (``BadQuery`` for bytes that are not text or k < 1;
    ``EmptyQuery`` for punctuation only)."""
    return _search(reader, checked_query(query, k), k, filters)


def ask(reader: IndexReader, question: str, top: int | None = None, filters: Filters | None = None) -> Answer:
    """A cited answer to ``question`` (``BadQuery`` for bytes that are not text or top < 1)."""
    return _ask(reader, checked_query(question, top), top, filters)


def timeline(reader: IndexReader, subject: str, filters: Filters | None = None) -> Timeline:
    """The documents on ``subject`` in issue-date order (undated last), each with its one or two
    sentences on it, and the typed relations among them (``BadQuery``/``EmptyQuery`` as search)."""
    return _timeline(reader, checked_query(subject, None), filters)


def open_index(settings: Settings | None = None, embedder: Embedder | None = None) -> IndexReader:
    settings = settings or load_settings()
    return IndexReader(settings, embedder or load_embedder(settings))


# Seven parameters: what to build, with which settings and model, then keyword-only options.
def build_index(
    archive: Path,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    *,
    rebuild: bool = False,
    progress: bool = True,
    on_file: Callable[[str, str], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    settings = settings or load_settings()
    # Before the model is loaded: it is written into the data folder on a first run.
    check_build_paths(Path(archive), settings)
    embedder = embedder or load_embedder(settings)
    report = build(
        Path(archive),
        settings,
        embedder,
        rebuild=rebuild,
        progress=progress,
        on_file=on_file,
        on_progress=on_progress,
    )
    _prepare_tower(settings, embedder)
    return report


def _prepare_tower(settings: Settings, embedder: Embedder) -> None:
    """Build the ranker's question tower now (an ONNX export, seconds, once per data folder)
    so that the first question after a build does not wait for it."""
    from embedder.tower import tower_vectors
    from index.retrieval.ranker import configured_ranker

    try:
        ranker = configured_ranker(settings)
    except IndexMismatch:
        return  # no usable ranker file: searching says so
    if (
        ranker is not None
        and ranker.tower is not None
        and ranker.info.get("model") == getattr(embedder, "name", None)
    ):
        tower_vectors(ranker.tower, settings, ["query"])
