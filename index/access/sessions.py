"""Signing in to the page (a password, or the name a trusted single-sign-on proxy sends), and
keeping a page session valid: it ends when idle or old, when the account is removed or locked,
or when its password changes; its role is read again on every check, so a change takes effect
at once. Every sign-in, failure and lock is written to the audit log."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from config import Settings
from index.access import audit
from index.access.accounts import Account, store_for
from index.access.audit import AuditLog
from index.access.roles import NAME_PATTERN, Actor, NotAllowed, SessionEnded, SignInFailed, may


@dataclass(frozen=True)
class Session:
    actor: Actor
    started: float  # time.time() at sign-in
    last_seen: float
    method: str  # "password" or "proxy"


def _log(settings: Settings) -> AuditLog:
    return AuditLog(settings.audit_path)


def sign_in(settings: Settings, name: str, password: str, address: str = "") -> Session:
    """A session for ``name`` when ``password`` is right; else ``SignInFailed`` (audited)."""
    if settings.auth_mode != "local":
        raise SignInFailed(
            "This page signs people in through the single-sign-on proxy, not with a password.", "proxy"
        )
    name = (name or "").strip()
    log = _log(settings)
    attempt = store_for(settings).check_password(name, password or "")
    account = attempt.account
    if attempt.ok and account is not None:
        log.record(name, audit.SIGN_IN, "password", "page", address)
        now = time.time()
        return Session(Actor(name, account.role, "page", address), now, now, "password")
    if account is None:
        log.record(name or "(empty)", audit.SIGN_IN_FAILED, "unknown account", "page", address)
    elif attempt.locked_now:
        log.record(name, audit.SIGN_IN_FAILED, "wrong password", "page", address)
        log.record(name, audit.LOCKED, f"{account.failures} wrong passwords in a row", "page", address)
    elif account.locked:
        log.record(name, audit.SIGN_IN_FAILED, "account is locked", "page", address)
    else:
        log.record(
            name, audit.SIGN_IN_FAILED, f"wrong password ({account.failures} in a row)", "page", address
        )
    if account is not None and account.locked:
        raise SignInFailed(
            f"The account {name!r} is locked after {settings.lockout_failures} wrong passwords in a row: "
            f"ask an admin to unlock it (`python -m index users unlock {name}`).",
            "locked",
        )
    raise SignInFailed("Wrong account name or password.", "wrong")


def is_trusted(address: str, trusted: str) -> bool:
    """Whether ``address`` is one of the comma-separated addresses or networks in ``trusted``."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for item in (t.strip() for t in trusted.split(",")):
        try:
            if item and ip in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue
    return False


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), "").strip()


def _proxy_role(settings: Settings, name: str, account: Account | None) -> str:
    if account is not None and account.locked:
        raise SignInFailed(f"The account {name!r} is locked: ask an admin to unlock it.")
    role = account.role if account is not None else settings.proxy_default_role
    if not role:
        raise SignInFailed(
            f"{name!r} has no account here: ask an admin to add it "
            f"(`python -m index users add {name} --role reader --no-password`)."
        )
    return role


def proxy_user(settings: Settings, headers: Mapping[str, str], peer: str) -> str:
    """The user name the proxy sent, if ``peer`` is a trusted proxy; else ``SignInFailed``."""
    if settings.auth_mode != "proxy":
        raise SignInFailed("Single sign-on is off (the auth_mode setting is 'local').")
    if not is_trusted(peer, settings.trusted_proxies):
        raise SignInFailed(
            f"This page takes its users from the sign-on proxy, and {peer} is not one: open the page "
            "through the proxy's address (or add the proxy to the trusted_proxies setting)."
        )
    name = _header(headers, settings.proxy_user_header)
    if not name:
        raise SignInFailed(
            f"The sign-on proxy sent no user name (header {settings.proxy_user_header}): check its configuration."
        )
    if not NAME_PATTERN.match(name):
        raise SignInFailed(f"The sign-on proxy sent a user name this page does not accept: {name[:64]!r}.")
    return name


def sign_in_proxy(settings: Settings, headers: Mapping[str, str], peer: str) -> Session:
    """A session for the user the trusted proxy names (audited), else ``SignInFailed``."""
    try:
        name = proxy_user(settings, headers, peer)
        role = _proxy_role(settings, name, store_for(settings).get(name))
    except SignInFailed as exc:
        _log(settings).record(_header(headers, settings.proxy_user_header) or "(none)",
                              audit.SIGN_IN_FAILED, str(exc), "proxy", peer)  # fmt: skip
        raise
    _log(settings).record(name, audit.SIGN_IN, "proxy", "proxy", peer)
    now = time.time()
    return Session(Actor(name, role, "proxy", peer), now, now, "proxy")


def current_session(settings: Settings, session: Session, now: float | None = None) -> Session:
    """``session`` still valid, with its role as stored now; else ``SessionEnded`` saying why."""
    now = time.time() if now is None else now
    name = session.actor.name
    if now - session.last_seen > settings.session_idle_minutes * 60:
        raise SessionEnded(
            f"You were away for more than {settings.session_idle_minutes} minutes: sign in again."
        )
    if now - session.started > settings.session_max_hours * 3600:
        raise SessionEnded(f"Your session is older than {settings.session_max_hours} hours: sign in again.")
    account = store_for(settings).get(name)
    if session.method == "proxy":
        role = _proxy_session_role(settings, name, account)
    else:
        if account is None or not account.has_password:
            raise SessionEnded(f"The account {name!r} was removed: sign in with another one.")
        if account.locked:
            raise SessionEnded(f"The account {name!r} is locked: ask an admin to unlock it.")
        if datetime.fromisoformat(account.password_changed).timestamp() > session.started:
            raise SessionEnded("The password of this account was changed: sign in with the new one.")
        role = account.role
    return replace(session, actor=replace(session.actor, role=role), last_seen=now)


def _proxy_session_role(settings: Settings, name: str, account: Account | None) -> str:
    try:
        return _proxy_role(settings, name, account)
    except SignInFailed as exc:
        raise SessionEnded(str(exc)) from exc


def sign_out(settings: Settings, session: Session) -> None:
    _log(settings).record_by(session.actor, audit.SIGN_OUT)


def authorize(settings: Settings, actor: Actor, action: str, detail: str = "") -> None:
    """Nothing when ``actor`` may do ``action``; else the refusal is audited and ``NotAllowed`` raised."""
    if may(actor.role, action):
        return
    _log(settings).record_by(actor, audit.REFUSED, f"{action} {detail}".strip())
    raise NotAllowed(
        f"{actor.name!r} has the role {actor.role!r}, which may not {action.replace('_', ' ')}: "
        "ask an admin for a higher role."
    )
