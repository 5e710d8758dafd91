"""Talking to a running server from the command line (``python -m index ask --server URL``):
the same records come back, so the CLI prints the same output without loading the model.
Standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from index.errors import IndexError_
from index.records import Answer, Filters, Hit, from_plain

SCHEMA_VERSION = "1"  # the response schema this client reads (index.server.schemas.SCHEMA_VERSION)


class ServerError(IndexError_):
    """The server refused, failed or could not be reached; the message says what to do."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would carry the token to wherever it points: refuse it instead.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _filter_params(filters: Filters | None) -> dict[str, Any]:
    f = filters or Filters()
    out: dict[str, Any] = {"type": list(f.doc_types), "issuer": list(f.issuers)}
    if f.date_from:
        out["from"] = f.date_from.isoformat()
    if f.date_to:
        out["to"] = f.date_to.isoformat()
    if f.number:
        out["number"] = f.number
    return out


class ApiClient:
    def __init__(self, base_url: str, token: str | None, timeout: float = 120.0) -> None:
        if not token:
            raise ServerError("No API token: pass --token TOKEN or set CHITHI_API_TOKEN.")
        self.base = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirects)

    def ask(self, question: str, top: int | None = None, filters: Filters | None = None) -> Answer:
        body: dict[str, Any] = {"question": question, "filters": _filter_params(filters)}
        if top is not None:
            body["top"] = top
        return from_plain(Answer, self.call("POST", "/ask", body=body))

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        params = {"query": query, "top": k, **_filter_params(filters)}
        data = self.call("GET", "/search", params=params)
        return [from_plain(Hit, h) for h in data["hits"]]

    def call(
        self, method: str, path: str, params: dict[str, Any] | None = None, body: dict | None = None
    ) -> dict[str, Any]:
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise ServerError(f"{self.base} answered {exc.code}: {_error_text(exc)}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServerError(
                f"Cannot reach {self.base} ({reason}): is `python -m index serve` running there?"
            ) from exc
        version = payload.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ServerError(
                f"{self.base} speaks response schema {version!r}, this client {SCHEMA_VERSION!r}: "
                "update the client (or the server) so that both are the same release."
            )
        return payload


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read().decode("utf-8"))["error"])
    except (ValueError, KeyError, TypeError, OSError):
        return exc.reason or "no details"
