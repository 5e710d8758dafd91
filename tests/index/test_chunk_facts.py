"""What the build works out of each passage for the ranker (``chunk_facts``): the answer kinds
it holds and the vectors of its sentences, equal to what the ranker computed per question
before, kept in step with the passages, and filled for an index built before the table."""

from __future__ import annotations

import numpy as np

from corpus.answer_kinds import text_holds
from corpus.sentences import sentences
from index.api import build_index, open_index
from index.store import schema
from index.store.chunk_facts import FACTS_VERSION, facts_stale


def _build(archive, settings, embedder):
    return build_index(archive, settings, embedder, progress=False)


def _chunks(reader) -> list[tuple[int, str, str]]:
    return reader.conn.execute(
        "SELECT c.id, c.text, f.folded FROM chunks c JOIN chunks_fts f ON f.rowid = c.id ORDER BY c.id"
    ).fetchall()


def test_every_passage_has_its_answer_kinds_and_sentence_vectors(archive, fake_settings, fake_embedder):
    _build(archive, fake_settings, fake_embedder)
    reader = open_index(fake_settings, fake_embedder)
    rows = _chunks(reader)
    facts = reader.chunk_facts([cid for cid, _, _ in rows])
    assert set(facts) == {cid for cid, _, _ in rows}
    with_sentences = 0
    for cid, text, folded in rows:
        assert facts[cid].holds == text_holds(text, folded)
        spans = [text[a:b] for a, b in sentences(text)]
        stored = reader.stored_sentences(spans)
        expected = [stored[t] for t in spans if t in stored]
        assert len(facts[cid].sentences) == len(expected)
        if expected:
            with_sentences += 1
            # float16 on disk: cosines move by about 1e-3 at most
            assert np.allclose(facts[cid].sentences, np.vstack(expected), atol=2e-3)
    assert with_sentences >= 0.9 * len(rows)
    reader.close()


def test_facts_follow_added_and_removed_documents(archive, fake_settings, fake_embedder):
    _build(archive, fake_settings, fake_embedder)
    extra = archive / "them.txt"
    extra.write_text(
        "THÔNG BÁO\nSố: 77-TB/TU\nGiao Sở Y tế hoàn thành tiêm mũi 4 trước ngày 30/6/2022.\n",
        encoding="utf-8",
    )
    _build(archive, fake_settings, fake_embedder)
    reader = open_index(fake_settings, fake_embedder)
    rows = _chunks(reader)
    new = [cid for cid, text, _ in rows if "mũi 4" in text]
    assert new
    facts = reader.chunk_facts(new)
    assert facts[new[0]].holds.when >= 1 and facts[new[0]].holds.who >= 1
    reader.close()
    extra.unlink()
    _build(archive, fake_settings, fake_embedder)
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert (
        conn.execute(
            f"SELECT count(*) FROM chunk_facts WHERE chunk IN ({','.join('?' * len(new))})", new
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute("SELECT count(*) FROM chunk_facts").fetchone()[0]
        == conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    )
    conn.close()


def test_an_index_built_before_the_table_gets_it_at_its_next_build_without_embedding(
    archive, fake_settings, fake_embedder
):
    _build(archive, fake_settings, fake_embedder)
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM chunk_facts")
    conn.execute("DELETE FROM meta WHERE key LIKE 'chunk_facts%'")
    conn.execute("COMMIT")
    assert facts_stale(conn, fake_embedder.fingerprint)
    conn.close()
    reader = open_index(fake_settings, fake_embedder)
    assert reader.chunk_facts([cid for cid, _, _ in _chunks(reader)]) == {}
    reader.close()
    again = _build(archive, fake_settings, fake_embedder)
    assert again.chunks_embedded == 0 and again.sentences_embedded == 0
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert not facts_stale(conn, fake_embedder.fingerprint)
    assert schema.get_meta(conn, "chunk_facts_version").startswith(FACTS_VERSION + "/")
    assert conn.execute("SELECT count(*) FROM chunk_facts WHERE sentences IS NOT NULL").fetchone()[0] > 0
    conn.close()


def test_without_sentence_vectors_the_facts_hold_answer_kinds_only(archive, fake_settings, fake_embedder):
    without = fake_settings.with_(sentence_vectors=False)
    _build(archive, without, fake_embedder)
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert conn.execute("SELECT count(*) FROM chunk_facts WHERE sentences IS NOT NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM chunk_facts").fetchone()[0] > 0
    conn.close()
    # Turned on: the next build stores the sentence vectors and reads every passage again.
    _build(archive, fake_settings, fake_embedder)
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert conn.execute("SELECT count(*) FROM chunk_facts WHERE sentences IS NOT NULL").fetchone()[0] > 0
    conn.close()
