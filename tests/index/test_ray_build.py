"""Builds that embed on Ray (``--ray local``): the same index as a single-process build, and
a killed Ray build leaves the previous index usable. A local Ray with 2 CPUs and the fake
embedder: plumbing (which vector lands on which chunk), not search quality."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.api import build_index, open_index, search, stats
from index.store import ray_embed
from index.store.schema import DB_NAME

ray = pytest.importorskip("ray", reason="Ray is in requirements.txt; this test runs wherever it is installed")
pytestmark = pytest.mark.ray
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env=ray_embed.runtime_env())
    yield
    ray.shutdown()


def _chunks_and_vectors(settings) -> tuple[list[tuple], np.ndarray]:
    folder = settings.index_dir
    with sqlite3.connect(folder / DB_NAME) as conn:
        rows = conn.execute(
            "SELECT c.id, d.doc_id, c.ordinal, c.text FROM chunks c JOIN documents d ON d.id = c.doc "
            "ORDER BY d.doc_id, c.ordinal"
        ).fetchall()
        name = conn.execute("SELECT value FROM meta WHERE key='vectors_file'").fetchone()[0]
    index = faiss.read_index(str(folder / name))
    vecs = np.vstack([index.reconstruct(int(r[0])) for r in rows])
    return [r[1:] for r in rows], vecs


def test_ray_build_equals_single_process_build(local_ray, archive, tmp_path, fake_embedder):
    from config import load_settings

    plain = load_settings(data_dir=tmp_path / "plain")
    on_ray = load_settings(data_dir=tmp_path / "ray", ray="local")
    a = build_index(archive, plain, fake_embedder, progress=False)
    b = build_index(archive, on_ray, fake_embedder, progress=False)
    assert b.chunks_embedded == a.chunks_embedded > 50  # every chunk went through the actors
    chunks_a, vecs_a = _chunks_and_vectors(plain)
    chunks_b, vecs_b = _chunks_and_vectors(on_ray)
    assert chunks_a == chunks_b
    assert np.abs(vecs_a - vecs_b).max() < 1e-5
    # Nothing left to embed: a second Ray build finds every vector in the cache.
    assert build_index(archive, on_ray, fake_embedder, progress=False).chunks_embedded == 0


def test_worker_with_another_embedder_is_refused(local_ray, archive, fake_settings, fake_embedder):
    from embedder import HashingEmbedder
    from index.store.embedding_cache import EmbeddingCache

    cache = EmbeddingCache(fake_settings.cache_path)
    try:
        make = ray_embed.embedder_factory(HashingEmbedder(dim=fake_embedder.dim // 2), fake_settings)
        with pytest.raises(RuntimeError, match="configure every node"):
            ray_embed.fill_with_ray(cache, fake_embedder.fingerprint, [("h1", "một"), ("h2", "hai")], make)
        assert cache.missing(fake_embedder.fingerprint, ["h1", "h2"]) == {"h1", "h2"}
    finally:
        cache.close()


def _state(reader) -> tuple[int, int]:
    assert search(reader, "tiêm vắc xin", k=5), "the index must stay searchable"
    s = stats(reader)
    return s.documents, s.chunks


def test_killed_ray_build_keeps_previous_index(archive, fake_settings, fake_embedder):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    reader = open_index(fake_settings, fake_embedder)
    base = _state(reader)
    sources = sorted(p for p in archive.iterdir() if p.suffix in {".md", ".txt"})
    for i in range(20):
        src = sources[i % len(sources)]
        # Every paragraph changed, so every chunk of the new documents is new to the cache.
        paragraphs = src.read_text(encoding="utf-8-sig").split("\n\n")
        text = "\n\n".join(f"{p} (bản sao {i})" for p in paragraphs)
        (archive / f"grown-{i:02d}{src.suffix}").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        str(ROOT / "tests/index/slow_build.py"),
        str(archive),
        str(fake_settings.data_dir),
        "ray",
    ]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    cache = fake_settings.cache_path
    with sqlite3.connect(cache) as conn:
        before = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        # Kill once the Ray workers have streamed a first batch into the cache.
        with sqlite3.connect(cache) as conn:
            cached = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
        if cached > before:
            break
        time.sleep(0.2)
    assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and the local Ray it started
    proc.wait(timeout=30)
    assert _state(reader) == base
    final = build_index(archive, fake_settings, fake_embedder, progress=False)
    assert _state(reader)[0] == base[0] + 20
    with sqlite3.connect(cache) as conn:
        after = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    assert 0 < final.chunks_embedded < after - before  # the killed build's batches were kept
