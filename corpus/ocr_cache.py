"""OCR results cached by file content hash, page by page (``ocr_cache.sqlite`` in the data folder).

A reindex meets an unchanged scan again and again; reading it costs 10-20 s a page, so each page
read is kept under (file sha256, engine, page). ``engine`` names Tesseract's version, the model,
the resolution and the pipeline: change any and the scan is read again. A page is committed as
soon as it is read, so a build stopped half way through a long scan keeps what it did. A cache
that cannot be opened (a read-only data folder) is simply not used.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from corpus.types import OcrPage

log = logging.getLogger(__name__)

CACHE_NAME = "ocr_cache.sqlite"


class OcrCache:
    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: Path | None) -> OcrCache:
        if path is None:
            return cls(None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS pages(file_hash TEXT NOT NULL, engine TEXT NOT NULL, "
                "page INTEGER NOT NULL, text TEXT NOT NULL, confidence REAL NOT NULL, seconds REAL NOT NULL, "
                "rotated INTEGER NOT NULL, PRIMARY KEY(file_hash, engine, page))"
            )
            conn.commit()
        except (sqlite3.Error, OSError) as exc:
            log.warning("OCR cache %s not used (%s): scans are read again at each build", path, exc)
            return cls(None)
        return cls(conn)

    def __enter__(self) -> OcrCache:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            self.conn.close()

    def get(self, file_hash: str, engine: str, numbers: Iterable[int]) -> dict[int, OcrPage]:
        """The cached pages among ``numbers``, by page number."""
        if self.conn is None:
            return {}
        wanted = set(numbers)
        rows = self.conn.execute(
            "SELECT page, text, confidence, seconds, rotated FROM pages WHERE file_hash=? AND engine=?",
            (file_hash, engine),
        )
        return {r[0]: OcrPage(r[0], r[1], r[2], r[3], r[4]) for r in rows if r[0] in wanted}

    def put(self, file_hash: str, engine: str, page: OcrPage) -> None:
        if self.conn is None:
            return
        try:
            with self.conn:
                self.conn.execute(
                    "INSERT OR REPLACE INTO pages VALUES(?,?,?,?,?,?,?)",
                    (file_hash, engine, page.number, page.text, page.confidence, page.seconds, page.rotated),
                )
        except sqlite3.Error as exc:  # a full disk: the text is still used, only not kept
            log.warning("OCR cache: page %d not kept (%s)", page.number, exc)
