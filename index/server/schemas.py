"""Request bodies, and responses: the records the CLI prints with ``--json`` (``to_plain``)
plus ``schema_version``. The response models below only document them in /docs; responses
are written by ``respond`` from the records themselves, so there is one schema."""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from index.records import Answer, DocInfo, DocumentView, Filters, Hit, IndexStats, Timeline, to_plain

SCHEMA_VERSION = "1"  # bump when a field changes meaning or goes away
MAX_QUESTION_CHARS = 2000


def payload(record: object = None, **extra: object) -> dict[str, Any]:
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if record is not None:
        out.update(to_plain(record))  # type: ignore[arg-type]
    out.update({k: to_plain(v) for k, v in extra.items()})
    return out


def respond(
    record: object = None, status_code: int = 200, headers: dict[str, str] | None = None, **extra: object
) -> JSONResponse:
    return JSONResponse(payload(record, **extra), status_code=status_code, headers=headers)


def dates_in_order(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValueError(f"'from' ({date_from}) is after 'to' ({date_to}): swap them")


class FiltersIn(BaseModel):
    """The CLI's and the page's filters, named as in GET /search."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    type: list[str] = Field(default_factory=list, description="document types, e.g. 'Thông báo'")
    issuer: list[str] = Field(default_factory=list, description="issuers as stored")
    date_from: date | None = Field(None, alias="from", description="issued on or after (YYYY-MM-DD)")
    date_to: date | None = Field(None, alias="to", description="issued on or before (YYYY-MM-DD)")
    number: str | None = Field(None, max_length=100, description="document number, e.g. 508-TB/TU")

    @model_validator(mode="after")
    def _ordered(self) -> FiltersIn:
        dates_in_order(self.date_from, self.date_to)
        return self

    def to_filters(self) -> Filters:
        return Filters(
            doc_types=tuple(self.type),
            issuers=tuple(self.issuer),
            date_from=self.date_from,
            date_to=self.date_to,
            number=self.number or None,
        )


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, examples=["Mục tiêu tiêm vắc xin tháng 2/2022?"]
    )
    filters: FiltersIn = Field(default_factory=FiltersIn)
    top: int | None = Field(
        None, ge=1, le=20, description="passages to cite (default: the answer_top setting)"
    )


def _record_model(cls: type, name: str, **more: Any) -> type[BaseModel]:
    """A documentation model: ``schema_version``, then the record's fields as ``to_plain`` writes them."""
    hints = typing.get_type_hints(cls)
    record = {f.name: (hints[f.name], ...) for f in fields(cls)}
    return create_model(name, schema_version=(str, SCHEMA_VERSION), **record, **more)


def _envelope(name: str, **more: Any) -> type[BaseModel]:
    return create_model(name, schema_version=(str, SCHEMA_VERSION), **more)


AnswerOut = _record_model(Answer, "AnswerOut")
DocumentOut = _record_model(DocumentView, "DocumentOut")
StatsOut = _record_model(IndexStats, "StatsOut")
TimelineOut = _record_model(Timeline, "TimelineOut")
SearchOut = _envelope("SearchOut", query=(str, ...), hits=(list[Hit], ...))
ByNumberOut = _envelope("ByNumberOut", number=(str, ...), documents=(list[DocInfo], ...))
HealthOut = _envelope("HealthOut", status=(str, ...), index=(bool, ...), job_running=(bool, ...))
ErrorOut = _envelope("ErrorOut", error=(str, ...))


class JobProgress(BaseModel):
    done: int
    total: int


class JobFile(BaseModel):
    doc_id: str
    status: str = Field(description="'added', 'updated' or 'skipped: <problem>'")


JobOut = _envelope(
    "JobOut",
    id=(str, ...),
    kind=(str, ...),
    done=(bool, ...),
    ok=(bool, ...),
    stage=(str, ...),
    progress=(JobProgress, ...),
    fraction=(float, ...),
    seconds=(float, ...),
    files_done=(int, ...),
    recent_files=(list[JobFile], ...),
    error=(str | None, ...),
    report=(dict | None, ...),
    summary=(str | None, ...),
)


class Rejected(BaseModel):
    name: str
    reason: str = Field(description="bad_name, bad_ext, empty, too_big, not_pdf, not_docx, not_text, write")
    detail: str
    message: str


UploadOut = _envelope(
    "UploadOut",
    saved=(list[str], Field(description="paths in the archive folder (the documents' ids once indexed)")),
    rejected=(list[Rejected], ...),
    job=(JobOut | None, ...),
    message=(str, ...),
)


class TokenInfo(BaseModel):
    name: str
    role: str
    created: str


TokensOut = _envelope("TokensOut", tokens=(list[TokenInfo], ...))

# Error responses every protected route may give, for /docs.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no token, or an unknown one"},
    403: {"model": ErrorOut, "description": "the token's role is too low"},
    422: {"model": ErrorOut, "description": "the request does not have the documented form"},
    503: {"model": ErrorOut, "description": "no index is built yet"},
}
