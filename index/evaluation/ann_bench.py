"""``python -m index bench --ann``: where FAISS flat stops being enough, and what replaces it.

Flat (exact), HNSW (what the build switches to past ``hnsw_threshold``) and IVF-PQ (a
compressed index for when the vectors no longer fit in memory) on the same vectors: the
index's real chunk vectors, repeated with jitter up to each size (as ``bench`` does), and
200 questions-like queries (real vectors, perturbed). Recall@10 is against exact search;
memory is the serialised index size (what a reader holds in RAM); latency is one query at
a time on one thread, as the search service asks.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from config import Settings
from index.errors import NoIndex
from index.store import schema as store
from index.store import vectors

K = 10


def _real_vectors(settings: Settings) -> np.ndarray:
    import faiss

    db = settings.index_dir / store.DB_NAME
    if not db.exists():
        raise NoIndex(f"No index in {settings.index_dir}: build one first (its vectors are scaled up).")
    conn = store.connect(db, readonly=True)
    name = store.get_meta(conn, "vectors_file")
    conn.close()
    index = vectors.read(settings.index_dir / str(name))
    inner = faiss.downcast_index(index.index) if hasattr(index, "index") else index  # under the IDMap
    return inner.reconstruct_n(0, inner.ntotal)


def scaled(base: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    big = np.tile(base, (-(-n // len(base)), 1))[:n].copy()
    big[len(base) :] += rng.normal(0, 0.02, size=big[len(base) :].shape).astype(np.float32)
    big /= np.linalg.norm(big, axis=1, keepdims=True)
    return np.ascontiguousarray(big, dtype=np.float32)


def _timed_search(index, queries: np.ndarray) -> tuple[np.ndarray, float, float]:
    import faiss

    faiss.omp_set_num_threads(1)
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), K)
        times.append((time.perf_counter() - t) * 1000)
        found.append(ids[0])
    times.sort()
    return np.array(found), times[len(times) // 2], times[int(0.95 * (len(times) - 1))]


def _row(name: str, index, build_s: float, queries: np.ndarray, exact: np.ndarray | None) -> dict:
    import faiss

    found, p50, p95 = _timed_search(index, queries)
    recall = (
        1.0 if exact is None else float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, exact)]))
    )
    return {
        "index": name,
        "build_s": round(build_s, 1),
        "memory_mb": round(faiss.serialize_index(index).nbytes / 2**20, 1),
        "query_ms_p50": round(p50, 2),
        "query_ms_p95": round(p95, 2),
        "recall@10": round(recall, 4),
    }, found


def run_size(base: np.ndarray, n: int, n_queries: int = 200, hnsw_max: int = 1_000_000) -> list[dict]:
    import faiss

    big = scaled(base, n)
    rng = np.random.default_rng(1)
    queries = base[rng.choice(len(base), n_queries, replace=False)] + rng.normal(
        0, 0.05, (n_queries, base.shape[1])
    )
    queries = np.ascontiguousarray(queries / np.linalg.norm(queries, axis=1, keepdims=True), dtype=np.float32)
    faiss.omp_set_num_threads(0)
    dim = big.shape[1]
    rows = []
    t = time.perf_counter()
    flat = faiss.IndexFlatIP(dim)
    flat.add(big)
    row, exact = _row("flat (exact)", flat, time.perf_counter() - t, queries, None)
    rows.append(row)
    if n <= hnsw_max:
        faiss.omp_set_num_threads(0)
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        hnsw.add(big)
        hnsw.hnsw.efSearch = 128
        rows.append(_row("HNSW M=32 ef=128", hnsw, time.perf_counter() - t, queries, exact)[0])
    faiss.omp_set_num_threads(0)
    nlist = int(4 * np.sqrt(n))
    t = time.perf_counter()
    quantizer = faiss.IndexFlatIP(dim)
    ivfpq = faiss.IndexIVFPQ(quantizer, dim, nlist, 48, 8, faiss.METRIC_INNER_PRODUCT)
    ivfpq.train(big[rng.choice(n, min(n, 40 * nlist), replace=False)])
    ivfpq.add(big)
    built = time.perf_counter() - t
    for nprobe in (16, 64):
        ivfpq.nprobe = nprobe
        rows.append(_row(f"IVF{nlist}-PQ48 nprobe={nprobe}", ivfpq, built, queries, exact)[0])
    refine = faiss.IndexRefineFlat(ivfpq, faiss.swig_ptr(big))
    refine.k_factor = 4
    ivfpq.nprobe = 64
    row = _row("  + exact re-rank of 40 (vectors on disk)", refine, built, queries, exact)[0]
    row["memory_mb"] = rows[-1]["memory_mb"]  # the full vectors for the re-rank are read from disk
    rows.append(row)
    for r in rows:
        r["vectors"] = n
    return rows


def report(rows: list[dict]) -> str:
    lines = ["| vectors | index | build s | memory MB | query p50 / p95 ms (1 thread) | recall@10 vs exact |"]
    lines.append("|---|---|---|---|---|---|")
    for r in rows:
        lines.append(
            f"| {r['vectors']:,} | {r['index']} | {r['build_s']} | {r['memory_mb']} "
            f"| {r['query_ms_p50']} / {r['query_ms_p95']} | {r['recall@10']:.3f} |"
        )
    return "\n".join(lines)


def main(args: argparse.Namespace, settings: Settings) -> int:
    import os

    base = _real_vectors(settings)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows += run_size(base, n, n_queries=args.queries)
    print(json.dumps(rows) if getattr(args, "json", False) else report(rows))
    print(f"\n(base: {len(base):,} real vectors; load average {os.getloadavg()[0]:.1f} at the end)")
    return 0
