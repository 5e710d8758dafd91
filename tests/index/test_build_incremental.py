"""Incremental build: add, change, remove, rename, duplicate, bad file, model mismatch."""

from __future__ import annotations

import shutil

import pytest

from index.api import IndexMismatch, build_index, open_index, search, stats


def _build(archive, settings, embedder):
    return build_index(archive, settings, embedder, progress=False)


def test_first_build_then_nothing_to_do(archive, fake_settings, fake_embedder):
    first = _build(archive, fake_settings, fake_embedder)
    n_files = len([p for p in archive.rglob("*") if p.is_file()])
    assert len(first.added) == n_files - len(first.skipped)
    assert first.chunks_embedded > 0
    second = _build(archive, fake_settings, fake_embedder)
    assert (second.added, second.updated, second.removed) == ([], [], [])
    assert second.unchanged == len(first.added)
    assert second.chunks_embedded == 0
    reader = open_index(fake_settings, fake_embedder)
    assert stats(reader).chunks == first.chunks_total == second.chunks_total


def test_change_remove_rename_duplicate(archive, fake_settings, fake_embedder):
    _build(archive, fake_settings, fake_embedder)
    reader = open_index(fake_settings, fake_embedder)
    before = stats(reader)
    files = sorted(p for p in archive.iterdir() if p.suffix in {".txt", ".md"})
    changed, removed, renamed = files[0], files[1], files[2]

    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nĐiều bổ sung: nội dung mới về chuyển đổi số.\n",
        encoding="utf-8",
    )
    removed.unlink()
    renamed.rename(archive / ("renamed-" + renamed.name))
    shutil.copy2(files[3], archive / ("copy-of-" + files[3].name))

    report = _build(archive, fake_settings, fake_embedder)
    assert report.updated == [changed.name]
    assert sorted(report.removed) == sorted([removed.name, renamed.name])
    assert sorted(report.added) == sorted(["renamed-" + renamed.name, "copy-of-" + files[3].name])
    assert report.duplicates == [("copy-of-" + files[3].name, files[3].name)]

    after = stats(reader)  # the open reader picks up the new build
    assert after.documents == before.documents - 1  # removed one; rename and duplicate add no document
    assert after.duplicates == 1
    # The renamed file's chunks were embedded before: only the changed file's new chunks are embedded.
    assert 0 < report.chunks_embedded <= 3
    hits = search(reader, "chuyển đổi số nội dung mới", k=5)
    assert any(h.doc.doc_id == changed.name for h in hits)


def test_bad_file_is_skipped_and_the_rest_indexed(archive, fake_settings, fake_embedder):
    (archive / "hong.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (archive / "trong.txt").write_bytes(b"")
    report = _build(archive, fake_settings, fake_embedder)
    skipped = {issue.doc_id: issue for issue in report.skipped}
    assert set(skipped) == {"hong.pdf", "trong.txt"}
    assert all(issue.action for issue in skipped.values())
    assert len(report.added) >= 5
    again = _build(archive, fake_settings, fake_embedder)
    assert {i.doc_id for i in again.skipped} == {"hong.pdf", "trong.txt"}
    assert again.added == [] and again.updated == []


def test_model_mismatch_is_refused(archive, fake_settings, fake_embedder):
    from embedder import HashingEmbedder

    _build(archive, fake_settings, fake_embedder)
    other = HashingEmbedder(dim=32)
    with pytest.raises(IndexMismatch, match="rebuild"):
        open_index(fake_settings, other)
    with pytest.raises(IndexMismatch, match="rebuild"):
        _build(archive, fake_settings, other)
    report = build_index(archive, fake_settings, other, rebuild=True, progress=False)
    assert report.chunks_total > 0
    assert stats(open_index(fake_settings, other)).documents == len(report.updated)


def test_data_folder_inside_archive_is_refused(archive, fake_embedder):
    from config import load_settings

    settings = load_settings(data_dir=archive / "data")
    with pytest.raises(ValueError, match="inside the archive"):
        _build(archive, settings, fake_embedder)


def test_same_text_saved_again_is_a_duplicate(archive, fake_settings, fake_embedder):
    # The same page saved twice: other bytes (line endings), the same cleaned text.
    original = sorted(p for p in archive.iterdir() if p.suffix == ".txt")[0]
    copy = archive / ("saved-again-" + original.name)
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    assert copy.read_bytes() != original.read_bytes()

    first = _build(archive, fake_settings, fake_embedder)
    assert (copy.name, original.name) in first.duplicates
    reader = open_index(fake_settings, fake_embedder)
    assert stats(reader).duplicates == 1
    opening = original.read_text(encoding="utf-8")[:200]
    found = {h.doc.doc_id for h in search(reader, opening, k=50)}
    assert original.name in found and copy.name not in found

    # Nothing changed: nothing is loaded again, the copy stays a copy.
    again = _build(archive, fake_settings, fake_embedder)
    assert (again.added, again.updated, again.duplicates) == ([], [], [])
    assert stats(reader).duplicates == 1

    # The original goes: the copy becomes the indexed document, without a full rebuild.
    original.unlink()
    third = _build(archive, fake_settings, fake_embedder)
    assert third.removed == [original.name]
    assert third.updated == [copy.name] and third.duplicates == []
    assert stats(reader).duplicates == 0
    assert copy.name in {h.doc.doc_id for h in search(reader, opening, k=50)}


def test_a_new_file_with_an_indexed_text_points_to_it(archive, fake_settings, fake_embedder):
    _build(archive, fake_settings, fake_embedder)
    original = sorted(p for p in archive.iterdir() if p.suffix == ".txt")[-1]
    # Named to sort first: the document already indexed stays the original all the same.
    copy = archive / ("0-" + original.name)
    copy.write_bytes(original.read_bytes() + b"\n\n")
    report = _build(archive, fake_settings, fake_embedder)
    assert report.added == [copy.name]
    assert report.duplicates == [(copy.name, original.name)]
    assert report.chunks_embedded == 0


def test_an_index_from_before_text_keys_still_finds_copies(archive, fake_settings, fake_embedder):
    from index.store import schema as store
    from index.store.schema import DB_NAME

    _build(archive, fake_settings, fake_embedder)
    db = fake_settings.index_dir / DB_NAME
    conn = store.connect(db)
    conn.execute("UPDATE documents SET text_key = NULL")  # as an older build left them
    conn.close()
    original = sorted(p for p in archive.iterdir() if p.suffix == ".txt")[0]
    copy = archive / ("saved-again-" + original.name)
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    report = _build(archive, fake_settings, fake_embedder)
    assert report.duplicates == [(copy.name, original.name)]
    conn = store.connect(db)
    assert conn.execute("SELECT count(*) FROM documents WHERE text_key IS NULL").fetchone()[0] == 0
    conn.close()
