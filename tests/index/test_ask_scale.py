"""The whole-answer scale-up (``python -m index bench --ask``): the copy holds the real index's
documents and passages repeated with their build-time facts, and every question is answered."""

from __future__ import annotations

import json

from index.api import build_index
from index.evaluation.ask_scale import _copy_index, run
from index.store import schema
from index.store.embedding_cache import EmbeddingCache
from index.store.manifest import Manifest


def test_the_copy_repeats_documents_passages_and_facts(archive, fake_settings, fake_embedder, tmp_path):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    source = fake_settings.index_dir / schema.DB_NAME
    conn = schema.connect(source, readonly=True)
    manifest = Manifest.from_json(schema.get_meta(conn, "manifest"))
    chunks, docs = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("chunks", "documents"))
    conn.close()
    out = tmp_path / "scaled"
    out.mkdir()
    n = 2 * chunks + 5
    cache = EmbeddingCache(fake_settings.cache_path)
    _copy_index(source, out, n, cache, manifest, "", 10**9)
    cache.close()
    copy = schema.connect(out / schema.DB_NAME, readonly=True)
    count = lambda sql: copy.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM chunks") == n == count("SELECT count(*) FROM chunk_facts")
    assert count("SELECT count(*) FROM sentence_facts") == n
    assert count("SELECT count(*) FROM chunks_fts") == n
    assert count("SELECT count(*) FROM documents") == 3 * docs
    # Every passage belongs to a document with the metadata of its original.
    assert (
        count("SELECT count(*) FROM chunks c LEFT JOIN documents d ON d.id = c.doc WHERE d.id IS NULL") == 0
    )
    assert count("SELECT count(DISTINCT number_key) FROM documents") <= docs
    assert Manifest.from_json(schema.get_meta(copy, "manifest")).chunks == n
    copy.close()


def test_every_question_is_answered_at_each_size(archive, fake_settings, fake_embedder, tmp_path):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    questions = tmp_path / "q.jsonl"
    lines = ["Mục tiêu tiêm vắc xin tháng 2/2022?", "Ai chủ trì hội nghị?", "What are the vaccine targets?"]
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in lines), encoding="utf-8")
    results = run(fake_settings, fake_embedder, [50, 150], questions, 10)
    assert [r["passages"] for r in results] == [50, 150]
    assert all(r["questions"] == 3 and r["ask_ms"]["p50"] > 0 for r in results)
