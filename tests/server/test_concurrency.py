"""Several clients ask and search while a reindex of a changed archive commits: no request
fails, and every response is exactly the one the old index or the new one gives (a mix of
the two generations would match neither)."""

from __future__ import annotations

import threading
import time

from server_support import BULLETIN_ID, Q, Served, wait_for_job

SEARCH = {"query": "tiêm vắc xin mũi nhắc lại", "top": 8}


def _responses(served: Served) -> tuple[dict, dict]:
    reader = served.auth("reader")
    answer = served.client.post("/ask", json={"question": Q}, headers=reader)
    hits = served.client.get("/search", params=SEARCH, headers=reader)
    assert answer.status_code == 200, answer.text
    assert hits.status_code == 200, hits.text
    return _stable(answer.json()), hits.json()


def _stable(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "elapsed_ms"}


def _change(served: Served) -> None:
    """Remove the bulletin the answer cites and add documents that compete with it."""
    text = (served.archive / BULLETIN_ID).read_text(encoding="utf-8-sig")
    (served.archive / BULLETIN_ID).unlink()
    for i in range(6):
        (served.archive / f"ban-sao-{i}.txt").write_text(
            f"{text}\n\nPhụ lục {i}: tiêm vắc xin mũi nhắc lại đợt {i} cho người từ 18 tuổi.\n",
            encoding="utf-8",
        )


def test_requests_during_a_reindex_see_one_whole_generation(served: Served) -> None:
    old = _responses(served)
    _change(served)
    seen: list[tuple[dict, dict]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def client_loop() -> None:
        try:
            while not stop.is_set():
                seen.append(_responses(served))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=client_loop) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        job = served.client.post("/reindex", headers=served.auth("archivist")).json()
        done = wait_for_job(served, job["id"], timeout=120)
        time.sleep(0.5)  # and some requests after the commit
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not failures, failures[:3]
    assert done["ok"] and len(done["report"]["added"]) == 6 and done["report"]["removed"] == [BULLETIN_ID]
    new = _responses(served)
    assert old[0] != new[0] and old[1] != new[1]  # the change shows in both
    assert seen
    for answer, hits in seen:
        assert answer in (old[0], new[0])
        assert hits in (old[1], new[1])
