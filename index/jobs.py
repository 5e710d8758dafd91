"""One background job at a time (an index build), with progress a caller can poll.

The page and the REST API each keep one ``JobRunner`` per data folder for the whole process, start
the build in a daemon thread and poll its progress until the job is finished (the page re-renders
every second, API clients ask ``GET /jobs/{id}``). The work function receives its ``Job``: it sets
``job.stage`` and passes ``job.on_file`` / ``job.on_progress`` to the build.
"""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    kind: str  # "sample", "rescan", "upload", "reindex"
    total_hint: int  # files in the archive: an upper bound for the per-file progress
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    stage: str = "start"  # "start", "model" (loading the embedder), "files" (the build itself)
    events: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, status) from on_file
    result: Any = None
    error: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: secrets.token_hex(8))  # how API clients name it

    progress: tuple[str, int, int] | None = None  # (stage, done, total) from on_progress

    def on_progress(self, stage: str, done: int, total: int) -> None:
        """The build's stage callback: hashing, loading, embedding, saving."""
        self.progress = (stage, done, total)

    def on_file(self, doc_id: str, status: str) -> None:
        """The build's per-file callback: ``status`` is 'added', 'updated' or 'skipped: <problem>'."""
        self.events.append((doc_id, status))

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def fraction(self) -> float:
        """A rough share of the work done: files loaded over files in the archive; 1.0 once finished."""
        if self.done:
            return 1.0
        if self.stage in ("start", "model"):
            return 0.02
        if self.progress:
            # Embedding dominates a build's time; the weights share the bar accordingly.
            stage, done, total = self.progress
            start, width = {
                "waiting": (0.02, 0.0),  # another build holds the data folder
                "hashing": (0.03, 0.05),
                "loading": (0.08, 0.22),
                "embedding": (0.3, 0.4),
                "sentences": (0.7, 0.25),  # sentence vectors: about as much text as the chunks
            }.get(stage, (0.95, 0.0))
            return min(0.97, start + width * done / max(1, total))
        return min(0.95, 0.05 + 0.9 * len(self.events) / max(1, self.total_hint))


class JobRunner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.job: Job | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        with self._lock:
            return self.job is not None and not self.job.done

    def start(self, kind: str, work: Callable[[Job], Any], total_hint: int = 0, **notes: Any) -> Job | None:
        """Run ``work(job)`` in a thread; ``None`` when a job is already running."""
        with self._lock:
            if self.job is not None and not self.job.done:
                return None
            job = Job(kind=kind, total_hint=total_hint, notes=dict(notes))
            self.job = job

        def target() -> None:
            try:
                job.result = work(job)
            except Exception as exc:  # shown on the page; a thread has nobody to re-raise to
                job.error = str(exc) or exc.__class__.__name__
                job.notes["traceback"] = traceback.format_exc()
            finally:
                job.finished = time.monotonic()

        self._thread = threading.Thread(target=target, name=f"chithi-{kind}", daemon=True)
        self._thread.start()
        return job

    def wait(self, timeout: float) -> bool:
        """Block until the current job ends (tests); True when it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running
