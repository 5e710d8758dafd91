"""``python -m index loadtest`` against a real uvicorn (the sample archive, the hashing embedder):
the counts add up, a refused request is counted as an error, and files uploaded and reindexed
during the load leave every request answered."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from server_support import Q, Served
from test_uvicorn import live  # noqa: F401 - the fixture: a real server on a free port

from index import cli
from index.evaluation.loadtest import LoadPlan, percentile, read_questions, run_load

QUESTIONS = [Q, "Chỉ thị về phòng chống dịch COVID-19", "Giá vàng hôm nay là bao nhiêu?"]


def test_counts_latencies_and_peak_memory(live: str, served: Served) -> None:  # noqa: F811
    report = run_load(
        LoadPlan(live, served.tokens["reader"], QUESTIONS, clients=2, requests=10, server_pid=os.getpid())
    )
    assert report.requests == 10 and report.errors == 0 and report.incoherent == 0, report
    assert report.found + report.not_found == 10 and report.found >= 1
    assert set(report.latency_ms) == {"p50", "p95", "p99", "max"}
    assert 0 < report.latency_ms["p50"] <= report.latency_ms["max"]
    assert report.throughput > 0 and report.peak_rss_mb and report.peak_rss_mb > 10


def test_a_refused_request_is_an_error(live: str) -> None:  # noqa: F811
    report = run_load(LoadPlan(live, "cts_wrong", QUESTIONS, clients=2, requests=10))
    assert report.requests == 10 and report.errors == 10 and report.found == 0
    assert report.error_samples[0].startswith("401")


def test_a_reindex_during_the_load(live: str, served: Served, tmp_path: Path) -> None:  # noqa: F811
    new = tmp_path / "new"
    new.mkdir()
    for i in range(3):
        (new / f"thong-bao-moi-{i}.md").write_text(
            f"# Thông báo số {100 + i}-TB/UBND\n\nVề việc tiêm vắc xin đợt {i} cho học sinh.\n",
            encoding="utf-8",
        )
    report = run_load(
        LoadPlan(
            live,
            served.tokens["reader"],
            QUESTIONS,
            clients=2,
            requests=20,
            reindex_token=served.tokens["archivist"],
            reindex_files=new,
        )
    )
    assert report.requests == 20 and report.errors == 0 and report.incoherent == 0, report
    assert report.reindex and report.reindex["ok"], report.reindex
    assert report.reindex["files_saved"] == 3 and report.reindex["added"] == 3
    assert (served.archive / "uploads" / "thong-bao-moi-0.md").is_file()


def test_the_command(
    live: str,  # noqa: F811
    served: Served,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in QUESTIONS), encoding="utf-8")
    assert read_questions([str(questions)]) == QUESTIONS
    argv = ["loadtest", "--url", live, "--questions", str(questions), "--clients", "2", "--requests", "4"]
    assert cli.main([*argv, "--token", served.tokens["reader"], "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["requests"] == 4 and out["errors"] == 0
    assert cli.main([*argv, "--token", "cts_wrong"]) == 1
    assert "errors 4" in capsys.readouterr().out
    assert cli.main([*argv[:2], "http://127.0.0.1:9", *argv[3:], "--token", "x"]) == 2
    assert "Cannot reach" in capsys.readouterr().err


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)
    assert percentile([7.0], 99) == 7.0
