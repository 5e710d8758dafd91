"""Page sessions expire and follow their account; the single-sign-on header is believed only
from the configured proxy addresses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from config import Settings
from index.access.accounts import store_for
from index.access.audit import AuditLog
from index.access.roles import SessionEnded, SignInFailed
from index.access.sessions import current_session, is_trusted, sign_in, sign_in_proxy

PASSWORD = "mật-khẩu-đủ-dài"


@pytest.fixture
def signed(fake_settings: Settings):
    store_for(fake_settings).add("hoa", "reader", PASSWORD)
    return sign_in(fake_settings, "hoa", PASSWORD, address="10.0.0.7")


def test_a_session_follows_its_account(fake_settings: Settings, signed) -> None:
    assert current_session(fake_settings, signed).actor.role == "reader"
    store_for(fake_settings).set_role("hoa", "archivist")
    assert current_session(fake_settings, signed).actor.role == "archivist"  # at once, no new sign-in
    store_for(fake_settings).set_password("hoa", "mat-khau-moi-hoan-toan")
    with pytest.raises(SessionEnded, match="password of this account was changed"):
        current_session(fake_settings, signed)


def test_a_removed_account_ends_its_session(fake_settings: Settings, signed) -> None:
    store_for(fake_settings).add("admin", "admin", PASSWORD)
    store_for(fake_settings).remove("hoa")
    with pytest.raises(SessionEnded, match="removed"):
        current_session(fake_settings, signed)


def test_sessions_expire(fake_settings: Settings, signed) -> None:
    idle = fake_settings.session_idle_minutes * 60
    assert current_session(fake_settings, signed, now=signed.last_seen + idle - 1)
    with pytest.raises(SessionEnded, match=f"more than {fake_settings.session_idle_minutes} minutes"):
        current_session(fake_settings, signed, now=signed.last_seen + idle + 1)
    # Active all along, but too old.
    old = replace(signed, started=signed.started - fake_settings.session_max_hours * 3600 - 1)
    with pytest.raises(SessionEnded, match="older than"):
        current_session(fake_settings, old)


@pytest.mark.parametrize(
    ("address", "trusted", "expected"),
    [
        ("127.0.0.1", "127.0.0.1,::1", True),
        ("::1", "127.0.0.1,::1", True),
        ("10.0.0.9", "127.0.0.1,::1", False),
        ("10.0.0.9", "10.0.0.0/24", True),
        ("not-an-ip", "127.0.0.1", False),
        ("10.0.0.9", "garbage, 10.0.0.9", True),
    ],
)
def test_trusted_addresses(address: str, trusted: str, expected: bool) -> None:
    assert is_trusted(address, trusted) is expected


def test_proxy_header_only_from_a_trusted_proxy(fake_settings: Settings) -> None:
    settings = fake_settings.with_(auth_mode="proxy")
    store_for(settings).add("lan", "archivist", None)  # proxy only: no password
    session = sign_in_proxy(settings, {"x-remote-user": "lan"}, "127.0.0.1")
    assert (session.actor.name, session.actor.role, session.method) == ("lan", "archivist", "proxy")
    with pytest.raises(SignInFailed, match="10.9.9.9 is not one"):
        sign_in_proxy(settings, {"X-Remote-User": "lan"}, "10.9.9.9")  # a forged header, sent directly
    with pytest.raises(SignInFailed, match="no user name"):
        sign_in_proxy(settings, {}, "127.0.0.1")
    with pytest.raises(SignInFailed, match="no account here"):
        sign_in_proxy(settings, {"X-Remote-User": "stranger"}, "127.0.0.1")
    with pytest.raises(SignInFailed, match="does not accept"):
        sign_in_proxy(settings, {"X-Remote-User": "a b; drop"}, "127.0.0.1")
    anyone = settings.with_(proxy_default_role="reader")
    assert sign_in_proxy(anyone, {"X-Remote-User": "stranger"}, "127.0.0.1").actor.role == "reader"
    # Password sign-in is off in proxy mode, even for an account with a password.
    with pytest.raises(SignInFailed):
        sign_in(settings, "lan", PASSWORD)
    rows = [(e.who, e.action, e.source) for e in AuditLog(settings.audit_path).events()]
    assert rows[0] == ("lan", "sign-in", "proxy") and ("lan", "sign-in failed", "proxy") in rows


def test_local_mode_ignores_the_proxy_header(fake_settings: Settings) -> None:
    with pytest.raises(SignInFailed, match="off"):
        sign_in_proxy(fake_settings, {"X-Remote-User": "admin"}, "127.0.0.1")
