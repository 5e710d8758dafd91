"""Lexical retrieval: folded BM25 (FTS5) with exact accented forms preferred; format upgrade."""

from __future__ import annotations

import sqlite3

from index.api import build_index, open_index, search
from index.retrieval.lexical import lexical_candidates
from index.retrieval.query import parse_query
from index.store.schema import DB_NAME

# Both passages hold the folded words "the" and "thao"; only the first holds "thể thao" as
# typed, the second says "thế" and "dự thảo" — more often, so folded BM25 alone ranks it first.
SPORT = "Phong trào thể dục thể thao.\n"
DRAFT = "Dự thảo thế này, dự thảo thế kia.\n"


def _index(tmp_path, fake_settings, fake_embedder):
    archive = tmp_path / "forms"
    archive.mkdir()
    (archive / "the-thao.txt").write_text(SPORT, encoding="utf-8")
    (archive / "du-thao.txt").write_text(DRAFT, encoding="utf-8")
    # Other documents, so that both words are rare enough for BM25 to weigh them.
    for i, topic in enumerate(["phòng chống dịch", "ứng phó bão lũ", "chuyển đổi số", "cải cách hành chính"]):
        (archive / f"other-{i}.txt").write_text(f"Kế hoạch {topic} của tỉnh năm 2022.\n", encoding="utf-8")
    build_index(archive, fake_settings, fake_embedder, progress=False)
    return open_index(fake_settings, fake_embedder)


def _docs(reader, query: str, weight: float) -> list[str]:
    with reader.snapshot():
        reader.settings = reader.settings.with_(exact_weight=weight)
        ids = [cid for cid, _ in lexical_candidates(reader, parse_query(query), None, 10)]
        return [
            reader.conn.execute(
                "SELECT d.doc_id FROM chunks c JOIN documents d ON d.id=c.doc WHERE c.id=?", (i,)
            ).fetchone()[0]
            for i in ids
        ]


def test_exact_accented_form_is_preferred(tmp_path, fake_settings, fake_embedder):
    reader = _index(tmp_path, fake_settings, fake_embedder)
    assert _docs(reader, "thể thao", weight=0.0)[0] == "du-thao.txt"  # folding alone confuses them
    assert _docs(reader, "thể thao", weight=fake_settings.ranking.exact_weight)[0] == "the-thao.txt"
    # Typed without accents, both forms are equal candidates: no preference is invented.
    assert set(_docs(reader, "the thao", weight=fake_settings.ranking.exact_weight)) == {
        "the-thao.txt",
        "du-thao.txt",
    }


def test_index_of_an_older_format_is_rebuilt_by_build(archive, fake_settings, fake_embedder):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    db = fake_settings.index_dir / DB_NAME
    conn = sqlite3.connect(db)
    manifest = conn.execute("SELECT value FROM meta WHERE key='manifest'").fetchone()[0]
    conn.execute(
        "UPDATE meta SET value=? WHERE key='manifest'",
        (manifest.replace('"format_version": 2', '"format_version": 1'),),
    )
    conn.commit()
    conn.close()
    report = build_index(archive, fake_settings, fake_embedder, progress=False)
    assert report.updated and report.chunks_embedded == 0  # re-chunked, embeddings from the cache
    reader = open_index(fake_settings, fake_embedder)
    assert reader.manifest.format_version == 2
    assert search(reader, "cong dien ung pho bao", k=1)[0].doc.doc_id.startswith("2023-07-17-cong-dien-09")


def test_dates_pick_documents_and_words_pick_passages():
    from rows_support import chunk_row

    from index.retrieval.fusion import Candidate
    from index.retrieval.within_document import passages_by_question

    # Document 1's opening (chunk 10) repeats the question's date and outranks its answer
    # (chunk 11) only by the date bonus; document 2 sits between them.
    ranked = [Candidate(10, score=0.045), Candidate(20, score=0.040), Candidate(11, score=0.035)]
    rows = {10: chunk_row(10, 1), 11: chunk_row(11, 1), 20: chunk_row(20, 2)}
    base = {10: 0.025, 11: 0.033, 20: 0.030}  # scores without the date bonus
    order = [c.chunk_id for c in passages_by_question(ranked, rows, base, {})]
    assert order == [11, 20, 10]  # document 1 keeps first place, shown by its answer
