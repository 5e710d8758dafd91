"""The FastAPI application: ``create_app(settings)`` for ``python -m index serve`` and the tests.

The model and the index reader are loaded once, in the lifespan, and shared by all requests
(sync endpoints run in FastAPI's thread pool; every query reads one snapshot of the index).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from config import Settings, load_settings
from index.api import has_index
from index.server import archive_routes, errors, search_routes
from index.server.auth import server_state
from index.server.schemas import SCHEMA_VERSION, HealthOut, respond
from index.server.state import ServerState

MB = 1024 * 1024
DESCRIPTION = """Cited answers and search over the archive's directives, for a whole office.

Send `Authorization: Bearer TOKEN` (tokens: `python -m index tokens add NAME --role ROLE`).
Roles: **reader** (ask, search, documents, files, stats), **archivist** (also uploads, reindex,
jobs), **admin** (everything). Responses are the records `python -m index … --json` prints, with
`schema_version`; errors are `{"error": "…"}`.
"""


def body_limits(settings: Settings):
    """Bytes a request body may have: uploads bounded by the files' limit, anything else by the JSON one."""
    uploads = settings.api_max_upload_files * settings.max_file_mb * MB + MB  # + multipart headers
    json_bodies = settings.api_max_json_kb * 1024

    def limit_for(path: str) -> int:
        return uploads if path.rstrip("/") == "/uploads" else json_bodies

    return limit_for


def create_app(
    settings: Settings | None = None, *, embedder: Any = None, archive: Path | None = None
) -> FastAPI:
    """``embedder``: a model already loaded (tests pass a fake); default: loaded at startup.
    ``archive``: the folder uploads go to and reindex reads; default: the one last indexed."""
    state = ServerState(settings or load_settings(), embedder, archive)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.start()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="Chỉ Thị Search API", version=SCHEMA_VERSION, description=DESCRIPTION, lifespan=lifespan
    )
    app.state.server = state
    errors.install(app, body_limits(state.settings))
    app.include_router(search_routes.router)
    app.include_router(archive_routes.router)

    @app.get("/health", response_model=HealthOut, summary="Up, and is an index built? (no token)")
    def health(state: ServerState = Depends(server_state)) -> JSONResponse:
        return respond(
            status="ok", index=has_index(state.settings), job_running=state.jobs.current is not None
        )

    return app
