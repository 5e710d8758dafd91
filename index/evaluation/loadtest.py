"""``python -m index loadtest``: many clients asking a running ``python -m index serve`` at once.

Sends ``--requests`` POST /ask spread over ``--clients`` threads (cycling through the questions
files), stopping early after ``--max-seconds``; reports errors, throughput, latency percentiles and,
with ``--server-pid``, the server's peak memory. With ``--reindex-files DIR`` the files of DIR are
uploaded (POST /uploads, then POST /reindex) while the load runs, and the job is followed to its end.
The API does not name the index generation an answer came from, so the check of "one whole
generation" is indirect: no request may fail, and every cited document must be among the answer's hits.
"""

from __future__ import annotations

import argparse
import json
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from index.evaluation.evaluate import load_questions

POLL_S = 0.25


@dataclass
class LoadReport:
    requests: int = 0
    errors: int = 0
    incoherent: int = 0  # answers citing a document that is not among their hits
    found: int = 0
    not_found: int = 0
    seconds: float = 0.0
    throughput: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float | None = None
    error_samples: list[str] = field(default_factory=list)
    reindex: dict[str, Any] | None = None


def read_questions(paths: list[str]) -> list[str]:
    """The ``question`` field of every line of these JSON Lines files."""
    out = [q["question"] for p in paths for q in load_questions(Path(p))]
    if not out:
        raise ValueError(f"No questions in {', '.join(paths)}.")
    return out


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM) in MB; None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]  # nearest rank


def coherent(answer: dict[str, Any]) -> bool:
    hit_docs = {h["doc"]["doc_id"] for h in answer.get("hits", [])}
    return all(c["doc"]["doc_id"] in hit_docs for c in answer.get("citations", []))


def reindex_during(url: str, token: str, folder: Path, timeout: float = 1800) -> dict[str, Any]:
    """Upload the files of ``folder`` (20 per request, no reindex each), start one reindex and
    wait for its job: what the job reported, and how long it took."""
    auth = {"Authorization": f"Bearer {token}"}
    files = sorted(p for p in folder.iterdir() if p.is_file())
    saved: list[str] = []
    t0 = time.perf_counter()
    with httpx.Client(base_url=url, headers=auth, timeout=120) as client:
        for i in range(0, len(files), 20):
            parts = [("files", (p.name, p.read_bytes())) for p in files[i : i + 20]]
            r = client.post("/uploads", params={"reindex": "false"}, files=parts)
            r.raise_for_status()
            saved += r.json()["saved"]
        uploaded = time.perf_counter() - t0
        r = client.post("/reindex")
        r.raise_for_status()
        job = r.json()
        while not job["done"]:
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"reindex job {job['id']} not done after {timeout:.0f} s")
            time.sleep(POLL_S)
            job = client.get(f"/jobs/{job['id']}").raise_for_status().json()
    report = job.get("report") or {}
    return {
        "files_saved": len(saved),
        "upload_seconds": round(uploaded, 2),
        "seconds": round(time.perf_counter() - t0, 2),
        "job_seconds": job["seconds"],
        "ok": job["ok"],
        "error": job["error"],
        "added": len(report.get("added") or ()),
        "chunks_embedded": report.get("chunks_embedded"),
    }


@dataclass(frozen=True)
class LoadPlan:
    url: str
    token: str
    questions: list[str]
    clients: int = 8
    requests: int = 300
    max_seconds: float | None = None
    server_pid: int | None = None
    reindex_token: str | None = None
    reindex_files: Path | None = None


class _Tally:
    """The report and latencies, shared by the client threads under one lock."""

    def __init__(self, requests: int) -> None:
        self.report = LoadReport()
        self.latencies: list[float] = []
        self.lock = threading.Lock()
        self._counter = iter(range(requests))

    def next_request(self) -> int | None:
        with self.lock:
            return next(self._counter, None)

    def record(self, ms: float, error: str | None, answer: dict[str, Any] | None) -> None:
        with self.lock:
            r = self.report
            r.requests += 1
            self.latencies.append(ms)
            if error is not None:
                r.errors += 1
                if len(r.error_samples) < 5:
                    r.error_samples.append(error)
            elif answer is not None:
                r.found += bool(answer.get("found"))
                r.not_found += not answer.get("found")
                r.incoherent += not coherent(answer)


def _client_loop(plan: LoadPlan, tally: _Tally, deadline: float) -> None:
    headers = {"Authorization": f"Bearer {plan.token}"}
    with httpx.Client(base_url=plan.url, headers=headers, timeout=120) as c:
        while time.perf_counter() < deadline:
            i = tally.next_request()
            if i is None:
                return
            start = time.perf_counter()
            try:
                r = c.post("/ask", json={"question": plan.questions[i % len(plan.questions)]})
                ok = r.status_code == 200
                error = None if ok else f"{r.status_code}: {r.text[:200]}"
                tally.record((time.perf_counter() - start) * 1000, error, r.json() if ok else None)
            except (httpx.HTTPError, ValueError) as exc:
                tally.record((time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}", None)


def _reindex(plan: LoadPlan, tally: _Tally) -> dict[str, Any]:
    before = (tally.report.requests, tally.report.errors)
    result: dict[str, Any] = {}
    try:
        result.update(
            reindex_during(plan.url, plan.reindex_token or plan.token, Path(plan.reindex_files or "."))
        )
    except (httpx.HTTPError, OSError, ValueError, KeyError) as exc:
        said = exc.response.text[:300] if isinstance(exc, httpx.HTTPStatusError) else ""
        result.update(ok=False, error=f"{type(exc).__name__}: {exc} {said}".strip())
    result["requests_during"] = tally.report.requests - before[0]
    result["errors_during"] = tally.report.errors - before[1]
    return result


def run_load(plan: LoadPlan) -> LoadReport:
    """Ask ``plan.requests`` questions over ``plan.clients`` threads (and reindex meanwhile)."""
    tally = _Tally(plan.requests)
    t0 = time.perf_counter()
    deadline = t0 + plan.max_seconds if plan.max_seconds else float("inf")
    with ThreadPoolExecutor(max_workers=plan.clients + 1) as pool:
        futures = [pool.submit(_client_loop, plan, tally, deadline) for _ in range(plan.clients)]
        reindexed = pool.submit(_reindex, plan, tally) if plan.reindex_files is not None else None
        for f in futures:
            f.result()
        report = tally.report
        report.reindex = reindexed.result() if reindexed is not None else None
    report.seconds = round(time.perf_counter() - t0, 2)
    report.throughput = round(report.requests / report.seconds, 2) if report.seconds else 0.0
    if tally.latencies:
        report.latency_ms = {
            **{f"p{q}": round(percentile(tally.latencies, q), 1) for q in (50, 95, 99)},
            "max": round(max(tally.latencies), 1),
        }
    report.peak_rss_mb = peak_rss_mb(plan.server_pid) if plan.server_pid else None
    return report


def summary(r: LoadReport) -> str:
    lat = " · ".join(f"{k} {v:.0f}" for k, v in r.latency_ms.items())
    lines = [
        f"{r.requests} requests in {r.seconds:.1f} s: {r.throughput:.2f} questions/s · errors {r.errors}"
        f" · incoherent {r.incoherent} · found {r.found} · not found {r.not_found}",
        f"latency ms: {lat}",
    ]
    if r.peak_rss_mb is not None:
        lines.append(f"server peak RSS (VmHWM): {r.peak_rss_mb:.0f} MB")
    if r.reindex:
        lines.append("reindex during load: " + ", ".join(f"{k} {v}" for k, v in r.reindex.items()))
    lines += [f"  error: {e}" for e in r.error_samples]
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    try:
        httpx.get(args.url.rstrip("/") + "/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise ValueError(
            f"Cannot reach {args.url} ({exc}): is `python -m index serve` running there?"
        ) from exc
    plan = LoadPlan(
        args.url.rstrip("/"),
        args.token,
        read_questions(args.questions),
        clients=args.clients,
        requests=args.requests,
        max_seconds=args.max_seconds,
        server_pid=args.server_pid,
        reindex_token=args.reindex_token,
        reindex_files=Path(args.reindex_files) if args.reindex_files else None,
    )
    report = run_load(plan)
    print(json.dumps(asdict(report), ensure_ascii=False, indent=2) if args.json else summary(report))
    failed = report.errors or report.incoherent or (report.reindex and not report.reindex.get("ok"))
    return 1 if failed else 0
