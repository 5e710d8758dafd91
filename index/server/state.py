"""What one server process shares between requests: the settings, one embedding model and one
index reader (loaded once, at startup), the token file and the build jobs.

Requests run in FastAPI's thread pool; each ask or search reads one snapshot of the index
(``IndexReader.snapshot`` holds a lock), so a reindex running as a background job commits
while requests keep being answered from the old build, then the new one.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from config import Settings
from index.api import (
    Actor,
    IndexMismatch,
    IndexReader,
    NoIndex,
    archive_folder,
    begin_reindex,
    has_index,
    load_model,
    open_index,
)
from index.server.jobs import BuildJobs
from index.server.tokens import TokenStore

log = logging.getLogger(__name__)


class NoArchive(RuntimeError):
    """The server does not know which archive folder to write uploads to or to reindex."""


class ServerState:
    def __init__(self, settings: Settings, embedder: Any = None, archive: Path | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.archive = Path(archive).expanduser().resolve() if archive else None
        self.tokens = TokenStore(settings.tokens_path)
        self.jobs = BuildJobs()
        self._reader: IndexReader | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Load the model and open the index (if one is built): once, before the first request."""
        self._model()
        try:
            self.reader()
        except (NoIndex, IndexMismatch) as exc:
            log.warning("%s", exc)

    def _model(self) -> Any:
        with self._lock:
            if self.embedder is None:
                self.embedder = load_model(self.settings)
            return self.embedder

    def reader(self) -> IndexReader:
        """The shared reader; opened on first use after a first build. Raises NoIndex."""
        if self._reader is None:
            embedder = self._model()
            with self._lock:
                if self._reader is None:
                    if not has_index(self.settings):
                        raise NoIndex(
                            f"No index is built in {self.settings.index_dir} yet: an archivist can "
                            "POST /reindex (server started with --archive DIR), or run "
                            "`python -m index build ARCHIVE_DIR` on the server; then try again."
                        )
                    self._reader = open_index(self.settings, embedder)
        return self._reader

    def archive_dir(self) -> Path:
        """The archive folder: ``--archive``, else the one the index was last built from."""
        if self.archive is not None:
            return self.archive
        if has_index(self.settings):
            manifest = self.reader().manifest
            if manifest is not None and manifest.archive:
                return archive_folder(manifest.archive)  # ArchiveMissing when it is not there
        raise NoArchive(
            "The server does not know the archive folder: restart it with "
            "`python -m index serve --archive DIR` (or build the index once from that folder)."
        )

    def start_build(self, kind: str, actor: Actor):
        """A background build of the archive with the shared model (None if one is running);
        the role is checked and the reindex audited first."""
        archive = self.archive_dir()
        begin_reindex(self.settings, actor, archive, kind)
        return self.jobs.start(kind, archive, self.settings, self._model())

    def close(self) -> None:
        # A build stopped half-way leaves the previous index whole; give it a moment to finish.
        if not self.jobs.wait(10):
            log.warning("Stopping with a reindex still running: the next reindex finishes its work.")
        if self._reader is not None:
            self._reader.close()
            self._reader = None
