"""A damaged index: ``python -m index check`` says what is wrong, searching says so without a
traceback, and a plain build repairs it from the archive and the embedding cache (nothing is
embedded again); an unreadable database is moved aside, never deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings
from index import api, cli
from index.api import IndexDamaged, build_index, check_index, open_index, search

QUERY = "tiêm vắc xin tháng 2/2022"


@pytest.fixture
def built(archive: Path, fake_settings: Settings, fake_embedder) -> Settings:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    return fake_settings


def vectors_file(settings: Settings) -> Path:
    return next(settings.index_dir.glob("vectors-*.faiss"))


def assert_repaired(archive: Path, settings: Settings, embedder, expect: str) -> None:
    report = build_index(archive, settings, embedder, progress=False)
    assert report.repaired and expect in report.repaired[0], report.repaired
    assert report.chunks_embedded == 0, "every embedding comes from the cache"
    assert check_index(settings) == []
    reader = open_index(settings, embedder)
    try:
        assert search(reader, QUERY, k=3)
    finally:
        reader.close()


def test_check_says_ok_on_a_whole_index(built: Settings, capsys) -> None:
    assert check_index(built) == []
    assert cli.main(["check", "--data", str(built.data_dir)]) == 0
    assert capsys.readouterr().out.startswith("ok: the index")


def test_deleted_vectors_file(built: Settings, archive: Path, fake_embedder, capsys) -> None:
    vectors_file(built).unlink()
    problems = check_index(built)
    assert problems and "is missing" in problems[0].what and "python -m index build" in problems[0].fix
    assert cli.main(["check", "--data", str(built.data_dir)]) == 1
    assert "problem: The vectors file" in capsys.readouterr().out
    with pytest.raises(IndexDamaged, match="python -m index build"):
        open_index(built, fake_embedder)
    assert_repaired(archive, built, fake_embedder, "is missing")


def test_truncated_vectors_file(built: Settings, archive: Path, fake_embedder) -> None:
    path = vectors_file(built)
    path.write_bytes(path.read_bytes()[:200])
    assert "cannot be read" in check_index(built)[0].what
    assert_repaired(archive, built, fake_embedder, "cannot be read")


@pytest.mark.parametrize("damage", ["header", "garbage", "page"])
def test_damaged_database(built: Settings, archive: Path, fake_embedder, damage: str) -> None:
    db = built.index_dir / "index.sqlite"
    data = bytearray(db.read_bytes())
    if damage == "header":
        data[:16] = b"not a database!!"
    elif damage == "garbage":
        data = bytearray(b"\x00garbage" * 500)
    else:  # a b-tree page in the middle
        data[4096 + 8 : 4096 + 400] = b"\xff" * 392
    db.write_bytes(bytes(data))
    problems = check_index(built)
    assert problems and problems[0].kind == "database", problems
    with pytest.raises(IndexDamaged, match="damaged"):
        reader = open_index(built, fake_embedder)
        search(reader, QUERY)
    assert_repaired(archive, built, fake_embedder, "moved it aside")
    kept = [
        p for p in built.index_dir.glob("index.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data), "the damaged file is kept as it was"


def test_rebuild_works_on_an_unreadable_database(built: Settings, archive: Path, fake_embedder) -> None:
    db = built.index_dir / "index.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + b"\xee" * 5000)
    report = build_index(archive, built, fake_embedder, rebuild=True, progress=False)
    assert report.repaired and report.added and report.chunks_embedded == 0
    assert list(built.index_dir.glob("index.sqlite.damaged-*"))


def test_lost_manifest_file_is_written_again(built: Settings, archive: Path, fake_embedder) -> None:
    (built.index_dir / "manifest.json").unlink()
    assert api.has_index(built), "the index is still there: no first-run screen, no sample build over it"
    report = build_index(archive, built, fake_embedder, progress=False)
    assert report.repaired == [
        f"{built.index_dir / 'manifest.json'} is missing or disagrees with the index; wrote it again"
    ]
    assert (built.index_dir / "manifest.json").is_file() and check_index(built) == []


def test_missing_archive_folder_is_a_problem(built: Settings, archive: Path) -> None:
    archive.rename(archive.with_name("gone"))
    problems = check_index(built)
    assert [p.kind for p in problems] == ["archive"] and str(archive) in problems[0].what


def test_another_archive_needs_rebuild(built: Settings, archive: Path, fake_embedder, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Công văn số 1/CV về phòng chống dịch.", encoding="utf-8")
    with pytest.raises(api.ArchiveChanged, match="--rebuild"):
        build_index(other, built, fake_embedder, progress=False)
    assert check_index(built) == [] and api.has_index(built)
    report = build_index(other, built, fake_embedder, rebuild=True, progress=False)
    assert report.added == ["a.txt"] and report.unchanged == 0
