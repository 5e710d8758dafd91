"""The functions the CLI and the page call: one per action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from config import Settings, load_settings
from embedder import Embedder, load_embedder
from index.answer.ask import ask
from index.errors import DocumentNotFound, EmptyQuery, IndexMismatch, NoIndex
from index.records import Answer, Citation, DocInfo, DocumentView, Filters, Hit, IndexStats
from index.retrieval.search import search
from index.store.build import BuildReport, build
from index.store.documents import find_by_number, get_document, skipped_files, stats
from index.store.reader import IndexReader

__all__ = [
    "Answer",
    "BuildReport",
    "Citation",
    "DocInfo",
    "DocumentNotFound",
    "DocumentView",
    "EmptyQuery",
    "Filters",
    "Hit",
    "IndexMismatch",
    "IndexReader",
    "IndexStats",
    "NoIndex",
    "ask",
    "build_index",
    "find_by_number",
    "get_document",
    "has_index",
    "open_index",
    "search",
    "skipped_files",
    "stats",
]


def has_index(settings: Settings | None = None) -> bool:
    """Whether a finished build exists in the data folder (cheap: no model is loaded)."""
    settings = settings or load_settings()
    return (settings.index_dir / "manifest.json").exists()


def open_index(settings: Settings | None = None, embedder: Embedder | None = None) -> IndexReader:
    settings = settings or load_settings()
    return IndexReader(settings, embedder or load_embedder(settings))


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
    return build(
        Path(archive),
        settings,
        embedder or load_embedder(settings),
        rebuild=rebuild,
        progress=progress,
        on_file=on_file,
        on_progress=on_progress,
    )
