"""A scanned directive in the index (issue 18): marked as OCR'd, its passages cited with their page,
and the page image served next to the recognised text. A real scan (two pages of a real PDF of
../shared rendered at 150 dpi, no text layer) read by Tesseract; the hashing embedder is enough
here (lexical search finds the passage; this is plumbing, not search quality)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from config import Settings, load_settings
from index import api
from index.access.roles import Actor
from index.evaluation.scan_set import render_pages, save_scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
READER = Actor("hoa", "reader", "page")


@pytest.fixture(scope="module")
def scanned(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    from embedder import HashingEmbedder

    root = tmp_path_factory.mktemp("scanned")
    archive = root / "archive"
    pages = render_pages(shared_dir / "corpus" / "pdf" / "an_le_so_552022AL.pdf", (1, 2), 150)
    save_scan_pdf(pages, archive / "an-le-55-ban-quet.pdf", 150, None)
    settings = load_settings(data_dir=root / "data", ocr_dpi=200)
    report = api.build_index(archive, settings, HashingEmbedder(dim=64), progress=False)
    assert not report.skipped, report.skipped
    return settings, archive


def test_a_cited_passage_of_a_scan_carries_its_page_and_mark(scanned: tuple[Settings, Path]) -> None:
    from embedder import HashingEmbedder

    settings, _archive = scanned
    reader = api.open_index(settings, HashingEmbedder(dim=64))
    try:
        hits = api.search(reader, "Ủy ban nhân dân xã đã xác nhận việc chuyển nhượng", k=5)
        assert hits and all(h.doc.scanned and h.doc.ocr_confidence > 70 for h in hits)
        assert {h.page for h in hits} <= {1, 2} and all(h.page for h in hits)
        view = api.get_document(reader, "an-le-55-ban-quet.pdf")
        assert view.doc.scanned and view.doc.number == "55/2022/AL"
        assert [p[0] for p in view.pages] == [1, 2]
    finally:
        reader.close()


def test_the_page_image_beside_the_text(scanned: tuple[Settings, Path]) -> None:
    settings, archive = scanned
    png = api.page_image(settings, READER, str(archive), "an-le-55-ban-quet.pdf", 2)
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="2 pages, not a page 3"):
        api.page_image(settings, READER, str(archive), "an-le-55-ban-quet.pdf", 3)


def test_a_rebuild_does_not_read_the_scan_again(scanned: tuple[Settings, Path]) -> None:
    """The cached text is what a rebuild indexes: marked in the cache, the mark shows in the index."""
    import sqlite3

    from embedder import HashingEmbedder

    settings, archive = scanned
    with sqlite3.connect(settings.ocr_cache_path) as conn:
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 2
        conn.execute("UPDATE pages SET text = text || ? WHERE page = 2", ("\n\nDấu kiểm tra bộ đệm.",))
    report = api.build_index(archive, settings, HashingEmbedder(dim=64), progress=False, rebuild=True)
    assert not report.skipped
    reader = api.open_index(settings, HashingEmbedder(dim=64))
    try:
        assert "Dấu kiểm tra bộ đệm." in api.get_document(reader, "an-le-55-ban-quet.pdf").text
    finally:
        reader.close()
