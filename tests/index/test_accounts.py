"""Accounts: argon2 hashes in an owner-only file, 20 wrong passwords lock, the last admin stays,
the ``users`` commands."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from config import Settings
from index import cli
from index.access.accounts import AccountStore, store_for
from index.access.audit import AuditLog
from index.access.roles import AccountError, Actor, SignInFailed
from index.access.sessions import sign_in

PASSWORD = "mật-khẩu-đủ-dài"
ADMIN = Actor("root", "admin", "cli")


def test_passwords_are_argon2_hashes_in_an_owner_only_file(fake_settings: Settings) -> None:
    store = store_for(fake_settings)
    store.add("hoa", "reader", PASSWORD)
    assert stat.S_IMODE(fake_settings.accounts_path.stat().st_mode) == 0o600
    raw = fake_settings.accounts_path.read_bytes()
    assert PASSWORD.encode() not in raw
    stored = (
        sqlite3.connect(fake_settings.accounts_path)
        .execute("SELECT password_hash FROM accounts")
        .fetchone()[0]
    )
    assert stored.startswith("$argon2id$")
    assert store.check_password("hoa", PASSWORD).ok
    assert not store.check_password("hoa", PASSWORD + "x").ok


def test_twenty_wrong_passwords_lock_the_account(fake_settings: Settings) -> None:
    assert fake_settings.lockout_failures == 20
    store_for(fake_settings).add("lan", "archivist", PASSWORD)
    for i in range(19):
        with pytest.raises(SignInFailed) as info:
            sign_in(fake_settings, "lan", f"sai-{i}-mat-khau")
        assert info.value.code == "wrong"
    assert store_for(fake_settings).get("lan").failures == 19
    with pytest.raises(SignInFailed) as info:
        sign_in(fake_settings, "lan", "lan-thu-hai-muoi")
    assert info.value.code == "locked" and "unlock" in str(info.value)
    account = store_for(fake_settings).get("lan")
    assert account.locked and account.failures == 20
    # The right password no longer opens it ...
    with pytest.raises(SignInFailed, match="locked"):
        sign_in(fake_settings, "lan", PASSWORD)
    # ... until an admin unlocks it.
    assert cli.main(["users", "unlock", "lan", "--data", str(fake_settings.data_dir)]) == 0
    assert sign_in(fake_settings, "lan", PASSWORD).actor.role == "archivist"
    actions = [e.action for e in AuditLog(fake_settings.audit_path).events()]
    assert actions.count("sign-in failed") == 21 and actions.count("account locked") == 1
    assert actions[-2:] == ["account unlocked", "sign-in"]


def test_a_right_password_resets_the_count(fake_settings: Settings) -> None:
    store_for(fake_settings).add("minh", "reader", PASSWORD)
    for _ in range(15):
        with pytest.raises(SignInFailed):
            sign_in(fake_settings, "minh", "wrong-password")
    sign_in(fake_settings, "minh", PASSWORD)
    assert store_for(fake_settings).get("minh").failures == 0


def test_unknown_names_fail_like_wrong_passwords(fake_settings: Settings) -> None:
    with pytest.raises(SignInFailed) as info:
        sign_in(fake_settings, "=cmd|' /C calc'!A0", PASSWORD)
    assert info.value.code == "wrong" and str(info.value) == "Wrong account name or password."
    event = AuditLog(fake_settings.audit_path).events()[-1]
    assert (event.action, event.detail) == ("sign-in failed", "unknown account")


@pytest.mark.parametrize(
    ("name", "role", "password", "problem"),
    [
        ("../x", "reader", PASSWORD, "Account name"),
        ("-rf", "reader", PASSWORD, "Account name"),
        ("hoa", "root", PASSWORD, "Role"),
        ("hoa", "reader", "short", "shorter than 10"),
    ],
)
def test_bad_accounts_are_refused(tmp_path, name: str, role: str, password: str, problem: str) -> None:
    with pytest.raises(AccountError, match=problem):
        AccountStore(tmp_path / "a.sqlite").add(name, role, password)


def test_the_last_admin_cannot_go(tmp_path) -> None:
    store = AccountStore(tmp_path / "a.sqlite")
    store.add("admin", "admin", PASSWORD)
    with pytest.raises(AccountError, match="last admin"):
        store.remove("admin")
    with pytest.raises(AccountError, match="last admin"):
        store.set_role("admin", "reader")
    store.add("second", "admin", PASSWORD)
    store.remove("admin")
    assert [a.name for a in store.list()] == ["second"]


def test_users_commands(fake_settings: Settings, monkeypatch, capsys) -> None:
    data = ["--data", str(fake_settings.data_dir)]
    assert cli.main(["users", "init", *data]) == 0
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert "name:     admin" in out and sign_in(fake_settings, "admin", password).actor.role == "admin"
    assert cli.main(["users", "init", *data]) == 0
    assert "An admin account exists (admin)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "hoa", "--role", "reader", "--password-stdin", *data]) == 0
    assert cli.main(["users", "add", "sso-user", "--role", "archivist", "--no-password", *data]) == 0
    assert cli.main(["users", "passwd", "hoa", "--generate", *data]) == 0
    new = capsys.readouterr().out.split("shown only this once: ")[1].strip()
    assert sign_in(fake_settings, "hoa", new).actor.name == "hoa"
    assert cli.main(["users", "list", *data]) == 0
    listing = capsys.readouterr().out
    assert "hoa" in listing and "proxy only" in listing and new not in listing
    assert cli.main(["users", "remove", "hoa", *data]) == 0
    assert cli.main(["users", "remove", "hoa", *data]) == 2
    assert "No account named 'hoa'" in capsys.readouterr().err
    assert cli.main(["users", "add", "x", "--role", "reader", *data]) == 2  # no terminal, no flag
    assert "--password-stdin or --generate" in capsys.readouterr().err
    actions = [(e.who.split(":")[0], e.action) for e in AuditLog(fake_settings.audit_path).events()]
    assert ("cli", "account added") in actions and ("cli", "password changed") in actions
    assert ("cli", "account removed") in actions
