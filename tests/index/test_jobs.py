"""The background build runner: one job at a time, progress events, errors kept for the page."""

from __future__ import annotations

import threading

from index.jobs import JobRunner


def test_job_runs_in_background_and_reports_progress() -> None:
    gate = threading.Event()
    runner = JobRunner()

    def work(job):
        job.stage = "files"
        job.on_file("a.md", "added")
        gate.wait(5)
        job.on_file("b.pdf", "skipped: no text")
        return "report"

    job = runner.start("rescan", work, total_hint=4)
    assert job is not None and runner.running
    assert runner.start("rescan", work) is None  # a second build waits for the first
    gate.set()
    assert runner.wait(5)
    assert job.done and job.result == "report" and job.error is None and job.fraction == 1.0
    assert job.events == [("a.md", "added"), ("b.pdf", "skipped: no text")]


def test_job_error_is_kept_not_raised() -> None:
    runner = JobRunner()

    def work(job):
        raise FileNotFoundError("No archive folder at /nowhere")

    job = runner.start("upload", work)
    assert job is not None and runner.wait(5)
    assert job.error == "No archive folder at /nowhere" and job.result is None
    assert runner.start("upload", lambda job: 1) is not None  # a failed job does not block the next
    assert runner.wait(5)


def test_fraction_is_capped_until_done() -> None:
    gate = threading.Event()
    runner = JobRunner()

    def work(job):
        job.stage = "model"
        model_loading.set()
        gate_model.wait(5)
        job.stage = "files"
        for i in range(10):
            job.on_file(f"{i}.md", "added")
        gate.wait(5)

    model_loading, gate_model = threading.Event(), threading.Event()
    job = runner.start("sample", work, total_hint=2)
    assert job is not None and model_loading.wait(5)
    assert job.fraction == 0.02
    gate_model.set()
    for _ in range(100):
        if len(job.events) == 10:
            break
        threading.Event().wait(0.01)
    assert job.fraction <= 0.95
    gate.set()
    assert runner.wait(5) and job.fraction == 1.0
