"""The REST API: its tokens carry the page's role names, its uploads and reindexing are
audited under the token's name, and a damaged index is a 503 with the fix."""

from __future__ import annotations

from server_support import Served, assert_error, wait_for_job

from index.access.audit import AuditLog
from index.access.roles import ROLES as PAGE_ROLES
from index.server.tokens import ROLES


def test_tokens_share_the_page_roles() -> None:
    assert ROLES == PAGE_ROLES == ("reader", "archivist", "admin")


def test_uploads_and_reindex_are_audited(served: Served) -> None:
    files = [("files", ("moi.txt", "Công văn số 3/CV về lũ.".encode(), "text/plain"))]
    response = served.client.post("/uploads", headers=served.auth("archivist"), files=files)
    assert response.status_code == 200, response.text
    wait_for_job(served, response.json()["job"]["id"])
    response = served.client.post("/reindex", headers=served.auth("archivist"))
    assert response.status_code == 202
    wait_for_job(served, response.json()["id"])
    rows = [(e.who, e.action, e.source) for e in AuditLog(served.settings.audit_path).events()]
    assert rows[:3] == [
        ("token:test-archivist", "upload", "token"),
        ("token:test-archivist", "reindex", "token"),
        ("token:test-archivist", "reindex", "token"),
    ]
    assert "saved uploads/moi.txt" in AuditLog(served.settings.audit_path).events()[0].detail


def test_damaged_index_is_a_503_with_the_fix(served: Served) -> None:
    reader = served.client.app.state.server.reader()
    reader.close()
    served.client.app.state.server._reader = None
    next(served.settings.index_dir.glob("vectors-*.faiss")).unlink()
    response = served.client.get("/search", params={"query": "vắc xin"}, headers=served.auth("reader"))
    message = assert_error(response, 503)
    assert "damaged" in message and "python -m index build" in message


def test_a_question_that_is_not_text_is_refused(served: Served) -> None:
    body = '{"question": "vac \\ud800 xin"}'  # a lone surrogate: valid JSON, not text
    response = served.client.post(
        "/ask", content=body, headers={**served.auth("reader"), "Content-Type": "application/json"}
    )
    assert "valid string" in assert_error(response, 422)
