"""Changing the archive (role ``archivist``): uploads, reindex, job progress; and the token list
(role ``admin``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from corpus.uploads import REASONS
from index.api import Actor, upload_files
from index.server.auth import ADMIN, ARCHIVIST, server_state
from index.server.jobs import job_payload
from index.server.schemas import ERRORS, ErrorOut, JobOut, TokensOut, UploadOut, respond
from index.server.state import ServerState
from index.server.tokens import TokenEntry

router = APIRouter(responses=ERRORS)
MB = 1024 * 1024


def actor_of(entry: TokenEntry, request: Request) -> Actor:
    """The token's owner as the audit log names them (``token:NAME``), with the caller's address."""
    return Actor(entry.name, entry.role, "token", request.client.host if request.client else "")


def _running(state: ServerState) -> str:
    running = state.jobs.current
    job_id = running.id if running else "?"
    return f"A reindex is already running (job {job_id}): wait until GET /jobs/{job_id} says done, then try again."


@router.post(
    "/uploads",
    response_model=UploadOut,
    summary="Add files to the archive (then reindex)",
    responses={
        400: {"model": ErrorOut, "description": "no file was good"},
        413: {"model": ErrorOut, "description": "too many files, or too large"},
    },
)
def upload(
    request: Request,
    files: list[UploadFile] = File(description="documents: .txt .md .html .pdf .docx"),
    reindex: bool = Query(True, description="start a reindex when a file was saved"),
    state: ServerState = Depends(server_state),
    entry: TokenEntry = ARCHIVIST,
) -> JSONResponse:
    """Files are checked with the page's rules (a safe name, bytes that are what the name says,
    at most max_file_mb each) and written into `<archive>/uploads/`, never over another file."""
    settings = state.settings
    if len(files) > settings.api_max_upload_files:
        raise HTTPException(
            413, f"{len(files)} files in one request; send at most {settings.api_max_upload_files}."
        )
    archive = state.archive_dir()
    max_bytes = settings.max_file_mb * MB
    # Read one byte past the limit: enough to reject a file as too big without reading it all.
    actor = actor_of(entry, request)
    result = upload_files(
        settings, actor, archive, [(f.filename or "", f.file.read(max_bytes + 1)) for f in files]
    )
    rejected = [
        {"name": name, "reason": reason, "detail": detail, "message": REASONS.get(reason, reason)}
        for name, reason, detail in result.rejected
    ]
    if not result.saved:
        status = 413 if rejected and all(r["reason"] == "too_big" for r in rejected) else 400
        problems = "; ".join(f"{r['name']!r}: {r['message']}" for r in rejected) or "no file was sent"
        return respond(status_code=status, error=f"No file was saved ({problems}).", rejected=rejected)
    saved = [p.relative_to(archive).as_posix() for p in result.saved]
    job = state.start_build("upload", actor) if reindex else None
    if job is not None:
        message = f"Saved {len(saved)} file(s); indexing them: GET /jobs/{job.id}."
    elif reindex:
        message = f"Saved {len(saved)} file(s). " + _running(state)
    else:
        message = f"Saved {len(saved)} file(s); POST /reindex to index them."
    return respond(saved=saved, rejected=rejected, job=job_payload(job) if job else None, message=message)


@router.post(
    "/reindex",
    status_code=202,
    response_model=JobOut,
    summary="Bring the index up to date with the archive folder (background job)",
    responses={409: {"model": ErrorOut, "description": "a reindex is running"}},
)
def reindex(
    request: Request, state: ServerState = Depends(server_state), entry: TokenEntry = ARCHIVIST
) -> JSONResponse:
    """Only new or changed files are read and embedded; the API keeps answering from the
    previous build until the new one commits."""
    job = state.start_build("reindex", actor_of(entry, request))
    if job is None:
        return respond(status_code=409, error=_running(state))
    return respond(status_code=202, headers={"Location": f"/jobs/{job.id}"}, **job_payload(job))


@router.get(
    "/jobs/{job_id}",
    dependencies=[ARCHIVIST],
    response_model=JobOut,
    summary="A reindex job's progress and, once done, its report",
    responses={404: {"model": ErrorOut, "description": "no such job (or forgotten)"}},
)
def job(job_id: str, state: ServerState = Depends(server_state)) -> JSONResponse:
    found = state.jobs.get(job_id)
    if found is None:
        raise HTTPException(
            404, f"No job {job_id!r}: this server remembers its last 20 jobs since it started."
        )
    return respond(**job_payload(found))


@router.get(
    "/tokens",
    dependencies=[ADMIN],
    response_model=TokensOut,
    summary="API tokens (never the tokens themselves)",
)
def tokens(state: ServerState = Depends(server_state)) -> JSONResponse:
    entries = state.tokens.entries()
    return respond(tokens=[{"name": e.name, "role": e.role, "created": e.created} for e in entries])
