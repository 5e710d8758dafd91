"""The served sample archive for the API tests: the sample archive (one bulletin moved into
``govdocs/`` so that an id holds a slash) indexed with the hashing embedder, a token per role,
and FastAPI's TestClient around the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_support import Served, nest_bulletin, role_tokens, serve_app

from config import Settings
from index.api import build_index


@pytest.fixture
def served(archive: Path, fake_settings: Settings, fake_embedder) -> Iterator[Served]:
    nest_bulletin(archive)
    build_index(archive, fake_settings, fake_embedder, progress=False)
    tokens = role_tokens(fake_settings)
    with serve_app(fake_settings, fake_embedder, archive) as client:
        yield Served(client, fake_settings, archive, fake_embedder, tokens)
