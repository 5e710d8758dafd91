"""The faults a real archive meets, at the store: a read-only data folder, a full disk, a second
build at the same time, files of types that are not read."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from pathlib import Path

import pytest
from faults_support import read_only, run_cli

from config import Settings
from index import api
from index.api import DiskFull, ReadOnlyData, build_index, open_index, search, stats
from index.store import schema

QUERY = "tiêm vắc xin tháng 2/2022"


@pytest.fixture
def built(archive: Path, fake_settings: Settings, fake_embedder) -> Settings:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    return fake_settings


def test_search_in_a_read_only_folder(built: Settings, fake_embedder) -> None:
    index_dir = built.index_dir
    db = index_dir / "index.sqlite"
    assert not Path(f"{db}-shm").exists()  # a finished build leaves none
    before = sorted(p.name for p in index_dir.iterdir())
    with read_only(index_dir):
        plain = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        with pytest.raises(sqlite3.OperationalError, match="unable to open"):
            plain.execute("SELECT count(*) FROM chunks").fetchone()  # the fault as the tester met it
        plain.close()
        reader = open_index(built, fake_embedder)
        try:
            hits = search(reader, QUERY, k=3)
            assert hits and stats(reader).documents >= 10
        finally:
            reader.close()
        assert sorted(p.name for p in index_dir.iterdir()) == before  # nothing was created


def test_build_in_a_read_only_folder_is_one_clear_line(built: Settings, archive: Path, fake_embedder) -> None:
    (archive / "moi.txt").write_text("Công văn mới về phòng chống thiên tai.", encoding="utf-8")
    with read_only(built.index_dir):
        with pytest.raises(ReadOnlyData, match="read-only"):
            build_index(archive, built, fake_embedder, progress=False)
        done = run_cli("build", str(archive), "--data", str(built.data_dir))
    assert done.returncode == 2, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Cannot build in") and "read-only" in lines[0], (
        done.stderr
    )
    assert "Traceback" not in done.stderr


def _small_disk(monkeypatch: pytest.MonkeyPatch, spare_pages: int) -> None:
    """SQLite's page limit stands for a full disk: the next write past it fails as a full disk does."""
    connect = schema.connect

    def tight(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
        conn = connect(path, readonly=readonly)
        if not readonly:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
        return conn

    monkeypatch.setattr(schema, "connect", tight)


def test_full_disk_says_so_and_leaves_the_index_as_it_was(
    built: Settings, archive: Path, fake_embedder, monkeypatch
) -> None:
    before = sorted(p.name for p in built.index_dir.iterdir())
    for i in range(30):
        (archive / f"them-{i}.txt").write_text(f"Công văn {i} về phòng chống dịch. " * 300, encoding="utf-8")
    _small_disk(monkeypatch, spare_pages=2)
    with pytest.raises(DiskFull) as info:
        build_index(archive, built, fake_embedder, progress=False)
    message = str(info.value)
    assert "database or disk is full" in message and "cannot rollback" not in message
    assert "free some space" in message and "previous index is unchanged" in message
    assert sorted(p.name for p in built.index_dir.iterdir()) == before, "no orphan vectors file"
    monkeypatch.undo()
    reader = open_index(built, fake_embedder)
    try:
        assert search(reader, QUERY, k=3) and stats(reader).documents == 12
    finally:
        reader.close()
    report = build_index(archive, built, fake_embedder, progress=False)  # space again: it finishes
    assert len(report.added) == 30 and report.chunks_embedded == 0  # embedded before the disk filled


def test_a_second_build_says_it_waits(built: Settings, archive: Path, fake_embedder, capsys) -> None:
    stages: list[str] = []
    with open(built.index_dir / "build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = threading.Thread(
            target=build_index,
            args=(archive, built, fake_embedder),
            kwargs={"progress": False, "on_progress": lambda stage, done, total: stages.append(stage)},
        )
        second.start()
        second.join(3)
        assert second.is_alive() and stages == ["waiting"]
        fcntl.flock(held, fcntl.LOCK_UN)
    second.join(60)
    assert not second.is_alive() and "hashing" in stages
    assert "Another build of" in capsys.readouterr().err


def test_unread_types_are_reported(built: Settings, archive: Path, fake_embedder) -> None:
    (archive / "cong-van-cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (archive / "ban-chup.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    (archive / "du-lieu.xyz").write_bytes(b"?")
    (archive / ".hidden.txt").write_text("an editor's file, never a document")
    report = build_index(archive, built, fake_embedder, progress=False)
    skipped = {s.doc_id: s for s in report.skipped}
    assert set(skipped) == {"cong-van-cu.doc", "ban-chup.jpg", "du-lieu.xyz"}
    assert "unsupported file type '.doc'" in skipped["cong-van-cu.doc"].problem
    assert "save as .docx" in skipped["cong-van-cu.doc"].action
    # a .jpg is a scan read by OCR (corpus/ocr.py): this one is broken, and says so
    assert "corrupt or unreadable image" in skipped["ban-chup.jpg"].problem
    assert "skipped 3" in report.summary()
    again = build_index(archive, built, fake_embedder, progress=False)  # reported at every build
    assert {s.doc_id for s in again.skipped} == set(skipped)
    reader = open_index(built, fake_embedder)
    try:
        assert stats(reader).skipped == 3
        assert {d for d, _, _ in api.skipped_files(reader)} == set(skipped)
    finally:
        reader.close()
    (archive / "du-lieu.xyz").unlink()
    build_index(archive, built, fake_embedder, progress=False)
    reader = open_index(built, fake_embedder)
    try:
        assert stats(reader).skipped == 2
    finally:
        reader.close()
