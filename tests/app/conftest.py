"""Fixtures for the page tests: the sample archive indexed with the real default model.

The index lives in the session's test data folder (``CHITHI_TEST_DATA`` keeps it between runs) under
its own name, ``index-app``; the page finds it through ``CHITHI_DATA`` and ``CHITHI_INDEX_NAME``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apptest_support import APP_INDEX, point_page_at, seeded_data_dir

from config import SAMPLE_ARCHIVE, Settings


@pytest.fixture(scope="session")
def app_settings(real_settings: Settings, real_embedder) -> Settings:
    """``index-app`` in the test data folder, up to date with ``sample_archive/`` (incremental)."""
    from index.api import build_index

    settings = real_settings.with_(index_name=APP_INDEX)
    build_index(SAMPLE_ARCHIVE, settings, real_embedder, progress=False)
    return settings


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, app_settings: Settings) -> Settings:
    point_page_at(monkeypatch, app_settings.data_dir)
    return app_settings


@pytest.fixture
def own_archive_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, app_settings: Settings, real_embedder
) -> tuple[Settings, Path]:
    """A private copy of the sample archive, indexed in a private data folder (uploads land in the copy)."""
    from index.api import build_index

    archive = shutil.copytree(SAMPLE_ARCHIVE, tmp_path / "archive")
    settings = app_settings.with_(data_dir=seeded_data_dir(tmp_path / "data", app_settings))
    build_index(archive, settings, real_embedder, progress=False)
    point_page_at(monkeypatch, settings.data_dir)
    return settings, archive
