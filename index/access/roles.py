"""The three roles, what each may do, and who is acting.

Each role may do all that the roles before it may: a reader asks, searches, reads and downloads;
an archivist also uploads, rescans and reindexes; an admin also manages accounts and reads the
audit log. The REST API's tokens carry the same role names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("reader", "archivist", "admin")
ACTIONS: dict[str, str] = {
    "ask": "reader",
    "search": "reader",
    "read": "reader",
    "download": "reader",
    "upload": "archivist",
    "rescan": "archivist",
    "reindex": "archivist",
    "manage_accounts": "admin",
    "audit": "admin",
}
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccessError(PermissionError):
    """Base for sign-in and permission problems; the message says what to do."""


class NotAllowed(AccessError):
    """The actor's role is below what the action needs."""


class SignInFailed(AccessError):
    """Wrong name or password, a locked account, or an untrusted proxy; ``code`` ("wrong",
    "locked", "proxy") lets the page say it in the user's language."""

    def __init__(self, message: str, code: str = "proxy") -> None:
        super().__init__(message)
        self.code = code


class SessionEnded(AccessError):
    """A page session that expired, or whose account changed: sign in again."""


class AccountError(ValueError):
    """A bad account name, role or password, or an account that is (not) there."""


def allows(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return role in ROLES and needed in ROLES and ROLES.index(role) >= ROLES.index(needed)


def may(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of ``ACTIONS``)."""
    return allows(role, ACTIONS[action])


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name or ""):
        raise AccountError(
            f"Account name {name!r}: use letters, digits, '.', '_', '-' or '@' (at most 64, not first)."
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Role {role!r}: choose one of {', '.join(ROLES)}.")
    return role


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account name, its role now, and how they came ("page", "proxy", "api",
    "cli"); ``address`` is where the request came from, when known."""

    name: str
    role: str
    source: str
    address: str = ""

    @property
    def who(self) -> str:
        """The name the audit log records: ``token:NAME`` for API tokens, ``cli:USER`` for the CLI."""
        return self.name if self.source in ("page", "proxy") else f"{self.source}:{self.name}"
