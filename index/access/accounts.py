"""Local accounts in one owner-only SQLite file of the data folder: name, role, argon2 hash,
failed sign-ins in a row and whether that locked the account.

An account without a password (``password_hash`` NULL) only gives a role to a user signed in by
the single-sign-on proxy. A password change or an unlock clears the failures; a password change
also ends the account's page sessions (they started before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from index.access import passwords
from index.access.dbfile import opened
from index.access.roles import ROLES, AccountError, check_name, check_role

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts(
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT,          -- NULL: a proxy-only account (no password sign-in)
    created TEXT NOT NULL,
    password_changed TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,   -- wrong passwords in a row
    locked_at TEXT,
    last_sign_in TEXT
);
"""


def now_iso(precise: bool = False) -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds" if precise else "seconds")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    has_password: bool
    created: str
    password_changed: str
    failures: int
    locked_at: str | None
    last_sign_in: str | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


_COLUMNS = (
    "name, role, password_hash IS NOT NULL, created, password_changed, failures, locked_at, last_sign_in"
)


@dataclass(frozen=True)
class Attempt:
    """What a password check found: the account (None if unknown), whether the password was
    right, and whether this attempt locked the account."""

    account: Account | None
    ok: bool
    locked_now: bool = False


class AccountStore:
    def __init__(self, path: Path, *, lockout_failures: int = 20, min_password_chars: int = 10) -> None:
        self.path = Path(path)
        self.lockout_failures = lockout_failures
        self.min_password_chars = min_password_chars

    def _db(self):
        return opened(self.path, SCHEMA)

    def list(self) -> list[Account]:
        with self._db() as conn:
            return [Account(*r) for r in conn.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY name")]

    def get(self, name: str) -> Account | None:
        with self._db() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM accounts WHERE name=?", (name,)).fetchone()
        return Account(*row) if row else None

    def admins(self) -> int:
        return sum(1 for a in self.list() if a.role == "admin")

    def add(self, name: str, role: str, password: str | None) -> Account:
        check_name(name)
        check_role(role)
        hashed = passwords.hash_password(password, self.min_password_chars) if password is not None else None
        when = now_iso(precise=True)
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("SELECT 1 FROM accounts WHERE name=?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                raise AccountError(
                    f"An account named {name!r} exists: change it with `python -m index users passwd {name}`."
                )
            conn.execute(
                "INSERT INTO accounts(name, role, password_hash, created, password_changed) VALUES(?,?,?,?,?)",
                (name, role, hashed, when, when),
            )
            conn.execute("COMMIT")
        return self._must(name)

    def _must(self, name: str) -> Account:
        account = self.get(name)
        if account is None:
            raise AccountError(f"No account named {name!r}: `python -m index users list` shows them.")
        return account

    def _update(self, name: str, sql: str, args: tuple) -> Account:
        with self._db() as conn:
            changed = conn.execute(f"UPDATE accounts SET {sql} WHERE name=?", (*args, name)).rowcount
        if not changed:
            raise AccountError(f"No account named {name!r}: `python -m index users list` shows them.")
        return self._must(name)

    def remove(self, name: str) -> None:
        account = self._must(name)
        if account.role == "admin" and self.admins() == 1:
            raise AccountError(f"{name!r} is the last admin: add another admin before removing it.")
        with self._db() as conn:
            conn.execute("DELETE FROM accounts WHERE name=?", (name,))

    def set_password(self, name: str, password: str | None) -> Account:
        """A new password (None: proxy-only); clears the failures and the lock."""
        hashed = passwords.hash_password(password, self.min_password_chars) if password is not None else None
        return self._update(
            name,
            "password_hash=?, password_changed=?, failures=0, locked_at=NULL",
            (hashed, now_iso(precise=True)),
        )

    def set_role(self, name: str, role: str) -> Account:
        check_role(role)
        account = self._must(name)
        if account.role == "admin" and role != "admin" and self.admins() == 1:
            raise AccountError(f"{name!r} is the last admin: make another admin first.")
        return self._update(name, "role=?", (role,))

    def unlock(self, name: str) -> Account:
        return self._update(name, "failures=0, locked_at=NULL", ())

    def check_password(self, name: str, password: str) -> Attempt:
        """Check a sign-in; a wrong password counts toward the lock, a right one on a locked
        account still fails. Unknown names cost the same time as known ones."""
        account = self.get(name) if name else None
        with self._db() as conn:
            stored = None
            if account is not None:
                row = conn.execute("SELECT password_hash FROM accounts WHERE name=?", (name,)).fetchone()
                stored = row[0] if row else None
            ok = passwords.verify_password(stored, password)
            if account is None:
                return Attempt(None, False)
            if account.locked:
                return Attempt(account, False)
            if not ok:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE accounts SET failures = failures + 1 WHERE name=?", (name,))
                failures = conn.execute("SELECT failures FROM accounts WHERE name=?", (name,)).fetchone()[0]
                locked_now = failures >= self.lockout_failures
                if locked_now:
                    conn.execute("UPDATE accounts SET locked_at=? WHERE name=?", (now_iso(), name))
                conn.execute("COMMIT")
                return Attempt(self.get(name), False, locked_now)
            rehash = passwords.needs_rehash(stored or "")
            new_hash = passwords.hash_password(password, 1) if rehash else stored
            conn.execute(
                "UPDATE accounts SET failures=0, last_sign_in=?, password_hash=? WHERE name=?",
                (now_iso(), new_hash, name),
            )
        return Attempt(self.get(name), True)


def store_for(settings: Settings) -> AccountStore:
    return AccountStore(
        settings.accounts_path,
        lockout_failures=settings.lockout_failures,
        min_password_chars=settings.min_password_chars,
    )


__all__ = ["ROLES", "Account", "AccountStore", "Attempt", "store_for"]
