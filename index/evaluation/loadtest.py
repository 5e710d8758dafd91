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
    out = [
        json.loads(line)["question"]
        for p in paths
        for line in Path(p).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
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


def run_load(
    url: str,
    token: str,
    questions: list[str],
    clients: int = 8,
    requests: int = 300,
    max_seconds: float | None = None,
    server_pid: int | None = None,
    reindex_token: str | None = None,
    reindex_files: Path | None = None,
) -> LoadReport:
    report = LoadReport()
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    t0 = time.perf_counter()
    deadline = t0 + max_seconds if max_seconds else float("inf")
    reindex_result: dict[str, Any] = {}

    def record(ms: float, error: str | None, answer: dict[str, Any] | None) -> None:
        with lock:
            report.requests += 1
            latencies.append(ms)
            if error is not None:
                report.errors += 1
                if len(report.error_samples) < 5:
                    report.error_samples.append(error)
            elif answer is not None:
                report.found += bool(answer.get("found"))
                report.not_found += not answer.get("found")
                report.incoherent += not coherent(answer)

    def client_loop() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
            while time.perf_counter() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                start = time.perf_counter()
                try:
                    r = c.post("/ask", json={"question": questions[i % len(questions)]})
                    ok = r.status_code == 200
                    error = None if ok else f"{r.status_code}: {r.text[:200]}"
                    record((time.perf_counter() - start) * 1000, error, r.json() if ok else None)
                except (httpx.HTTPError, ValueError) as exc:
                    record((time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}", None)

    def reindex() -> None:
        before = (report.requests, report.errors)
        try:
            reindex_result.update(reindex_during(url, reindex_token or token, Path(reindex_files or ".")))
        except (httpx.HTTPError, OSError, ValueError, KeyError) as exc:
            said = exc.response.text[:300] if isinstance(exc, httpx.HTTPStatusError) else ""
            reindex_result.update(ok=False, error=f"{type(exc).__name__}: {exc} {said}".strip())
        reindex_result["requests_during"] = report.requests - before[0]
        reindex_result["errors_during"] = report.errors - before[1]

    with ThreadPoolExecutor(max_workers=clients + 1) as pool:
        futures = [pool.submit(client_loop) for _ in range(clients)]
        if reindex_files is not None:
            futures.append(pool.submit(reindex))
        for f in futures:
            f.result()
    report.seconds = round(time.perf_counter() - t0, 2)
    report.throughput = round(report.requests / report.seconds, 2) if report.seconds else 0.0
    if latencies:
        report.latency_ms = {
            **{f"p{q}": round(percentile(latencies, q), 1) for q in (50, 95, 99)},
            "max": round(max(latencies), 1),
        }
    report.peak_rss_mb = peak_rss_mb(server_pid) if server_pid else None
    report.reindex = reindex_result or None
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
    report = run_load(
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
    print(json.dumps(asdict(report), ensure_ascii=False, indent=2) if args.json else summary(report))
    failed = report.errors or report.incoherent or (report.reindex and not report.reindex.get("ok"))
    return 1 if failed else 0
