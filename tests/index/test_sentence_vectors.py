"""Sentence vectors stored at build time: every sentence once, found again by an answer,
the build's cost paid once per model, and an answer that embeds no sentence."""

from __future__ import annotations

import numpy as np

from corpus.sentences import sentences
from index.api import ask, build_index, open_index
from index.store import schema
from index.store.sentence_vectors import COVERED, sentence_items


def _build(archive, settings, embedder):
    return build_index(archive, settings, embedder, progress=False)


def test_sentence_items_are_distinct_and_shortest_first():
    text = (
        "Tiêm mũi 3 cho 90% người từ 18 tuổi trở lên.\nHoàn thành trước ngày 28/02/2022.\n"
        "Tiêm mũi 3 cho 90% người từ 18 tuổi trở lên.\n"
    )
    items = sentence_items([text, text])
    assert [t for _, t in items] == [
        "Hoàn thành trước ngày 28/02/2022.",
        "Tiêm mũi 3 cho 90% người từ 18 tuổi trở lên.",
    ]


def test_build_stores_each_sentence_once_and_again_only_what_is_new(archive, fake_settings, fake_embedder):
    first = _build(archive, fake_settings, fake_embedder)
    assert first.sentences_embedded > first.chunks_embedded > 0
    again = _build(archive, fake_settings, fake_embedder)
    assert again.sentences_embedded == 0
    extra = archive / "them.txt"
    extra.write_text(
        "THÔNG BÁO\nSố: 77-TB/TU\nGiao Sở Y tế hoàn thành tiêm mũi 4 trước ngày 30/6/2022.\n",
        encoding="utf-8",
    )
    added = _build(archive, fake_settings, fake_embedder)
    assert 0 < added.sentences_embedded <= 3


def test_an_index_built_before_sentence_vectors_gets_them_at_its_next_build(
    archive, fake_settings, fake_embedder
):
    without = fake_settings.with_(sentence_vectors=False)
    assert _build(archive, without, fake_embedder).sentences_embedded == 0
    filled = _build(archive, fake_settings, fake_embedder)
    assert filled.sentences_embedded > 0
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert schema.get_meta(conn, COVERED) == fake_embedder.fingerprint
    conn.close()
    reader = open_index(fake_settings, fake_embedder)
    text = reader.conn.execute("SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    sample = [text[a:b] for a, b in sentences(text)][:5]
    stored = reader.stored_sentences(sample)
    assert set(stored) == set(sample)
    assert np.allclose(
        np.vstack([stored[t] for t in sample]), fake_embedder.embed(sample, "passage"), atol=1e-6
    )


def test_an_answer_reads_stored_sentence_vectors_instead_of_embedding(sample_index, monkeypatch):
    """The vaccine question, with the real model: the same cited passages and highlight,
    and no sentence embedded while the official waits."""
    question = "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?"
    sample_index._sentence_cache.clear()
    calls: list[str] = []
    embed = sample_index.embedder.embed

    def spy(texts, kind, **kw):
        calls.append(kind)
        return embed(texts, kind, **kw)

    monkeypatch.setattr(sample_index.embedder, "embed", spy)
    answer = ask(sample_index, question)
    assert answer.found and "508-TB/TU" in answer.citations[0].label
    assert "passage" not in calls
    first = answer.citations[0]
    assert any("28/02/2022" in first.passage[a:b] or "90%" in first.passage[a:b] for a, b in first.highlights)
