"""POST /uploads checks files with the page's rules and reindexes; POST /reindex runs a
background job whose progress GET /jobs/{id} reports; bodies over the limits get 413."""

from __future__ import annotations

import threading

import pytest
from server_support import Served, assert_error, role_tokens, serve_app, wait_for_job

from index.api import build_index

MB = 1024 * 1024
NEW_DOC = (
    "# Thông báo số 77-TB/UBND\n\nỦY BAN NHÂN DÂN TỈNH HẢI MINH\n\nHải Minh, ngày 3 tháng 3 năm 2022\n\n"
    "Về việc phun thuốc khử khuẩn trường học\n\n1. Các trường học phun thuốc khử khuẩn "
    "trước ngày 10/3/2022 theo hướng dẫn của ngành y tế.\n"
).encode()


def files(*items: tuple[str, bytes]) -> list:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_upload_saves_reindexes_and_the_document_is_found(served: Served) -> None:
    response = served.client.post(
        "/uploads", files=files(("../../thong-bao-77.md", NEW_DOC)), headers=served.auth("archivist")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["saved"] == ["uploads/thong-bao-77.md"] and body["rejected"] == []
    assert (served.archive / "uploads" / "thong-bao-77.md").read_bytes() == NEW_DOC
    job = wait_for_job(served, body["job"]["id"])
    assert job["ok"] and job["report"]["added"] == ["uploads/thong-bao-77.md"]
    assert job["fraction"] == 1.0 and "added 1" in job["summary"]
    hits = served.client.get(
        "/search", params={"query": "phun thuốc khử khuẩn trường học"}, headers=served.auth("reader")
    ).json()["hits"]
    assert hits[0]["doc"]["doc_id"] == "uploads/thong-bao-77.md"
    view = served.client.get("/documents/uploads/thong-bao-77.md", headers=served.auth("reader")).json()
    assert "phun thuốc khử khuẩn" in view["text"]


def test_bad_files_are_rejected_with_reasons_and_not_written(served: Served) -> None:
    archivist = served.auth("archivist")
    bad = files(
        ("virus.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"just text"),
        ("empty.txt", b""),
        ("bin.txt", b"\x00\x01" * 50),
    )
    response = served.client.post("/uploads", files=bad, headers=archivist)
    message = assert_error(response, 400)
    reasons = {r["name"]: r["reason"] for r in response.json()["rejected"]}
    assert reasons == {
        "virus.exe": "bad_ext",
        "fake.pdf": "not_pdf",
        "empty.txt": "empty",
        "bin.txt": "not_text",
    }
    assert "not a PDF" in message and ".docx" in message
    assert not (served.archive / "uploads").exists()
    # Good and bad together: the good one is saved, the bad one reported.
    mixed = served.client.post(
        "/uploads",
        files=files(("tb.md", NEW_DOC), ("x.exe", b"MZ")),
        params={"reindex": "false"},
        headers=archivist,
    ).json()
    assert mixed["saved"] == ["uploads/tb.md"] and [r["reason"] for r in mixed["rejected"]] == ["bad_ext"]
    assert mixed["job"] is None and "POST /reindex" in mixed["message"]
    assert_error(served.client.post("/uploads", headers=archivist), 422)  # no files at all


def test_upload_limits(archive, fake_settings, fake_embedder) -> None:
    settings = fake_settings.with_(max_file_mb=1, api_max_upload_files=2)
    build_index(archive, settings, fake_embedder, progress=False)
    auth = {"Authorization": f"Bearer {role_tokens(settings)['archivist']}"}
    with serve_app(settings, fake_embedder, archive) as client:
        one_too_big = client.post("/uploads", files=files(("big.txt", b"a" * (MB + 1))), headers=auth)
        assert "larger than" in assert_error(one_too_big, 413)
        assert one_too_big.json()["rejected"][0]["reason"] == "too_big"
        whole_body = client.post("/uploads", files=files(("huge.txt", b"a" * (3 * MB + 10))), headers=auth)
        assert "larger than" in assert_error(whole_body, 413)
        three = client.post(
            "/uploads", files=files(*[(f"{i}.txt", b"van ban") for i in range(3)]), headers=auth
        )
        assert "at most 2" in assert_error(three, 413)
    assert not (archive / "uploads").exists()


class GatedEmbedder:
    """The fake model, with passage embedding (what a build does) held until ``gate`` opens."""

    def __init__(self, inner, gate: threading.Event) -> None:
        self.inner, self.gate = inner, gate

    def embed(self, texts, kind, show_progress: bool = False):
        if kind == "passage":
            self.gate.wait(30)
        return self.inner.embed(texts, kind, show_progress)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_reindex_is_a_job_one_at_a_time(archive, fake_settings, fake_embedder) -> None:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    auth = {"Authorization": f"Bearer {role_tokens(fake_settings)['archivist']}"}
    (archive / "moi.md").write_bytes(NEW_DOC)
    gate = threading.Event()
    with serve_app(fake_settings, GatedEmbedder(fake_embedder, gate), archive) as client:
        started = client.post("/reindex", headers=auth)
        assert started.status_code == 202, started.text
        job = started.json()
        assert started.headers["location"] == f"/jobs/{job['id']}" and not job["done"]
        again = client.post("/reindex", headers=auth)
        assert job["id"] in assert_error(again, 409)
        assert client.get("/health").json()["job_running"] is True
        running = client.get(f"/jobs/{job['id']}", headers=auth).json()
        assert running["done"] is False and running["fraction"] < 1.0
        gate.set()
        client.app.state.server.jobs.wait(30)
        done = client.get(f"/jobs/{job['id']}", headers=auth).json()
        assert done["done"] and done["ok"] and done["report"]["added"] == ["moi.md"]
        assert done["recent_files"] == [{"doc_id": "moi.md", "status": "added"}]
        assert "traceback" not in str(done).lower()
        assert client.post("/reindex", headers=auth).status_code == 202  # the next one may start


def test_a_failed_build_is_reported_in_the_job(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.server.jobs as jobs

    def broken(*args, **kwargs):
        raise FileNotFoundError("No archive folder at /nowhere: pass the folder the index is built from.")

    monkeypatch.setattr(jobs, "build_index", broken)
    job = served.client.post("/reindex", headers=served.auth("archivist")).json()
    done = wait_for_job(served, job["id"])
    assert done["done"] and not done["ok"] and "No archive folder" in done["error"]
    assert "Traceback" not in str(done)
