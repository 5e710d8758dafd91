"""The page meets a damaged index with the fix, never a traceback (AppTest, hashing embedder)."""

from __future__ import annotations

import pytest
from apptest_support import new_app
from fake_page import fake_page, sign_in


@pytest.fixture
def page(monkeypatch, tmp_path, archive, fake_embedder):
    return fake_page(monkeypatch, tmp_path / "data", archive, fake_embedder)


def test_missing_vectors_file(page) -> None:
    next(page.settings.index_dir.glob("vectors-*.faiss")).unlink()
    at = sign_in(new_app(None).run(), "archivist")
    assert not at.exception
    assert at.error[0].value == "Không mở được chỉ mục"
    assert "python -m index build" in at.code[0].value
    assert "build-sample" not in {str(b.key) for b in at.button}, "no sample build over a damaged index"


def test_index_damaged_while_the_page_has_it_open(page) -> None:
    at = sign_in(new_app(None).run(), "reader")
    assert at.metric
    db = page.settings.index_dir / "index.sqlite"
    broken = db.with_name("broken")
    broken.write_bytes(b"SQLite format 3\x00" + b"\xee" * 8192)
    broken.replace(db)  # another file in its place, as a restore from a bad copy would do
    at.text_input(key="q_input").input("tiêm vắc xin tháng 2/2022").run()
    assert not at.exception, at.exception
    assert at.error and at.error[-1].value == "Không mở được chỉ mục"
    assert "damaged" in at.code[-1].value
