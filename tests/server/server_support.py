"""Constants and helpers shared by the API tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from config import Settings
from index.server.app import create_app
from index.server.tokens import ROLES, TokenStore

BULLETIN = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
BULLETIN_ID = f"govdocs/{BULLETIN}"  # Thông báo số 508-TB/TU
Q = "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?"


@dataclass
class Served:
    client: TestClient
    settings: Settings
    archive: Path
    embedder: object
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def nest_bulletin(archive: Path) -> None:
    """One document in a sub-folder, so that its id holds a slash."""
    (archive / "govdocs").mkdir()
    (archive / BULLETIN).rename(archive / BULLETIN_ID)


def role_tokens(settings: Settings) -> dict[str, str]:
    store = TokenStore(settings.tokens_path)
    return {role: store.add(f"test-{role}", role) for role in ROLES}


def serve_app(settings: Settings, embedder: object, archive: Path | None) -> TestClient:
    """A TestClient for the app (use it in ``with``: that runs the lifespan); server errors
    come back as responses, as a client would see them, instead of being raised."""
    app = create_app(settings, embedder=embedder, archive=archive)
    return TestClient(app, raise_server_exceptions=False)


def wait_for_job(served: Served, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = served.client.get(f"/jobs/{job_id}", headers=served.auth("archivist")).json()
        if job["done"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def assert_error(response, status: int) -> str:
    """An error the API's way: the status, JSON ``{"schema_version", "error"}``, no stack trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["schema_version"] == "1" and body["error"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]
