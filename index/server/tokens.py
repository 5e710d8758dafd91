"""API tokens with roles, kept hashed in one file of the data folder (owner-readable only).

A token is 32 random bytes, so a plain SHA-256 is enough to store it: nothing can be guessed
from the hash, and checking it costs microseconds. A token is printed once, when it is made;
only its hash is written. The file is re-read when it changes, so ``python -m index tokens
add/remove`` takes effect on a running server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import stat
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

# The page's roles: each may do all that the ones before it may (index.access.roles).
from index.access.roles import ROLES, allows

__all__ = ["ROLES", "TokenEntry", "TokenError", "TokenStore", "allows", "digest"]

TOKEN_PREFIX = "cts_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
log = logging.getLogger(__name__)


class TokenError(ValueError):
    """A token name or file problem; the message says what to do."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenEntry:
    name: str
    role: str
    sha256: str
    created: str


class TokenStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None  # (mtime_ns, size) of the file last read
        self._entries: list[TokenEntry] = []

    def entries(self) -> list[TokenEntry]:
        """The tokens as stored now (re-read when the file changed)."""
        with self._lock:
            try:
                st = self.path.stat()
            except FileNotFoundError:
                self._seen, self._entries = None, []
                return []
            key = (st.st_mtime_ns, st.st_size)
            if key != self._seen:
                if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    log.warning("%s was readable by others: made owner-only", self.path)
                    os.chmod(self.path, 0o600)
                self._entries = self._read()
                self._seen = key
            return list(self._entries)

    def _read(self) -> list[TokenEntry]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [TokenEntry(**e) for e in raw["tokens"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenError(
                f"Cannot read the API tokens in {self.path} ({exc}): restore it, or delete it and run "
                "`python -m index serve` again to get a new admin token."
            ) from exc

    def _write(self, entries: list[TokenEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "tokens": [asdict(e) for e in entries]}, fh, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)

    def add(self, name: str, role: str) -> str:
        """A new token for ``name``; returned once, stored only as its hash."""
        if not _NAME.match(name or ""):
            raise TokenError(f"Token name {name!r}: use letters, digits, '.', '_', '-' or '@' (at most 64).")
        if role not in ROLES:
            raise TokenError(f"Role {role!r}: choose one of {', '.join(ROLES)}.")
        entries = self.entries()
        if any(e.name == name for e in entries):
            raise TokenError(f"A token named {name!r} exists: `python -m index tokens remove {name}` first.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        self._write([*entries, TokenEntry(name, role, digest(token), created)])
        return token

    def remove(self, name: str) -> None:
        entries = self.entries()
        kept = [e for e in entries if e.name != name]
        if len(kept) == len(entries):
            raise TokenError(f"No token named {name!r}: `python -m index tokens list` shows them.")
        self._write(kept)

    def check(self, token: str) -> TokenEntry | None:
        """The entry whose hash matches ``token`` (compared in constant time), else None."""
        presented = digest(token)
        found = None
        for entry in self.entries():
            if hmac.compare_digest(entry.sha256, presented):
                found = entry
        return found

    def ensure_admin(self) -> str | None:
        """On a first ``serve``: an ``admin`` token when the file holds none (returned once)."""
        if self.entries():
            return None
        return self.add("admin", "admin")
