"""python -m index bench: query latency, build time, size and memory on synthetic scale-ups.

Scale-ups reuse the real chunks and embeddings of an index already built in the
data folder (texts repeated, vectors jittered and renormalised), so 100k vectors
take minutes, not days of embedding. Query embedding is excluded from latencies:
questions are embedded once up front.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from config import Settings
from index.errors import NoIndex
from index.records import Filters
from index.retrieval.dense import dense_candidates, dense_text
from index.retrieval.lexical import lexical_candidates
from index.retrieval.query import parse_query
from index.retrieval.search import search_parsed
from index.store import schema as store
from index.store import vectors
from index.store.embedding_cache import EmbeddingCache
from index.store.manifest import FORMAT_VERSION, Manifest
from index.store.reader import IndexReader
from index.store.schema import DB_NAME


class _PrecomputedQueries:
    """Embedder stand-in that answers queries from vectors computed beforehand."""

    def __init__(self, real, table: dict[str, np.ndarray]) -> None:
        self.real, self.table = real, table
        self.fingerprint, self.dim, self.name = real.fingerprint, real.dim, real.name

    def embed(self, texts, kind, show_progress=False):
        return np.vstack([self.table[t] for t in texts])


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Current resident memory (Linux), to measure what loading an index adds."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * resource.getpagesize() / 2**20


def hnsw_recall(big: np.ndarray, queries: np.ndarray, k: int = 10) -> dict:
    """Recall@k of HNSW against exact search on the same vectors, and its query time."""
    import faiss

    flat = faiss.IndexFlatIP(big.shape[1])
    flat.add(big)
    hnsw = faiss.IndexHNSWFlat(big.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    t = time.perf_counter()
    hnsw.add(big)
    build = time.perf_counter() - t
    hnsw.hnsw.efSearch = 128
    _, exact = flat.search(queries, k)
    t = time.perf_counter()
    _, approx = hnsw.search(queries, k)
    per_query = (time.perf_counter() - t) * 1000 / len(queries)
    recall = np.mean([len(set(a) & set(e)) / k for a, e in zip(approx, exact)])
    return {"recall@10": round(float(recall), 4), "build_s": round(build, 1), "query_ms": round(per_query, 2)}


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _source(settings: Settings):
    db = settings.index_dir / DB_NAME
    if not db.exists():
        raise NoIndex(
            f"No index in {settings.index_dir} to scale up: run `python -m index build ARCHIVE_DIR` first."
        )
    conn = store.connect(db, readonly=True)
    rows = conn.execute("SELECT text, section, heading, text_hash FROM chunks ORDER BY id").fetchall()
    manifest = Manifest.from_json(store.get_meta(conn, "manifest") or "{}")
    conn.close()
    return rows, manifest


def jitter_copies(vecs: np.ndarray, originals: int) -> np.ndarray:
    """The rows past the first ``originals`` (repeats of them) moved by a little noise (seed 0,
    σ 0.02) and renormalised, so that copies do not tie with their originals; in place."""
    rng = np.random.default_rng(0)
    vecs[originals:] += rng.normal(0, 0.02, size=vecs[originals:].shape).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs


def build_scaled(rows, vecs: np.ndarray, n: int, out: Path, fingerprint: str, hnsw_threshold: int) -> float:
    t0 = time.perf_counter()
    conn = store.connect(out / DB_NAME)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO documents(id, doc_id, path, content_hash, fmt, text) VALUES(1, 'synthetic', '', '', 'txt', '')"
    )
    from corpus.vietnamese import fold

    batch_c, batch_f = [], []
    for i in range(n):
        text, section, heading, th = rows[i % len(rows)]
        batch_c.append((i + 1, i, text, section, heading, th))
        batch_f.append((i + 1, fold(store.passage_body(heading, text))))
        if len(batch_c) == 5000 or i == n - 1:
            conn.executemany(
                "INSERT INTO chunks(id, doc, ordinal, start, end, text, section, heading, text_hash) "
                "VALUES(?, 1, ?, 0, 0, ?, ?, ?, ?)",
                batch_c,
            )
            conn.executemany("INSERT INTO chunks_fts(rowid, folded) VALUES(?,?)", batch_f)
            batch_c, batch_f = [], []
    store.refresh_term_df(conn)
    reps = -(-n // len(vecs))
    big = jitter_copies(np.tile(vecs, (reps, 1))[:n], len(vecs))
    index = vectors.build_index(np.arange(1, n + 1), big, hnsw_threshold)
    vectors.write_atomic(index, out / "vectors-000001.faiss")
    m = Manifest(
        FORMAT_VERSION,
        "bench",
        fingerprint,
        vecs.shape[1],
        0,
        0,
        "",
        "",
        1,
        n,
        "hnsw" if n > hnsw_threshold else "flat",
    )
    store.set_meta(conn, "manifest", m.to_json())
    store.set_meta(conn, "generation", "1")
    store.set_meta(conn, "vectors_file", "vectors-000001.faiss")
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - t0, big


def _pct(values: list[float]) -> dict:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(values[int(0.95 * (len(values) - 1))], 2),
    }


def run(settings: Settings, sizes: list[int], n_queries: int) -> list[dict]:
    from embedder import load_embedder

    rows, manifest = _source(settings)
    embedder = load_embedder(settings)
    cache = EmbeddingCache(settings.cache_path)
    vecs = cache.get(manifest.model_fingerprint, [r[3] for r in rows], manifest.dim)
    cache.close()
    rng = np.random.default_rng(1)
    picks = rng.choice(len(rows), size=min(n_queries, len(rows)), replace=False)
    # Questions: the opening words of random passages, as an official might type them.
    queries = [" ".join(rows[i][0].split()[:12]) for i in picks]
    table = dict(zip(queries, embedder.embed(queries, "query")))
    results = []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="chithi-bench-"))
        try:
            s = settings.with_(data_dir=tmp, index_name="index")
            (tmp / "index").mkdir()
            build_s, big = build_scaled(
                rows, vecs, n, tmp / "index", embedder.fingerprint, settings.hnsw_threshold
            )
            rss_before = _rss_mb()
            reader = IndexReader(s, _PrecomputedQueries(embedder, table))
            index_rss = _rss_mb() - rss_before
            lat = {"dense": [], "lexical": [], "hybrid": []}
            for q in queries:
                pq = parse_query(q)
                with reader.snapshot():
                    t = time.perf_counter()
                    dense_candidates(
                        reader, reader.embed_query(dense_text(reader, pq)), None, s.ranking.candidates
                    )
                    lat["dense"].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    lexical_candidates(reader, pq, None, s.ranking.candidates)
                    lat["lexical"].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    search_parsed(reader, pq, 10, Filters())
                    lat["hybrid"].append((time.perf_counter() - t) * 1000)
            raw_mb = big.nbytes / 2**20
            results.append(
                {
                    "vectors": n,
                    "index": "hnsw" if n > settings.hnsw_threshold else "flat",
                    "build_s": round(build_s, 1),
                    "disk_mb": round(_dir_mb(tmp / "index"), 1),
                    "raw_vectors_mb": round(raw_mb, 1),
                    "index_rss_mb": round(index_rss, 1),
                    "peak_rss_mb": round(_peak_mb(), 1),
                    "hnsw_vs_exact": hnsw_recall(big, np.vstack(list(table.values())).astype(np.float32)),
                    "latency_ms": {k: _pct(v) for k, v in lat.items()},
                }
            )
            reader.close()
            del big
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return results


def main(args: argparse.Namespace, settings: Settings) -> int:
    sizes = [int(x) for x in args.sizes.split(",") if x]
    if getattr(args, "corpus", None):
        from index.evaluation.evaluate import eval_settings

        settings = eval_settings(settings, Path(args.corpus))
    results = run(settings, sizes, args.queries)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        lat = r["latency_ms"]
        print(
            f"{r['vectors']:>9,} vectors ({r['index']}): build {r['build_s']} s, disk {r['disk_mb']} MB, "
            f"raw vectors {r['raw_vectors_mb']} MB, index in memory {r['index_rss_mb']} MB, "
            f"peak RSS {r['peak_rss_mb']} MB"
        )
        h = r["hnsw_vs_exact"]
        print(
            f"    HNSW(M=32, ef=128) vs exact: recall@10 {h['recall@10']}, build {h['build_s']} s, "
            f"{h['query_ms']} ms/query"
        )
        print("    " + "  ".join(f"{k} p50 {v['p50']} ms p95 {v['p95']} ms" for k, v in lat.items()))
    return 0
