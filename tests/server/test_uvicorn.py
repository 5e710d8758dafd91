"""A real uvicorn on 127.0.0.1 (a free port, in a thread): /health, one question over HTTP,
and the CLI with --server printing what it prints without one."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.request

import pytest
import uvicorn
from server_support import Q, Served

import index.api
from index import cli
from index.server.app import create_app
from index.server.client import ApiClient, ServerError


def _untimed(output: str) -> list[str]:
    return [line for line in output.splitlines() if not re.fullmatch(r"\(\d+ ms\)", line)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(served: Served):
    port = _free_port()
    app = create_app(served.settings, embedder=served.embedder, archive=served.archive)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                assert json.load(r)["status"] == "ok"
            break
        except OSError:
            if time.monotonic() > deadline or not thread.is_alive():
                raise
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_real_server_answers_and_the_cli_prints_the_same(
    live: str, served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    answer = ApiClient(live, served.tokens["reader"]).ask(Q)
    assert answer.found and answer.citations[0].doc.label

    def run(*argv: str) -> str:
        assert cli.main(list(argv)) == 0
        return capsys.readouterr().out

    remote = ["--server", live, "--token", served.tokens["reader"]]
    local_reader = index.api.open_index(served.settings, served.embedder)
    monkeypatch.setattr(index.api, "open_index", lambda *a, **k: local_reader)  # no real model here
    for args in (["ask", Q], ["search", "vắc xin", "--type", "Thông báo", "--top", "3"]):
        here, there = run(*args, "--data", str(served.settings.data_dir)), run(*args, *remote)
        assert _untimed(there) == _untimed(here) and len(here.splitlines()) > 2
        here, there = json.loads(run(*args, "--json")), json.loads(run(*args, "--json", *remote))
        if isinstance(here, dict):
            here.pop("elapsed_ms"), there.pop("elapsed_ms")
        assert there == here
    local_reader.close()

    with pytest.raises(ServerError, match="401: No API token|not known"):
        ApiClient(live, "cts_wrong").ask(Q)
    assert cli.main(["ask", Q, "--server", live, "--token", "cts_wrong"]) == 2
    assert "answered 401" in capsys.readouterr().err
    monkeypatch.delenv("CHITHI_API_TOKEN", raising=False)
    assert cli.main(["ask", Q, "--server", "http://127.0.0.1:9"]) == 2
    assert "No API token" in capsys.readouterr().err
    with pytest.raises(ServerError, match="Cannot reach"):
        ApiClient(f"http://127.0.0.1:{_free_port()}", "cts_x").ask(Q)
