"""``python -m embedder bench --backends all``: every backend on the same real passages.

Each backend runs in its own process (``python -m embedder bench --backend B --quantize Q
--vectors FILE``), so its peak memory is its own and no backend warms another's caches.
The parent compares what each wrote with torch fp32's vectors: cosine per passage, and for
real questions (archive-train's, when the shared eval set is there) how many of fp32's 10
nearest passages the backend also puts in its top 10, and whether its first is fp32's first.
Wall-clock speed depends on what else runs on the machine: every pass prints the 1-minute
load average it started at.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from embedder.samples import SHARED_CORPUS

# (backend, quantize): torch fp32 first, the reference the others are compared with.
CANDIDATES = [
    ("torch", "none"),
    ("torch", "int8"),
    ("onnx", "none"),
    ("onnx", "int8"),
    ("openvino", "none"),
    ("openvino", "int8"),
]
QUESTIONS = SHARED_CORPUS.parent / "eval" / "archive-train" / "questions.jsonl"


def questions(n: int) -> list[str]:
    """Real questions (archive-train: the tuning set, never archive-dev) for the rank check."""
    if not QUESTIONS.is_file():
        return []
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:n]


def _available(backend: str) -> bool:
    import importlib.util

    need = {"torch": "torch", "onnx": "onnxruntime", "openvino": "openvino"}[backend]
    return importlib.util.find_spec(need) is not None


def _run_one(backend: str, quantize: str, args: list[str], out: Path) -> dict:
    cmd = [sys.executable, "-m", "embedder", "bench", "--json", "--backend", backend, "--quantize", quantize]
    cmd += [*args, "--vectors", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _agreement(ref_p: np.ndarray, ref_q: np.ndarray, p: np.ndarray, q: np.ndarray, k: int = 10) -> dict:
    if not len(ref_q):
        return {}
    top_ref = np.argsort(-(ref_q @ ref_p.T), axis=1)[:, :k]
    top = np.argsort(-(q @ p.T), axis=1)[:, :k]
    overlap = [len(set(a) & set(b)) / k for a, b in zip(top_ref, top)]
    return {
        "top10_overlap": round(float(np.mean(overlap)), 4),
        "top1_same": round(float(np.mean(top_ref[:, 0] == top[:, 0])), 4),
    }


def run_all(args: list[str], cuda: bool = False) -> list[dict]:
    """One row per backend; ``args`` are passed to each ``bench`` process (--n, --repeats ...)."""
    rows: list[dict] = []
    candidates = list(CANDIDATES) + ([("torch-cuda", "none")] if cuda else [])
    with tempfile.TemporaryDirectory(prefix="chithi-bench-") as tmp:
        ref = None
        for backend, quantize in candidates:
            name = f"{backend} {'int8' if quantize == 'int8' else 'fp32'}"
            real = backend.removesuffix("-cuda")
            if not _available(real):
                rows.append(
                    {"backend": name, "error": "not installed: pip install -r requirements-backends.txt"}
                )
                continue
            out = Path(tmp) / f"{backend}-{quantize}.npz"
            extra = ["--device", "cuda"] if backend == "torch-cuda" else ["--device", "cpu"]
            row = {"backend": name, **_run_one(real, quantize, [*args, *extra], out)}
            if "error" not in row:
                data = np.load(out)
                if ref is None:
                    ref = data
                cos = np.sum(ref["passages"] * data["passages"], axis=1)
                row["cosine_mean"], row["cosine_min"] = (
                    round(float(cos.mean()), 5),
                    round(float(cos.min()), 5),
                )
                row.update(_agreement(ref["passages"], ref["queries"], data["passages"], data["queries"]))
            rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    head = (
        "| backend | passages/s (each pass) | CPU-s/passage | cosine to fp32 mean / min | "
        "top-10 overlap | top-1 same | peak RSS MiB | load avg per pass | fingerprint precision |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['backend']} | {r['error']} |" + " |" * 7)
            continue
        passes = r.get("passes_per_s") or [r["passages_per_s"]]
        loads = r.get("loadavg_per_pass") or [r["loadavg_1min"]]
        lines.append(
            f"| {r['backend']} | {statistics.median(passes):.2f} ({', '.join(f'{x:.2f}' for x in passes)}) "
            f"| {r['cpu_s_per_passage']:.3f} | {r['cosine_mean']:.5f} / {r['cosine_min']:.5f} "
            f"| {r.get('top10_overlap', float('nan')):.3f} | {r.get('top1_same', float('nan')):.3f} "
            f"| {r['peak_rss_mib']} | {', '.join(f'{x:.1f}' for x in loads)} "
            f"| {r['fingerprint'].split('|')[2]} |"
        )
    meta = rows[0] if rows and "error" not in rows[0] else {}
    if meta:
        lines.append(
            f"\n{meta['passages']} passages of ~{meta['mean_tokens']:.0f} tokens, {meta.get('queries', 0)} questions, "
            f"batch {meta['batch_size']}, {meta['threads']} threads, {os.cpu_count()} cores."
        )
    return "\n".join(lines)
