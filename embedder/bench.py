"""``python -m embedder bench``: how fast the configured model embeds, on real Vietnamese text.

Prints model load time, passages/s on ~256-token passages (the size of an index chunk),
single-query latency p50/p95, peak memory, and for int8 the cosine to the fp32 vectors.
Wall-clock speed depends on what else runs on the machine, so it also prints CPU seconds
per passage and the load average, which say whether the numbers were taken on a busy box.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from config import Settings
from embedder.samples import corpus_text, paragraphs, passages_of_tokens


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _queries(text: str, n: int) -> list[str]:
    """Openings of sentences, as an official might type a question."""
    sentences = [s.strip() for p in paragraphs(text) for s in p.split(". ") if len(s.split()) >= 8]
    return [" ".join(s.split()[:12]) for s in sentences[:n]] or ["Đẩy nhanh tiến độ tiêm vắc xin mũi 1"] * n


def run(
    settings: Settings,
    n: int = 64,
    tokens: int = 256,
    n_queries: int = 40,
    text_dir: Path | None = None,
    repeats: int = 1,
    vectors_out: Path | None = None,
) -> dict:
    """Speed of ``settings``' embedder; ``repeats`` timed passes over the same passages (the
    best is reported, each is kept); ``vectors_out``: save passage and question vectors (.npz)."""
    from embedder import load_embedder
    from embedder.bench_backends import questions

    t0 = time.perf_counter()
    emb = load_embedder(settings, fresh=True)
    load_s = time.perf_counter() - t0
    text = corpus_text(text_dir)
    passages = passages_of_tokens(text, n, tokens, emb.count_tokens)
    lengths = emb.count_tokens(passages)
    emb.embed(passages[: min(4, n)], "passage")  # warm-up: first calls allocate and pick kernels

    passes, loads, cpus = [], [], []
    for _ in range(max(1, repeats)):
        loads.append(round(os.getloadavg()[0], 2))
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = emb.embed(passages, "passage")
        passes.append(round(n / (time.perf_counter() - wall), 2))
        cpus.append(time.process_time() - cpu)
    best = max(range(len(passes)), key=passes.__getitem__)

    queries = _queries(text, n_queries)
    emb.embed(queries[:2], "query")
    latencies = []
    for q in queries:
        t = time.perf_counter()
        emb.embed([q], "query")
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    result = {
        "model": emb.name,
        "fingerprint": emb.fingerprint,
        "threads": settings.torch_threads,
        "batch_size": settings.batch_size,
        "load_s": round(load_s, 2),
        "passages": n,
        "mean_tokens": round(float(np.mean(lengths)), 1),
        "passages_per_s": passes[best],
        "passes_per_s": passes,
        "cpu_s_per_passage": round(cpus[best] / n, 3),
        "query_ms_p50": round(statistics.median(latencies), 1),
        "query_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "peak_rss_mib": round(_peak_mib()),
        "loadavg_1min": loads[best],
        "loadavg_per_pass": loads,
        "device": getattr(emb.placement, "device", "cpu"),
    }
    if vectors_out is not None:
        asked = questions(64)
        result["queries"] = len(asked)
        q = emb.embed(asked, "query") if asked else np.zeros((0, emb.dim), dtype=np.float32)
        np.savez(vectors_out, passages=vectors, queries=q)
    elif settings.quantize != "none" or settings.backend != "torch":
        # The price of quantising: how far its vectors are from the fp32 model's.
        fp32 = settings.with_(quantize="none", backend="torch", device="cpu")
        ref = load_embedder(fp32, fresh=True).embed(passages, "passage")
        cos = np.sum(ref * vectors, axis=1)
        result["cosine_vs_fp32_mean"] = round(float(cos.mean()), 4)
        result["cosine_vs_fp32_min"] = round(float(cos.min()), 4)
    return result


def _busy(loadavg: float) -> bool:
    # The benchmark's own threads add about one core's worth before the timed part.
    return loadavg > (os.cpu_count() or 1) * 1.25


def report(result: dict) -> str:
    lines = [
        f"model            {result['model']}  ({result['fingerprint']})",
        f"threads / batch  {result['threads']} / {result['batch_size']}",
        f"load time        {result['load_s']:.2f} s",
        f"passages         {result['passages']} x ~{result['mean_tokens']:.0f} tokens",
        f"throughput       {result['passages_per_s']:.2f} passages/s (best of {result['passes_per_s']})  "
        f"({result['cpu_s_per_passage']:.3f} CPU-s per passage)",
        f"query latency    p50 {result['query_ms_p50']:.1f} ms, p95 {result['query_ms_p95']:.1f} ms",
        f"peak memory      {result['peak_rss_mib']} MiB (max RSS)",
        f"load average     {result['loadavg_1min']} (1 min) on {os.cpu_count()} cores"
        + ("  <- busy machine: wall-clock numbers are pessimistic" if _busy(result["loadavg_1min"]) else ""),
    ]
    if "cosine_vs_fp32_mean" in result:
        lines.append(
            f"cosine vs fp32   mean {result['cosine_vs_fp32_mean']:.4f}, min {result['cosine_vs_fp32_min']:.4f}"
        )
    return "\n".join(lines)
