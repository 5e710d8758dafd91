"""What an admin does to accounts (from the page or ``python -m index users``), each change
checked against the actor's role and written to the audit log; the first admin of a fresh
data folder; the audit log for admins."""

from __future__ import annotations

import secrets
from datetime import date

from config import Settings
from index.access import audit
from index.access.accounts import Account, store_for
from index.access.audit import AuditEvent, AuditLog
from index.access.roles import Actor
from index.access.sessions import authorize

FIRST_ADMIN = "admin"


def _record(settings: Settings, actor: Actor, action: str, detail: str) -> None:
    AuditLog(settings.audit_path).record_by(actor, action, detail)


def list_accounts(settings: Settings, actor: Actor) -> list[Account]:
    authorize(settings, actor, "manage_accounts", "list accounts")
    return store_for(settings).list()


def add_account(settings: Settings, actor: Actor, name: str, role: str, password: str | None) -> Account:
    """A new account; ``password`` None makes a proxy-only account (no password sign-in)."""
    authorize(settings, actor, "manage_accounts", f"add {name}")
    account = store_for(settings).add(name, role, password)
    kind = "" if password is not None else ", no password (proxy only)"
    _record(settings, actor, audit.ACCOUNT_ADDED, f"{name} ({role}{kind})")
    return account


def remove_account(settings: Settings, actor: Actor, name: str) -> None:
    authorize(settings, actor, "manage_accounts", f"remove {name}")
    store_for(settings).remove(name)
    _record(settings, actor, audit.ACCOUNT_REMOVED, name)


def change_password(settings: Settings, actor: Actor, name: str, password: str | None) -> Account:
    """A new password (it also unlocks the account and ends its page sessions)."""
    authorize(settings, actor, "manage_accounts", f"passwd {name}")
    account = store_for(settings).set_password(name, password)
    _record(settings, actor, audit.PASSWORD_CHANGED, name)
    return account


def change_role(settings: Settings, actor: Actor, name: str, role: str) -> Account:
    authorize(settings, actor, "manage_accounts", f"role {name}")
    before = store_for(settings).get(name)
    account = store_for(settings).set_role(name, role)
    _record(settings, actor, audit.ROLE_CHANGED, f"{name}: {before.role if before else '?'} → {role}")
    return account


def unlock_account(settings: Settings, actor: Actor, name: str) -> Account:
    authorize(settings, actor, "manage_accounts", f"unlock {name}")
    account = store_for(settings).unlock(name)
    _record(settings, actor, audit.UNLOCKED, name)
    return account


def ensure_first_admin(settings: Settings, actor: Actor) -> tuple[str, str] | None:
    """On a fresh data folder: an ``admin`` account with a random password, returned once as
    (name, password); None when an admin exists already."""
    store = store_for(settings)
    if store.admins():
        return None
    password = secrets.token_urlsafe(12)
    name = FIRST_ADMIN if store.get(FIRST_ADMIN) is None else f"{FIRST_ADMIN}-{secrets.token_hex(2)}"
    store.add(name, "admin", password)
    _record(settings, actor, audit.ACCOUNT_ADDED, f"{name} (admin, first run)")
    return name, password


def audit_events(
    settings: Settings, actor: Actor, since: date | None = None, limit: int | None = None
) -> list[AuditEvent]:
    authorize(settings, actor, "audit", "read the audit log")
    return AuditLog(settings.audit_path).events(since, limit)


def record_event(settings: Settings, actor: Actor, action: str, detail: str = "") -> None:
    """One audit row for something ``actor`` did (uploads, reindexing, questions)."""
    _record(settings, actor, action, detail)
