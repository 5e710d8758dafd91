"""Every reading endpoint answers with the records the CLI prints with --json, plus
schema_version; filters, ids and numbers with slashes; 404, 400 and 422 as JSON."""

from __future__ import annotations

from datetime import date

import pytest
from server_support import BULLETIN_ID, Q, Served, assert_error

from index.api import ask, find_by_number, get_document, open_index, search, stats
from index.records import to_plain
from index.server.schemas import AnswerOut, ByNumberOut, DocumentOut, SearchOut, StatsOut


@pytest.fixture
def local(served: Served):
    """The same index read directly, as the CLI does."""
    reader = open_index(served.settings, served.embedder)
    yield reader
    reader.close()


def without_time(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "elapsed_ms"}


def test_ask_is_the_cli_record(served: Served, local) -> None:
    body = served.client.post("/ask", json={"question": Q, "top": 3}, headers=served.auth("reader")).json()
    AnswerOut.model_validate(body)
    assert body.pop("schema_version") == "1"
    assert without_time(body) == without_time(to_plain(ask(local, Q, top=3)))
    assert body["citations"] and len(body["citations"]) <= 3


def test_ask_with_filters(served: Served, local) -> None:
    filters = {"type": ["Thông báo"], "from": "2022-02-01", "to": "2022-02-28"}
    body = served.client.post(
        "/ask", json={"question": Q, "filters": filters}, headers=served.auth("reader")
    ).json()
    assert body["hits"]
    for hit in body["hits"]:
        assert hit["doc"]["doc_type"] == "Thông báo"
        assert "2022-02-01" <= hit["doc"]["issue_date"] <= "2022-02-28"


def test_search_is_the_cli_record_with_every_filter(served: Served, local) -> None:
    from index.records import Filters

    params = [("query", "vắc xin"), ("type", "Thông báo"), ("type", "Kế hoạch"), ("top", "4")]
    params += [("from", "2022-01-01"), ("to", "2022-03-31")]
    body = served.client.get("/search", params=params, headers=served.auth("reader")).json()
    SearchOut.model_validate(body)
    filters = Filters(("Thông báo", "Kế hoạch"), (), date(2022, 1, 1), date(2022, 3, 31))
    assert body["hits"] == to_plain(search(local, "vắc xin", k=4, filters=filters))
    assert 0 < len(body["hits"]) <= 4
    assert {h["doc"]["doc_type"] for h in body["hits"]} <= {"Thông báo", "Kế hoạch"}

    by_number = served.client.get(
        "/search", params={"query": "tiêm", "number": "508-tb/tu"}, headers=served.auth("reader")
    ).json()
    assert {h["doc"]["doc_id"] for h in by_number["hits"]} == {BULLETIN_ID}
    issuer = local.conn.execute("SELECT issuer FROM documents WHERE doc_id = ?", (BULLETIN_ID,)).fetchone()[0]
    by_issuer = served.client.get(
        "/search", params={"query": "tiêm", "issuer": issuer}, headers=served.auth("reader")
    ).json()
    assert by_issuer["hits"] and {h["doc"]["issuer"] for h in by_issuer["hits"]} == {issuer}


def test_documents_by_id_and_by_number_hold_slashes(served: Served, local) -> None:
    reader = served.auth("reader")
    body = served.client.get(f"/documents/{BULLETIN_ID}", headers=reader).json()
    DocumentOut.model_validate(body)
    assert body.pop("schema_version") == "1"
    assert body == to_plain(get_document(local, BULLETIN_ID))
    assert body["doc"]["number"] == "508-TB/TU" and body["text"] and body["cites"]

    found = served.client.get("/documents/by-number/508-TB/TU", headers=reader).json()
    ByNumberOut.model_validate(found)
    assert found["documents"] == to_plain(find_by_number(local, "508-TB/TU"))
    assert [d["doc_id"] for d in found["documents"]] == [BULLETIN_ID]
    spaced = served.client.get("/documents/by-number/508 - TB/TU", headers=reader).json()
    assert spaced["documents"] == found["documents"]
    # A document it cites lists it under cited_by.
    cited = next(r["doc_id"] for r in body["cites"] if r["doc_id"])
    back = served.client.get(f"/documents/{cited}", headers=reader).json()
    assert BULLETIN_ID in {r["doc_id"] for r in back["cited_by"]}


def test_stats(served: Served, local) -> None:
    body = served.client.get("/stats", headers=served.auth("reader")).json()
    StatsOut.model_validate(body)
    assert body.pop("schema_version") == "1"
    assert body == to_plain(stats(local))
    assert body["documents"] == 12


def test_not_found_bad_and_invalid_requests_are_json(served: Served) -> None:
    reader, client = served.auth("reader"), served.client
    assert "No document" in assert_error(client.get("/documents/govdocs/none.md", headers=reader), 404)
    assert "No document numbered" in assert_error(
        client.get("/documents/by-number/999-XX/YY", headers=reader), 404
    )
    assert "/docs" in assert_error(client.get("/no-such-endpoint", headers=reader), 404)
    assert_error(client.get("/search", params={"query": "?!…"}, headers=reader), 400)  # nothing searchable
    invalid = [
        client.get("/search", headers=reader),  # no query
        client.get("/search", params={"query": "x", "top": 0}, headers=reader),
        client.get("/search", params={"query": "x", "from": "2022-13-01"}, headers=reader),
        client.get(
            "/search", params={"query": "x", "from": "2022-03-01", "to": "2022-01-01"}, headers=reader
        ),
        client.post("/ask", json={}, headers=reader),
        client.post("/ask", json={"question": Q, "top": 100}, headers=reader),
        client.post("/ask", json={"question": Q, "filters": {"colour": "red"}}, headers=reader),
        client.post(
            "/ask",
            json={"question": Q, "filters": {"from": "2022-03-01", "to": "2022-01-01"}},
            headers=reader,
        ),
        client.post("/ask", json={"question": "x" * 2001}, headers=reader),
        client.post("/ask", content=b"{not json", headers={**reader, "content-type": "application/json"}),
    ]
    messages = [assert_error(r, 422) for r in invalid]
    assert "top" in messages[1] and "swap" in messages[3] and "colour" in messages[6]
    assert "not allowed" in assert_error(client.delete("/stats", headers=reader), 405)


def test_openapi_docs_list_every_endpoint(served: Served) -> None:
    assert served.client.get("/docs").status_code == 200
    spec = served.client.get("/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/ask",
        "/search",
        "/documents/{doc_id}",
        "/documents/{doc_id}/file",
        "/documents/by-number/{number}",
        "/uploads",
        "/reindex",
        "/jobs/{job_id}",
        "/health",
        "/stats",
    }
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
