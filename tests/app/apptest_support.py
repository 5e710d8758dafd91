"""Constants and helpers shared by the page tests (AppTest and the browser test)."""

from __future__ import annotations

import html
import shutil
import time
from pathlib import Path

import pytest

from config import Settings

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "search_app.py")
APP_INDEX = "index-app"
Q_VI = "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?"
Q_EN = "What are the vaccine targets for February 2022?"


def point_page_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("CHITHI_DATA", str(data_dir))
    monkeypatch.setenv("CHITHI_INDEX_NAME", APP_INDEX)


def seeded_data_dir(dest: Path, app_settings: Settings) -> Path:
    """An empty data folder holding a copy of the embedding cache, so that builds skip the model."""
    dest.mkdir(parents=True)
    for f in app_settings.data_dir.glob(app_settings.cache_path.name + "*"):
        shutil.copy2(f, dest / f.name)
    return dest


TEST_PASSWORD = "mật-khẩu-của-bài-thử"


def ensure_account(data_dir: Path, role: str = "admin") -> str:
    """An account named ``page-test-<role>`` in ``data_dir`` with ``TEST_PASSWORD``; its name."""
    from config import load_settings
    from index.access.accounts import store_for

    name = f"page-test-{role}"
    store = store_for(load_settings(data_dir=data_dir))
    if store.get(name) is None:
        store.add(name, role, TEST_PASSWORD)
    return name


def new_app(role: str | None = "admin"):
    """The page, already signed in as an account with ``role`` in the data folder ``CHITHI_DATA``
    names (None: not signed in). Sign-in itself is tested in test_signin.py."""
    import os

    from streamlit.testing.v1 import AppTest

    from config import load_settings
    from index.api import sign_in

    at = AppTest.from_file(APP, default_timeout=180)
    if role is not None:
        settings = load_settings()
        name = ensure_account(settings.data_dir, role)
        assert os.environ.get("CHITHI_DATA"), "point the page at a data folder first"
        at.session_state["_session"] = sign_in(settings, name, TEST_PASSWORD)
    return at


def htmls(at, css_class: str | None = None) -> list[str]:
    """Unescaped bodies of the page's st.html elements (optionally only those with ``css_class``)."""
    bodies = [h.value for h in at.html]
    if css_class:
        bodies = [b for b in bodies if f'class="{css_class}"' in b]
    return [html.unescape(b) for b in bodies]


def wait_for_build(at, seconds: float = 300):
    """Re-run the page until no build progress bar is shown (the page polls once a second in a browser)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        at.run()
        assert not at.exception, at.exception
        if not at.get("progress"):
            return at
        time.sleep(0.5)
    raise AssertionError(f"the build did not finish within {seconds} s")
