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
from index.store.schema import DB_NAME

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
    "load_model",
    "model_key",
    "open_index",
    "search",
    "skipped_files",
    "stats",
]


def has_index(settings: Settings | None = None) -> bool:
    """Whether a build has committed in the data folder (cheap: no model is loaded). The
    manifest file is written after the commit; the database appears as soon as a first
    build starts, so opening it then would find no tables yet."""
    settings = settings or load_settings()
    return (settings.index_dir / DB_NAME).is_file() and (settings.index_dir / "manifest.json").is_file()


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
    return build(
        Path(archive),
        settings,
        embedder or load_embedder(settings),
        rebuild=rebuild,
        progress=progress,
        on_file=on_file,
        on_progress=on_progress,
    )
