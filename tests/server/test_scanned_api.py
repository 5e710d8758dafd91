"""GET /documents/{id}/pages/{n}: a page of a scanned document as PNG, next to the OCR'd text
(issue 18). One real page of a ../shared PDF, rendered at 150 dpi into a PDF without text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from server_support import role_tokens, serve_app

from config import Settings
from index.api import build_index
from index.evaluation.scan_set import render_pages, save_scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def test_a_scanned_page_is_served_as_png(
    shared_dir: Path, tmp_path: Path, fake_settings: Settings, fake_embedder
) -> None:
    archive = tmp_path / "scans"
    pages = render_pages(shared_dir / "corpus" / "pdf" / "an_le_so_552022AL.pdf", (1,), 150)
    save_scan_pdf(pages, archive / "quet" / "an-le-55.pdf", 150, None)
    build_index(archive, fake_settings.with_(ocr_dpi=150), fake_embedder, progress=False)
    token = role_tokens(fake_settings)["reader"]
    with serve_app(fake_settings, fake_embedder, archive) as client:
        auth = {"Authorization": f"Bearer {token}"}
        doc = client.get("/documents/quet/an-le-55.pdf", headers=auth).json()
        assert doc["doc"]["ocr_confidence"] > 70 and doc["doc"]["number"] == "55/2022/AL"
        page = client.get("/documents/quet/an-le-55.pdf/pages/1", headers=auth)
        assert page.status_code == 200 and page.headers["content-type"] == "image/png"
        assert page.content.startswith(b"\x89PNG")
        assert client.get("/documents/quet/an-le-55.pdf/pages/2", headers=auth).status_code == 404
        assert client.get("/documents/quet/an-le-55.pdf/pages/1").status_code == 401
