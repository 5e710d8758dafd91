"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from index.access.roles import AccountError

_hasher = PasswordHasher()
# Checked against when the account does not exist, so that a wrong name costs as long as a
# wrong password (nothing tells the two apart).
_DUMMY = _hasher.hash("not a password: timing only")


def hash_password(password: str, min_chars: int) -> str:
    if len(password or "") < min_chars:
        raise AccountError(f"The password is shorter than {min_chars} characters: choose a longer one.")
    if password != password.strip():
        raise AccountError("The password starts or ends with a space: remove it.")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash (None: no password, always False)."""
    try:
        return _hasher.verify(stored or _DUMMY, password or "") and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with weaker parameters than today's (rehashed at sign-in)."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return False
