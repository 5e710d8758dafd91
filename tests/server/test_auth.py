"""Tokens and roles: every endpoint for every role, 401 without or with a bad token, 403 below
the endpoint's role; tokens stored hashed in an owner-only file; the ``tokens`` commands."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest
from server_support import BULLETIN_ID, Q, Served, assert_error

from index import cli
from index.server.run import choose_host, is_loopback
from index.server.tokens import TokenError, TokenStore, allows

# (least role, method, path, request arguments, the status once let through)
CALLS = [
    ("reader", "POST", "/ask", {"json": {"question": Q}}, {200}),
    ("reader", "GET", "/search", {"params": {"query": "vắc xin"}}, {200}),
    ("reader", "GET", f"/documents/{BULLETIN_ID}", {}, {200}),
    ("reader", "GET", f"/documents/{BULLETIN_ID}/file", {}, {200}),
    ("reader", "GET", "/documents/by-number/508-TB/TU", {}, {200}),
    ("reader", "GET", "/stats", {}, {200}),
    # An unreadable file: let through, then refused by the upload rules (nothing is written).
    (
        "archivist",
        "POST",
        "/uploads",
        {"files": [("files", ("x.exe", b"MZ", "application/octet-stream"))]},
        {400},
    ),
    ("archivist", "POST", "/reindex", {}, {202, 409}),
    ("archivist", "GET", "/jobs/0123456789abcdef", {}, {404}),
    ("admin", "GET", "/tokens", {}, {200}),
]


@pytest.mark.parametrize("caller", ["nobody", "bad token", "basic auth", "reader", "archivist", "admin"])
def test_every_endpoint_for_every_caller(served: Served, caller: str) -> None:
    others = {
        "nobody": {},
        "bad token": {"Authorization": "Bearer cts_not-a-real-token"},
        "basic auth": {"Authorization": "Basic dXNlcjpwYXNz"},
    }
    headers = served.auth(caller) if caller in served.tokens else others[caller]
    for least, method, path, kwargs, through in CALLS:
        response = served.client.request(method, path, headers=headers, **kwargs)
        where = f"{caller} {method} {path}"
        if caller not in ("reader", "archivist", "admin"):
            assert_error(response, 401)
            assert response.headers["www-authenticate"] == "Bearer", where
        elif not allows(caller, least):
            assert least in assert_error(response, 403), where
        else:
            assert response.status_code in through, f"{where}: {response.status_code} {response.text[:300]}"
    served.client.app.state.server.jobs.wait(30)
    assert not (served.archive / "uploads").exists()


def test_health_needs_no_token(served: Served) -> None:
    response = served.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"schema_version": "1", "status": "ok", "index": True, "job_running": False}


def test_tokens_are_stored_hashed_and_owner_only(served: Served) -> None:
    path = served.settings.tokens_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    stored = {e["name"]: e for e in json.loads(text)["tokens"]}
    for role, token in served.tokens.items():
        assert token not in text
        assert stored[f"test-{role}"]["sha256"] == hashlib.sha256(token.encode()).hexdigest()
        assert stored[f"test-{role}"]["role"] == role
    listed = served.client.get("/tokens", headers=served.auth("admin")).json()["tokens"]
    assert {t["name"] for t in listed} == set(stored) and "sha256" not in json.dumps(listed)


def test_a_file_readable_by_others_is_made_owner_only(tmp_path) -> None:
    store = TokenStore(tmp_path / "api_tokens.json")
    token = store.add("alice", "reader")
    store.path.chmod(0o644)
    fresh = TokenStore(store.path)
    assert fresh.check(token).name == "alice"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_first_serve_makes_one_admin_token(tmp_path) -> None:
    store = TokenStore(tmp_path / "data" / "api_tokens.json")
    token = store.ensure_admin()
    assert token and token.startswith("cts_") and len(token) > 40
    assert store.check(token).role == "admin"
    assert store.ensure_admin() is None  # not on the next start
    assert store.check(token + "x") is None


def test_bad_names_roles_and_files_say_what_to_do(tmp_path) -> None:
    store = TokenStore(tmp_path / "api_tokens.json")
    store.add("alice", "reader")
    with pytest.raises(TokenError, match="remove alice"):
        store.add("alice", "admin")
    with pytest.raises(TokenError, match="letters, digits"):
        store.add("../x", "reader")
    with pytest.raises(TokenError, match="reader, archivist, admin"):
        store.add("bob", "root")
    with pytest.raises(TokenError, match="tokens list"):
        store.remove("bob")
    store.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TokenError, match="delete it"):
        TokenStore(store.path).entries()


def test_tokens_commands_take_effect_on_a_running_server(served: Served, capsys) -> None:
    data = ["--data", str(served.settings.data_dir)]
    assert cli.main(["tokens", "add", "alice", "--role", "archivist", *data]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    alice = {"Authorization": f"Bearer {token}"}
    assert served.client.get("/stats", headers=alice).status_code == 200
    assert served.client.get("/jobs/x", headers=alice).status_code == 404  # archivist: let through
    assert_error(served.client.get("/tokens", headers=alice), 403)

    assert cli.main(["tokens", "list", "--json", *data]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"name": "alice", "role": "archivist"}.items() <= listed[-1].items()
    assert token not in json.dumps(listed)

    assert cli.main(["tokens", "remove", "alice", *data]) == 0
    assert_error(served.client.get("/stats", headers=alice), 401)
    assert cli.main(["tokens", "remove", "alice", *data]) == 2
    assert "No token named 'alice'" in capsys.readouterr().err


def test_serve_listens_on_loopback_unless_told() -> None:
    assert choose_host(None, "127.0.0.1") == "127.0.0.1"
    assert choose_host("0.0.0.0", "127.0.0.1") == "0.0.0.0"
    with pytest.raises(ValueError, match="--host 0.0.0.0"):
        choose_host(None, "0.0.0.0")  # CHITHI_API_HOST alone does not expose the API
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("10.0.0.5")
    args = cli.parser().parse_args(["serve"])
    assert args.host is None and args.port is None


def test_first_serve_prints_an_admin_token_once(tmp_path, monkeypatch, capsys) -> None:
    import uvicorn

    started: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.append(kwargs))
    monkeypatch.delenv("CHITHI_API_HOST", raising=False)
    data = ["--data", str(tmp_path / "data")]
    assert cli.main(["serve", *data]) == 0
    err = capsys.readouterr().err
    token = next(line.strip() for line in err.splitlines() if line.strip().startswith("cts_"))
    store = TokenStore(tmp_path / "data" / "api_tokens.json")
    assert store.check(token).role == "admin"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8000
    uvicorn.Config(app=None, **started[0])  # the options uvicorn is started with exist

    assert cli.main(["serve", *data, "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert "cts_" not in err and "TLS reverse proxy" in err  # no new token; the exposure is said
    assert started[1]["host"] == "0.0.0.0" and started[1]["port"] == 8123

    monkeypatch.setenv("CHITHI_API_HOST", "0.0.0.0")
    assert cli.main(["serve", *data]) == 2
    assert "--host 0.0.0.0" in capsys.readouterr().err
    monkeypatch.delenv("CHITHI_API_HOST")
    assert cli.main(["serve", *data, "--archive", str(tmp_path / "none")]) == 2
    assert "No archive folder" in capsys.readouterr().err
    assert len(started) == 2
