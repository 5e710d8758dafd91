"""The page with a scanned document (issue 18): marked "văn bản quét — nhận dạng tự động", and the
scanned page image shown beside the recognised text of the cited passage. A real page of a
../shared PDF rendered at 150 dpi into a PDF without text, read by Tesseract; hashing embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apptest_support import htmls, new_app
from fake_page import fake_page, sign_in

from index.evaluation.scan_set import render_pages, save_scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
SCAN = "an-le-55-ban-quet.pdf"


def test_a_scanned_document_shows_its_page_beside_the_text(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:
    archive = tmp_path / "archive"
    pages = render_pages(shared_dir / "corpus" / "pdf" / "an_le_so_552022AL.pdf", (1, 2), 150)
    save_scan_pdf(pages, archive / SCAN, 150, None)
    monkeypatch.setenv("CHITHI_OCR_DPI", "200")
    page = fake_page(monkeypatch, tmp_path / "data", archive, fake_embedder)
    from index.api import get_document, open_index

    reader = open_index(page.settings, fake_embedder)
    try:
        view = get_document(reader, SCAN)
    finally:
        reader.close()
    _n, start, end = view.pages[1]
    at = sign_in(new_app(None).run(), "reader")
    at.query_params["doc"] = SCAN
    at.query_params["at"] = f"{start + 10}-{start + 200}"
    at.run()
    assert not at.exception
    assert any("văn bản quét — nhận dạng tự động" in h for h in htmls(at))
    assert [e.label for e in at.expander] == ["Xem trang 2 của bản quét"]
    assert not [c.value for c in at.caption if "Không hiển thị" in c.value]
    images = at.get("image")
    assert len(images) == 1 and images[0].captions[0].endswith("trang 2") and images[0].value[0]
