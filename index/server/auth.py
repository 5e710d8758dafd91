"""``Authorization: Bearer TOKEN`` on every route but /health: 401 without a valid token,
403 when the token's role is below the route's."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from index.server.state import ServerState
from index.server.tokens import TokenEntry, allows

_bearer = HTTPBearer(
    auto_error=False,
    description="An API token: `python -m index tokens add NAME --role reader|archivist|admin`.",
)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def server_state(request: Request) -> ServerState:
    return request.app.state.server


def require(role: str) -> Callable[..., TokenEntry]:
    """A dependency letting through tokens whose role is ``role`` or above."""

    def check(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
    ) -> TokenEntry:
        if credentials is None:
            raise HTTPException(
                401,
                "No API token: send `Authorization: Bearer TOKEN` "
                "(an admin makes one with `python -m index tokens add NAME --role reader`).",
                headers=_CHALLENGE,
            )
        entry = server_state(request).tokens.check(credentials.credentials)
        if entry is None:
            raise HTTPException(
                401,
                "This API token is not known (mistyped, or removed): ask an admin for a new one.",
                headers=_CHALLENGE,
            )
        if not allows(entry.role, role):
            raise HTTPException(
                403, f"The token {entry.name!r} has the role {entry.role!r}; this needs {role!r} or above."
            )
        return entry

    return check


READER = Depends(require("reader"))
ARCHIVIST = Depends(require("archivist"))
ADMIN = Depends(require("admin"))
