from __future__ import annotations

from pathlib import Path

import pytest

from config import SAMPLE_ARCHIVE, Settings, load_settings


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A private copy of the sample archive that a test may change."""
    import shutil

    dest = tmp_path / "archive"
    shutil.copytree(SAMPLE_ARCHIVE, dest)
    return dest


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture
def fake_embedder():
    """Plumbing only: a deterministic hashing embedder, never proof that search works."""
    from embedder import HashingEmbedder

    return HashingEmbedder(dim=64)
