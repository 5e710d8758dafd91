"""Failures as JSON with the right status: 503 before an index is built (and answers once a
reindex built one), 413 for oversized bodies, 500 with a short message and the stack trace
only in the log."""

from __future__ import annotations

import logging

import pytest
from server_support import Q, Served, assert_error, role_tokens, serve_app

from index.server.errors import INTERNAL


def test_no_index_is_503_until_a_reindex_builds_one(archive, fake_settings, fake_embedder) -> None:
    tokens = role_tokens(fake_settings)
    reader = {"Authorization": f"Bearer {tokens['reader']}"}
    archivist = {"Authorization": f"Bearer {tokens['archivist']}"}
    with serve_app(fake_settings, fake_embedder, archive) as client:
        assert client.get("/health").json()["index"] is False
        for response in (
            client.post("/ask", json={"question": Q}, headers=reader),
            client.get("/search", params={"query": "vắc xin"}, headers=reader),
            client.get("/stats", headers=reader),
            client.get("/documents/x.md", headers=reader),
        ):
            assert "POST /reindex" in assert_error(response, 503)
        job = client.post("/reindex", headers=archivist)
        assert job.status_code == 202
        client.app.state.server.jobs.wait(60)
        assert client.get(f"/jobs/{job.json()['id']}", headers=archivist).json()["ok"]
        assert client.get("/health").json()["index"] is True
        answer = client.post("/ask", json={"question": Q}, headers=reader)
        assert answer.status_code == 200 and answer.json()["found"]


def test_without_an_archive_folder_uploads_and_reindex_are_503(fake_settings, fake_embedder) -> None:
    tokens = role_tokens(fake_settings)
    archivist = {"Authorization": f"Bearer {tokens['archivist']}"}
    with serve_app(fake_settings, fake_embedder, None) as client:
        assert "--archive" in assert_error(client.post("/reindex", headers=archivist), 503)
        upload = client.post("/uploads", files=[("files", ("a.md", b"# x"))], headers=archivist)
        assert "--archive" in assert_error(upload, 503)


def test_the_archive_defaults_to_the_one_indexed(served: Served) -> None:
    with serve_app(served.settings, served.embedder, None) as client:
        job = client.post("/reindex", headers=served.auth("archivist"))
        assert job.status_code == 202
        assert job.json()["id"]
        client.app.state.server.jobs.wait(60)
        assert client.app.state.server.archive_dir() == served.archive.resolve()


def test_an_unexpected_error_is_a_short_500_and_a_logged_trace(
    served: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from index import api

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /srv/chithi/db.sqlite")

    monkeypatch.setattr(api, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="index.server"):
        response = served.client.post("/ask", json={"question": Q}, headers=served.auth("reader"))
    assert assert_error(response, 500) == INTERNAL
    assert "secret internals" not in response.text
    assert "Traceback" in caplog.text and "secret internals" in caplog.text
    # The server keeps answering.
    assert served.client.get("/stats", headers=served.auth("reader")).status_code == 200


def test_json_bodies_are_bounded(served: Served) -> None:
    reader = served.auth("reader")
    big = {"question": Q, "filters": {"issuer": ["x" * 1000] * 80}}  # ~80 KB > 64 KB
    assert "64 KB" in assert_error(served.client.post("/ask", json=big, headers=reader), 413)
    # Without Content-Length (chunked), the body is counted as it arrives.
    chunked = served.client.post(
        "/ask",
        content=iter([b'{"question": "', b"x" * 70_000, b'"}']),
        headers={**reader, "content-type": "application/json"},
    )
    assert_error(chunked, 413)


def test_an_unreadable_token_file_is_503_without_its_path(served: Served, caplog) -> None:
    served.settings.tokens_path.write_text("{broken", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="index.server"):
        response = served.client.get("/stats", headers=served.auth("reader"))
    assert "administrator" in assert_error(response, 503)
    assert str(served.settings.data_dir) not in response.text
    assert str(served.settings.tokens_path) in caplog.text
    assert served.client.get("/health").status_code == 200
