"""Reading the archive (role ``reader``): ask, search, documents, their files, statistics."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, Response, StreamingResponse

from corpus.formats import mime_of
from index import api
from index.server.auth import READER, server_state
from index.server.files import Refused, chunks, disposition, open_original
from index.server.schemas import (
    ERRORS,
    MAX_QUESTION_CHARS,
    AnswerOut,
    AskIn,
    ByNumberOut,
    DocumentOut,
    ErrorOut,
    FiltersIn,
    SearchOut,
    StatsOut,
    TimelineOut,
    dates_in_order,
    respond,
)
from index.server.state import ServerState

router = APIRouter(dependencies=[READER], responses=ERRORS)
NOT_FOUND = {404: {"model": ErrorOut, "description": "no such document"}}


@router.post("/ask", response_model=AnswerOut, summary="A cited answer to a question")
def ask(body: AskIn, state: ServerState = Depends(server_state)) -> JSONResponse:
    """The same answer as `python -m index ask --json`: citations with highlighted sentences,
    the ranked hits, and `found: false` with a message when the archive does not answer."""
    answer = api.ask(state.reader(), body.question, top=body.top, filters=body.filters.to_filters())
    return respond(answer)


@router.get(
    "/search",
    response_model=SearchOut,
    summary="Ranked passages for a query",
    responses={400: {"model": ErrorOut, "description": "nothing searchable in the query"}},
)
# Eight parameters: each query parameter of GET /search is one, as FastAPI documents them.
def search(
    query: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="words or a question"),
    type: list[str] = Query(default=[], description="document type (repeatable)"),
    issuer: list[str] = Query(default=[], description="issuer as stored (repeatable)"),
    date_from: date | None = Query(None, alias="from", description="issued on or after YYYY-MM-DD"),
    date_to: date | None = Query(None, alias="to", description="issued on or before YYYY-MM-DD"),
    number: str | None = Query(None, max_length=100, description="document number, e.g. 508-TB/TU"),
    top: int = Query(10, ge=1, le=100, description="passages to return"),
    state: ServerState = Depends(server_state),
) -> JSONResponse:
    try:
        dates_in_order(date_from, date_to)
    except ValueError as exc:
        raise HTTPException(422, f"The request is not valid: {exc}.") from exc
    filters = FiltersIn(type=type, issuer=issuer, date_from=date_from, date_to=date_to, number=number)
    hits = api.search(state.reader(), query, k=top, filters=filters.to_filters())
    return respond(query=query, hits=hits)


@router.get(
    "/timeline",
    response_model=TimelineOut,
    summary="A subject's documents in date order, with their sentences on it and their relations",
    responses={400: {"model": ErrorOut, "description": "nothing searchable in the subject"}},
)
def timeline(
    subject: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="e.g. tiêm vắc xin"),
    issuer: list[str] = Query(default=[], description="issuer as stored (repeatable)"),
    date_from: date | None = Query(None, alias="from", description="issued on or after YYYY-MM-DD"),
    date_to: date | None = Query(None, alias="to", description="issued on or before YYYY-MM-DD"),
    state: ServerState = Depends(server_state),
) -> JSONResponse:
    """The same record as `python -m index timeline SUBJECT --json`."""
    try:
        dates_in_order(date_from, date_to)
    except ValueError as exc:
        raise HTTPException(422, f"The request is not valid: {exc}.") from exc
    filters = FiltersIn(issuer=issuer, date_from=date_from, date_to=date_to)
    return respond(api.timeline(state.reader(), subject, filters=filters.to_filters()))


# Registered before /documents/{doc_id}: ids and numbers both contain slashes.
@router.get(
    "/documents/by-number/{number:path}",
    response_model=ByNumberOut,
    summary="Documents with this number (any spacing, case or đ/d)",
    responses=NOT_FOUND,
)
def by_number(number: str, state: ServerState = Depends(server_state)) -> JSONResponse:
    docs = api.find_by_number(state.reader(), number)
    if not docs:
        raise HTTPException(404, f"No document numbered {number!r} in the index: try GET /search?number=...")
    return respond(number=number, documents=docs)


@router.get(
    "/documents/{doc_id:path}/file",
    summary="The document's original file",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "the file as it is in the archive"},
        403: {"model": ErrorOut, "description": "a symbolic link, or outside the archive folder"},
        **NOT_FOUND,
    },
)
def original_file(doc_id: str, state: ServerState = Depends(server_state)) -> StreamingResponse:
    view = api.get_document(state.reader(), doc_id)
    try:
        fh, size = open_original(state.archive_dir(), view.doc.doc_id)
    except Refused as exc:
        raise HTTPException(403, str(exc)) from exc
    except FileNotFoundError as exc:
        raise HTTPException(
            404, f"The file of {doc_id!r} is no longer in the archive folder: reindex to update the index."
        ) from exc
    headers = {"Content-Length": str(size), "Content-Disposition": disposition(view.doc.doc_id)}
    return StreamingResponse(chunks(fh), media_type=mime_of(view.doc.fmt, view.doc.doc_id), headers=headers)


@router.get(
    "/documents/{doc_id:path}/pages/{page}",
    summary="A page of a scanned document's original, as PNG (to check OCR'd text against the scan)",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "the page rendered at 110 dpi"},
        403: {"model": ErrorOut, "description": "a symbolic link, or outside the archive folder"},
        **NOT_FOUND,
    },
)
def page_image(doc_id: str, page: int, state: ServerState = Depends(server_state)) -> Response:
    from corpus.originals import page_image_png

    view = api.get_document(state.reader(), doc_id)
    try:
        fh, size = open_original(state.archive_dir(), view.doc.doc_id)
    except Refused as exc:
        raise HTTPException(403, str(exc)) from exc
    except FileNotFoundError as exc:
        raise HTTPException(404, f"The file of {doc_id!r} is no longer in the archive folder.") from exc
    with fh:
        data = fh.read()
    try:
        return Response(page_image_png(data, page), media_type="image/png")
    except ValueError as exc:
        raise HTTPException(404, f"No page {page} to show for {doc_id!r}: {exc}") from exc


@router.get(
    "/documents/{doc_id:path}",
    response_model=DocumentOut,
    summary="A document: metadata, text, what it cites, what cites it",
    responses=NOT_FOUND,
)
def document(doc_id: str, state: ServerState = Depends(server_state)) -> JSONResponse:
    return respond(api.get_document(state.reader(), doc_id))


@router.get("/stats", response_model=StatsOut, summary="What the index holds")
def stats(state: ServerState = Depends(server_state)) -> JSONResponse:
    return respond(api.stats(state.reader()))
