"""Shared fixtures: the data folder for tests, the real default model, the sample index.

The real model is built once per session into a test data folder; set
CHITHI_TEST_DATA to a folder to keep it (and the embedding cache) between runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from config import SAMPLE_ARCHIVE, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent: the real-archive checks need it")
    return SHARED


@pytest.fixture(scope="session")
def test_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("CHITHI_TEST_DATA")
    if env:
        path = Path(env).resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("chithi-data")


@pytest.fixture(scope="session")
def real_settings(test_data_dir: Path) -> Settings:
    return load_settings(data_dir=test_data_dir)


@pytest.fixture(scope="session")
def real_embedder(real_settings: Settings):
    from embedder import load_embedder

    return load_embedder(real_settings)


@pytest.fixture(scope="session")
def sample_index(real_settings: Settings, real_embedder):
    """The bundled sample archive indexed with the real default model."""
    from index.api import build_index, open_index

    settings = real_settings.with_(index_name="index-sample")
    build_index(SAMPLE_ARCHIVE, settings, real_embedder, progress=False)
    reader = open_index(settings, real_embedder)
    yield reader
    reader.close()


@pytest.fixture(scope="session")
def real_subset(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real archive: the two bulletins, a few govdocs, one PDF and one DOCX."""
    root = tmp_path_factory.mktemp("real-subset")
    corpus = shared_dir / "corpus"
    picks = sorted((corpus / "bulletins").glob("*.txt"))
    picks += sorted((corpus / "govdocs").glob("*.md"))[:6]
    picks += sorted((corpus / "pdf").glob("*.pdf"))[:1]
    picks += sorted((corpus / "docx").glob("*.docx"))[:1]
    for src in picks:
        dest = root / src.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    return root


@pytest.fixture(scope="session")
def real_subset_index(real_settings: Settings, real_embedder, real_subset: Path):
    from index.api import build_index, open_index

    settings = real_settings.with_(index_name="index-real-subset")
    build_index(real_subset, settings, real_embedder, progress=False)
    reader = open_index(settings, real_embedder)
    yield reader
    reader.close()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A private copy of the sample archive that a test may change."""
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


def copy_sample(dest: Path) -> Path:
    shutil.copytree(SAMPLE_ARCHIVE, dest)
    return dest


# Tests that load the real embedding model (directly or through an index built with it).
_MODEL_FIXTURES = {"real_embedder", "sample_index", "real_subset_index"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs the real model ``model``, so that quick work can run
    ``pytest -m "not slow and not browser and not model"`` (under a minute); the README's
    test command and CI run them all but the ``slow`` ones."""
    for item in items:
        if _MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
