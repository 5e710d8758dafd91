"""Reading files in a worker process, so that a hostile or broken file costs one message and
never stalls or bloats the process that asked (the page, the API server, a build).

The worker (``python -m corpus.worker``, a plain child process: nothing of the parent's state
or threads comes along) reads one file at a time with ``load_document`` under an address-space
limit (``max_load_memory_mb``). A file taking longer than ``max_load_seconds`` gets its worker
stopped (SIGKILL) and replaced, and comes back as a ``LoadIssue`` saying which limit it hit.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from config import PROJECT_ROOT, Settings
from corpus.loader import doc_id_for, load_document, memory_issue
from corpus.ocr import set_page_hook, thread_limit
from corpus.types import Document, LoadIssue

MB = 1024 * 1024
# What the worker sends before each page it OCRs: it is busy, not stuck.
PAGE_STARTED = "ocr-page"


def serve(fd: int, memory_mb: int) -> None:
    """The worker's loop: (path, root, settings) in, ``Document`` or ``LoadIssue`` out."""
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answers
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
    conn = Connection(fd)
    thread_limit()
    set_page_hook(lambda: conn.send((PAGE_STARTED, False)))
    while True:
        try:
            path, root, settings = conn.recv()
        except (EOFError, OSError):
            return
        doc_id = doc_id_for(Path(path), Path(root))
        peak = _peak_mb()
        try:
            result: Document | LoadIssue = load_document(Path(path), Path(root), settings, progress=True)
        except MemoryError:
            result = memory_issue(doc_id, settings)
        # lxml reports a failed allocation as an "unknown error" of the XML: a failure while this
        # file took the worker to the edge of its limit is the limit's doing.
        exhausted = memory_mb > 0 and _peak_mb() > peak and _peak_mb() >= 0.8 * memory_mb
        if exhausted and isinstance(result, LoadIssue):
            result = memory_issue(doc_id, settings)
        try:
            conn.send((result, exhausted))
        except MemoryError:
            conn.send((memory_issue(doc_id, settings), True))
        if exhausted:
            return  # a fresh worker for the next file


def _peak_mb() -> float:
    """The most address space this process has held (what RLIMIT_AS limits), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # resident, kB on Linux


class LoadWorker:
    """``with LoadWorker(settings) as worker: worker.load(path, root)`` → Document or LoadIssue."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._ocr_pages = 0  # pages the file being read has started to OCR

    def __enter__(self) -> LoadWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection:
        mine, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "corpus.worker",
                str(theirs.fileno()),
                str(self.settings.max_load_memory_mb),
            ],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self._conn = Connection(mine.detach())
        return self._conn

    def _alive(self) -> bool:
        return self._process is not None and self._process.poll() is None and self._conn is not None

    def load(self, path: Path, root: Path) -> Document | LoadIssue:
        conn = self._conn if self._alive() and self._conn is not None else self._start()
        doc_id = doc_id_for(path, root)
        seconds = self.settings.max_load_seconds
        try:
            conn.send((str(path), str(root), self.settings))
            result = self._wait(conn, seconds)
            if result is not None:
                return result
        except (EOFError, OSError):
            self._stop()
            return LoadIssue(
                doc_id,
                "the reader stopped while reading it (out of memory, or the file crashed the PDF/Word reader)",
                "check it is the right file; re-export it, or raise CHITHI_MAX_LOAD_MEMORY_MB",
            )
        self._stop()
        if self._ocr_pages:
            return LoadIssue(
                doc_id,
                f"OCR of page {self._ocr_pages} stopped: past ocr_page_seconds={self.settings.ocr_page_seconds}"
                f" or max_ocr_seconds={self.settings.max_ocr_seconds}",
                "check the scan; pages read so far are cached: build again, or raise CHITHI_OCR_PAGE_SECONDS",
            )
        return LoadIssue(
            doc_id,
            f"reading it took longer than max_load_seconds={seconds}",
            "check it is the right file; split it, or raise the limit with CHITHI_MAX_LOAD_SECONDS",
        )

    def _wait(self, conn: Connection, seconds: int) -> Document | LoadIssue | None:
        """The worker's answer, None past the time limit: ``max_load_seconds`` until its first
        message; each OCR page it starts gives it ``ocr_page_seconds`` (three Tesseract runs at
        most: read, rotation check, upright read) more, up to ``max_ocr_seconds`` in all."""
        s = self.settings
        self._ocr_pages = 0
        budget = seconds if seconds > 0 else None
        ends = (
            None
            if budget is None
            else time.monotonic() + seconds + s.max_ocr_seconds + 3 * s.ocr_page_seconds
        )
        while conn.poll(budget):
            message, spent = conn.recv()
            if message == PAGE_STARTED:
                self._ocr_pages += 1
                if ends is not None:
                    budget = max(0.0, min(3 * s.ocr_page_seconds + seconds, ends - time.monotonic()))
                continue
            if spent:
                self._stop()
            return message
        return None

    def _stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._process is not None:
            self._process.wait(10)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        """Let the worker end on its own (it sees the connection close), else stop it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self._stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
