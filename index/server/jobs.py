"""Index builds started through the API: one at a time (``index.jobs.JobRunner``, the page's
runner), the last few kept so that ``GET /jobs/{id}`` can report them after they end."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from config import Settings
from index.api import build_index
from index.jobs import Job, JobRunner
from index.records import to_plain

KEEP = 20  # finished jobs remembered
RECENT_FILES = 20  # per-file events shown while a job runs (the final report lists them all)


class BuildJobs:
    def __init__(self) -> None:
        self.runner = JobRunner()
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()

    def start(self, kind: str, archive: Path, settings: Settings, embedder: Any) -> Job | None:
        """Bring the index up to date with ``archive`` in a background thread (None if running)."""

        def work(job: Job):
            job.stage = "files"
            return build_index(
                archive,
                settings,
                embedder,
                progress=False,
                on_file=job.on_file,
                on_progress=job.on_progress,
            )

        job = self.runner.start(kind, work, archive=str(archive))
        if job is not None:
            with self._lock:
                self._jobs[job.id] = job
                while len(self._jobs) > KEEP:
                    self._jobs.popitem(last=False)
        return job

    @property
    def current(self) -> Job | None:
        job = self.runner.job
        return job if job is not None and not job.done else None

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, timeout: float) -> bool:
        return self.runner.wait(timeout)


def job_payload(job: Job) -> dict[str, Any]:
    """What a client sees of a job (never the traceback the page keeps in its notes)."""
    stage, done, total = job.progress or (job.stage, 0, 0)
    report = job.result
    return {
        "id": job.id,
        "kind": job.kind,
        "done": job.done,
        "ok": job.done and job.error is None,
        "stage": stage,
        "progress": {"done": done, "total": total},
        "fraction": round(job.fraction, 3),
        "seconds": round(job.seconds, 2),
        "files_done": len(job.events),
        "recent_files": [{"doc_id": d, "status": s} for d, s in job.events[-RECENT_FILES:]],
        "error": job.error,
        "report": to_plain(report) if report is not None else None,
        "summary": report.summary() if report is not None else None,
    }
