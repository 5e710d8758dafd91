"""The answer kinds the build counts in each passage (``chunk_facts``): equal to what the
ranker counted per question before, kept in step with the passages, and filled for an index
built before the table without embedding anything."""

from __future__ import annotations

from corpus.answer_kinds import sentence_kinds, text_holds
from index.api import build_index, open_index
from index.store import schema
from index.store.chunk_facts import FACTS_VERSION, facts_stale


def _build(archive, settings, embedder):
    return build_index(archive, settings, embedder, progress=False)


def _chunks(reader) -> list[tuple[int, str, str]]:
    return reader.conn.execute(
        "SELECT c.id, c.text, f.folded FROM chunks c JOIN chunks_fts f ON f.rowid = c.id ORDER BY c.id"
    ).fetchall()


def test_every_passage_has_the_answer_kinds_it_holds(archive, fake_settings, fake_embedder):
    _build(archive, fake_settings, fake_embedder)
    reader = open_index(fake_settings, fake_embedder)
    rows = _chunks(reader)
    holds = reader.stored_holds([cid for cid, _, _ in rows])
    assert set(holds) == {cid for cid, _, _ in rows}
    for cid, text, folded in rows:
        assert holds[cid] == text_holds(text, folded)
    assert sum(h.when > 0 for h in holds.values()) > len(rows) / 4  # real directives are full of dates
    in_sentences = reader.stored_sentence_kinds([cid for cid, _, _ in rows])
    assert set(in_sentences) == {cid for cid, _, _ in rows}
    for cid, text, _ in rows:
        assert in_sentences[cid] == sentence_kinds(text)
    assert sum(len(found) for found in in_sentences.values()) > len(rows)  # several per passage
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
    new = [cid for cid, text, _ in _chunks(reader) if "mũi 4" in text]
    assert new
    holds = reader.stored_holds(new)
    assert holds[new[0]].when >= 1 and holds[new[0]].who >= 1
    reader.close()
    extra.unlink()
    _build(archive, fake_settings, fake_embedder)
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    marks = ",".join("?" * len(new))
    assert conn.execute(f"SELECT count(*) FROM chunk_facts WHERE chunk IN ({marks})", new).fetchone()[0] == 0
    assert (
        conn.execute(f"SELECT count(*) FROM sentence_facts WHERE chunk IN ({marks})", new).fetchone()[0] == 0
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
    conn.execute("DROP TABLE sentence_facts")  # as an index built before it
    conn.execute("DELETE FROM meta WHERE key LIKE 'chunk_facts%'")
    conn.execute("COMMIT")
    assert facts_stale(conn)
    conn.close()
    reader = open_index(fake_settings, fake_embedder)
    assert reader.stored_holds([cid for cid, _, _ in _chunks(reader)]) == {}
    assert reader.stored_sentence_kinds([cid for cid, _, _ in _chunks(reader)]) == {}
    reader.close()
    again = _build(archive, fake_settings, fake_embedder)
    assert again.chunks_embedded == 0 and again.sentences_embedded == 0
    conn = schema.connect(fake_settings.index_dir / schema.DB_NAME, readonly=True)
    assert not facts_stale(conn)
    assert schema.get_meta(conn, "chunk_facts_version") == FACTS_VERSION
    assert conn.execute("SELECT count(*) FROM chunk_facts").fetchone()[0] > 0
    assert (
        conn.execute("SELECT count(*) FROM sentence_facts").fetchone()[0]
        == conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    )
    conn.close()
