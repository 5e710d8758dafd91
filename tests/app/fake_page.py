"""The page over a small index built with the hashing embedder (no real model: these tests are
about who may do what, not about answers), with one account per role."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import Settings, load_settings

PASSWORD = "mật-khẩu-thử-nghiệm"
ROLES = ("reader", "archivist", "admin")
FAKE_MODEL = "hashing-page-test"  # its own model key: the page's cached model never meets the real one


@dataclass
class FakePage:
    settings: Settings
    archive: Path


def fake_page(monkeypatch: pytest.MonkeyPatch, data: Path, archive: Path, embedder) -> FakePage:
    import index.api
    from index.access.accounts import store_for
    from index.api import build_index

    monkeypatch.setenv("CHITHI_DATA", str(data))
    monkeypatch.setenv("CHITHI_MODEL", FAKE_MODEL)
    monkeypatch.delenv("CHITHI_INDEX_NAME", raising=False)
    monkeypatch.setattr(index.api, "load_embedder", lambda settings, **kw: embedder)
    settings = load_settings()
    build_index(archive, settings, embedder, progress=False)
    store = store_for(settings)
    for role in ROLES:
        store.add(role, role, PASSWORD)
    return FakePage(settings, archive)


def sign_in(at, name: str, password: str = PASSWORD):
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button(key="signin").click().run()
    assert not at.exception, at.exception
    return at


def keys(at) -> set[str]:
    """The keys of every widget on the page."""
    found = set()
    for kind in ("button", "file_uploader", "text_input", "selectbox", "download_button"):
        try:
            found |= {str(w.key) for w in at.get(kind)}
        except KeyError:
            continue
    return found


def wait_idle(at, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        at.run()
        if not at.get("progress"):
            return
        time.sleep(0.3)
    raise AssertionError("the build did not finish")
