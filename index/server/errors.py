"""Every failure as ``{"schema_version": "1", "error": "what is wrong and what to do"}`` with its
status code; the size limit on request bodies; and the catch-all that logs a stack trace and
gives the client only a short message."""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from index.api import (
    AccessError,
    AccessStoreError,
    ArchiveMissing,
    BadQuery,
    DocumentNotFound,
    EmptyQuery,
    IndexDamaged,
    IndexMismatch,
    NoIndex,
)
from index.server.schemas import payload
from index.server.state import NoArchive
from index.server.tokens import TokenError

log = logging.getLogger("index.server")
INTERNAL = (
    "Internal error: the request could not be completed. The server log has the details; "
    "tell the administrator the time of the request."
)


def error_response(status: int, message: str, headers: dict[str, str] | None = None, **extra: object):
    return JSONResponse(payload(error=message, **extra), status_code=status, headers=headers)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"No endpoint {request.url.path}: the endpoints are listed at /docs."
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}: see /docs."
    return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{_field(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    message = "The request is not valid (" + "; ".join(problems[:5]) + "): see /docs for its form."
    return error_response(422, message)


def _with_status(status: int) -> Callable[[Request, Exception], JSONResponse]:
    def handler(request: Request, exc: Exception) -> JSONResponse:
        return error_response(status, str(exc) or exc.__class__.__name__)

    return handler


def _tokens_unreadable(request: Request, exc: Exception) -> JSONResponse:
    # The message names a file on the server: it goes to the log, not to a caller not yet checked.
    log.error("%s", exc)
    return error_response(
        503, "The server cannot check API tokens now: its log says why; tell the administrator."
    )


def _audit_unwritable(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s", exc)
    return error_response(
        503, "The server cannot write its audit log now: its log says why; tell the administrator."
    )


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"The request body is larger than {limit // 1024} KB, the most this endpoint takes "
            "(settings api_max_json_kb; for uploads max_file_mb × api_max_upload_files).",
        )


class BodyLimit:
    """Refuse bodies over ``limit_for(path)`` bytes: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            exc = BodyTooLarge(limit)
            await error_response(413, str(exc.detail))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)  # FastAPI passes HTTPExceptions through body parsing
            return message

        await self.app(scope, counted, send)


class CatchAll:
    """The last word on anything unexpected: a stack trace in the log, a short message to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("Unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await error_response(500, INTERNAL)(scope, receive, send)


def install(app: FastAPI, limit_for: Callable[[str], int]) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(NoIndex, _with_status(503))
    app.add_exception_handler(IndexMismatch, _with_status(503))
    app.add_exception_handler(NoArchive, _with_status(503))
    app.add_exception_handler(TokenError, _tokens_unreadable)
    app.add_exception_handler(DocumentNotFound, _with_status(404))
    app.add_exception_handler(EmptyQuery, _with_status(400))
    app.add_exception_handler(BadQuery, _with_status(400))
    app.add_exception_handler(IndexDamaged, _with_status(503))
    app.add_exception_handler(ArchiveMissing, _with_status(503))
    app.add_exception_handler(AccessError, _with_status(403))
    app.add_exception_handler(AccessStoreError, _audit_unwritable)
    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.add_middleware(CatchAll)  # added last: outermost of ours, so it sees every failure
