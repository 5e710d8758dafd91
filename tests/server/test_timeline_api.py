"""GET /timeline answers with the record `python -m index timeline --json` prints (plumbing: the
hashing embedder; the timeline's content is checked with the real model in tests/index)."""

from __future__ import annotations

from datetime import date

from server_support import Served, assert_error

from index.api import open_index, timeline
from index.records import Filters, Timeline, from_plain, to_plain
from index.server.schemas import TimelineOut


def test_timeline_is_the_cli_record(served: Served) -> None:
    params = {"subject": "tiêm vắc xin", "from": "2021-10-01", "to": "2022-12-31"}
    response = served.client.get("/timeline", params=params, headers=served.auth("reader"))
    assert response.status_code == 200, response.text
    body = response.json()
    TimelineOut.model_validate(body)
    assert body.pop("schema_version") == "1"
    reader = open_index(served.settings, served.embedder)
    try:
        local = timeline(
            reader, "tiêm vắc xin", filters=Filters(date_from=date(2021, 10, 1), date_to=date(2022, 12, 31))
        )
    finally:
        reader.close()
    assert body == to_plain(local)
    line = from_plain(Timeline, body)
    dates = [e.doc.issue_date for e in line.entries]
    assert (
        dates and dates == sorted(dates) and all(date(2021, 10, 1) <= d <= date(2022, 12, 31) for d in dates)
    )


def test_timeline_refuses_bad_requests(served: Served) -> None:
    reader = served.auth("reader")
    assert served.client.get("/timeline", params={"subject": "x"}).status_code == 401
    assert_error(served.client.get("/timeline", params={"subject": "?!"}, headers=reader), 400)
    bad = {"subject": "vắc xin", "from": "2022-03-01", "to": "2022-01-01"}
    assert_error(served.client.get("/timeline", params=bad, headers=reader), 422)
