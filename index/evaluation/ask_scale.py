"""python -m index bench --ask QUESTIONS: the whole answer (``ask``, as the page and the API
call it) on an index scaled up from a real one, to see what an office's archive of 100,000
passages costs a question.

The scale-up copies the real index's documents (new ids and doc_ids, same metadata) and their
passages as many times as the size needs, with their build-time facts (``chunk_facts``,
``sentence_facts``), accent forms and term counts; vectors are the real ones, jittered for the
copies (the search scale-up's recipe, ``index.evaluation.bench``). Questions are embedded by the
real model, as users get them. What it cannot show: answers (copies tie with their originals),
only time.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from config import Settings
from index.answer.ask import ask
from index.evaluation.bench import jitter_copies
from index.evaluation.evaluate import load_questions
from index.evaluation.latency import p95
from index.retrieval.ranker import configured_ranker
from index.store import schema, vectors
from index.store.embedding_cache import EmbeddingCache
from index.store.manifest import Manifest
from index.store.reader import IndexReader


def _copy_index(
    source: Path,
    out: Path,
    n: int,
    cache: EmbeddingCache,
    manifest: Manifest,
    ranker: str,
    hnsw_threshold: int,
) -> None:
    """An index of ``n`` passages in ``out``: the source's documents and passages repeated."""
    conn = schema.connect(out / schema.DB_NAME)
    conn.execute(f"ATTACH DATABASE '{source.as_posix()}' AS src")
    conn.execute("BEGIN")
    ids = [r[0] for r in conn.execute("SELECT id FROM src.chunks ORDER BY id")]
    offset = conn.execute("SELECT max(id) FROM src.documents").fetchone()[0] + 1
    reps = -(-n // len(ids))
    columns = [r[1] for r in conn.execute("PRAGMA src.table_info(documents)")]
    picked = ", ".join(
        f"id + {offset} * :rep" if c == "id" else "doc_id || '~' || :rep" if c == "doc_id" else c
        for c in columns
    )
    for rep in range(reps):
        conn.execute(
            f"INSERT INTO documents({', '.join(columns)}) SELECT {picked} FROM src.documents", {"rep": rep}
        )
    new_id = 0
    mapping: list[tuple[int, int]] = []
    for rep in range(reps):
        take = ids[: n - rep * len(ids)] if (rep + 1) * len(ids) > n else ids
        first = new_id + 1
        conn.execute(
            "INSERT INTO chunks(id, doc, ordinal, start, end, text, section, page, heading, text_hash) "
            "SELECT id - :low + :first, doc + :offset * :rep, ordinal, start, end, text, section, page, heading, "
            "text_hash FROM src.chunks WHERE id BETWEEN :low AND :high",
            {"low": take[0], "high": take[-1], "first": first, "offset": offset, "rep": rep},
        )
        conn.execute(
            "INSERT INTO chunks_fts(rowid, folded) SELECT rowid - :low + :first, folded FROM src.chunks_fts "
            "WHERE rowid BETWEEN :low AND :high",
            {"low": take[0], "high": take[-1], "first": first},
        )
        conn.execute(
            "INSERT INTO chunk_facts(chunk, who, when_, amount, number) SELECT chunk - :low + :first, who, when_, "
            "amount, number FROM src.chunk_facts WHERE chunk BETWEEN :low AND :high",
            {"low": take[0], "high": take[-1], "first": first},
        )
        conn.execute(
            "INSERT INTO sentence_facts(chunk, sentences) SELECT chunk - :low + :first, sentences "
            "FROM src.sentence_facts WHERE chunk BETWEEN :low AND :high",
            {"low": take[0], "high": take[-1], "first": first},
        )
        mapping += [(cid - take[0] + first, cid) for cid in take]
        new_id = mapping[-1][0]
    conn.execute("INSERT INTO accent_forms SELECT * FROM src.accent_forms")
    schema.refresh_term_df(conn)
    hashes = dict(conn.execute("SELECT id, text_hash FROM src.chunks"))
    vecs = cache.get(manifest.model_fingerprint, [hashes[src] for _, src in mapping], manifest.dim)
    vecs = jitter_copies(vecs, len(ids))  # mapping lists the originals first
    index = vectors.build_index(np.array([new for new, _ in mapping]), vecs, hnsw_threshold)
    vectors.write_atomic(index, out / "vectors-000001.faiss")
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    scaled = replace(manifest, documents=docs, chunks=len(mapping), ranker=ranker)
    schema.set_meta(conn, "manifest", scaled.to_json())
    schema.set_meta(conn, "generation", "1")
    schema.set_meta(conn, "vectors_file", "vectors-000001.faiss")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE src")
    conn.close()


def run(settings: Settings, embedder, sizes: list[int], questions_file: Path, limit: int) -> list[dict]:
    source = settings.index_dir / schema.DB_NAME
    conn = schema.connect(source, readonly=True)
    manifest = Manifest.from_json(schema.get_meta(conn, "manifest") or "{}")
    conn.close()
    ranker = configured_ranker(settings)
    questions = [q["question"] for q in load_questions(questions_file, limit)]
    cache = EmbeddingCache(settings.cache_path)
    results = []
    try:
        for n in sizes:
            tmp = Path(tempfile.mkdtemp(prefix="chithi-ask-scale-"))
            try:
                s = settings.with_(data_dir=tmp, index_name="index")
                (tmp / "index").mkdir()
                t0 = time.perf_counter()
                fingerprint = ranker.fingerprint if ranker else ""
                _copy_index(source, tmp / "index", n, cache, manifest, fingerprint, settings.hnsw_threshold)
                built = time.perf_counter() - t0
                # The highlighter's sentence vectors: the real embedding cache, read only.
                (tmp / settings.cache_path.name).symlink_to(settings.cache_path)
                reader = IndexReader(s, embedder)
                ask(reader, questions[0])  # warm: the FAISS file read, the first query
                times = []
                for question in questions:
                    t = time.perf_counter()
                    ask(reader, question)
                    times.append((time.perf_counter() - t) * 1000)
                reader.close()
                results.append(
                    {
                        "passages": n,
                        "copy_s": round(built, 1),
                        "questions": len(times),
                        "ask_ms": {
                            "p50": round(statistics.median(times), 1),
                            "p95": round(p95(times), 1),
                            "max": round(max(times), 1),
                        },
                    }
                )
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        cache.close()
    return results


def main(args, settings: Settings) -> int:
    from embedder import load_embedder
    from index.evaluation.evaluate import eval_settings

    sizes = [int(x) for x in args.sizes.split(",") if x]
    if getattr(args, "corpus", None):
        settings = eval_settings(settings, Path(args.corpus))
    embedder = load_embedder(settings)
    for r in run(settings, embedder, sizes, Path(args.ask), args.queries):
        a = r["ask_ms"]
        print(
            f"{r['passages']:>9,} passages: ask p50 {a['p50']} ms, p95 {a['p95']} ms, max {a['max']} ms "
            f"({r['questions']} questions; index copied in {r['copy_s']} s)"
        )
    return 0
