"""Typed relations in the index: stored with each reference, filled for an index built before them,
shown as a document's standing ("còn hiệu lực?"), and among a timeline's documents.

Plumbing only (the hashing embedder): the sample archive plus Quyết định số 512/QĐ-UBND of 2020
(tests/data/relations/, fictional like the sample archive, written in its style), the decision
that the sample's Quyết định số 2950/QĐ-UBND says it replaces."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index.api import build_index, find_by_number, get_document, open_index, standing_lines
from index.store.relations import edges_among
from index.store.schema import DB_NAME

DATA = Path(__file__).resolve().parents[1] / "data" / "relations"
OLD = "2020-02-03-quyet-dinh-512-QD-UBND-ban-chi-dao.md"
NEW = "2021-10-25-quyet-dinh-2950-QD-UBND-ban-chi-dao.md"
CHI_THI = "2021-10-18-chi-thi-18-CT-TU-thich-ung-an-toan.md"


@pytest.fixture
def with_replaced(archive: Path, fake_settings, fake_embedder):
    shutil.copy(DATA / OLD, archive / OLD)
    build_index(archive, fake_settings, fake_embedder, progress=False)
    reader = open_index(fake_settings, fake_embedder)
    yield reader
    reader.close()


def test_a_replaced_document_says_by_which(with_replaced) -> None:
    view = get_document(with_replaced, OLD)
    assert [link.doc_id for link in view.standing.replaced_by] == [NEW]
    link = view.standing.replaced_by[0]
    assert link.kind == "replaces" and "thay thế Quyết định số 512/QĐ-UBND" in link.evidence
    assert view.standing.stated
    assert standing_lines(view.standing)[0] == "Bị thay thế bởi Quyết định số 2950/QĐ-UBND ngày 25/10/2021"
    # The replacing document lists it as the one it replaces.
    cites = {r.number: r for r in get_document(with_replaced, NEW).cites}
    assert cites["512/QĐ-UBND"].kind == "replaces" and cites["512/QĐ-UBND"].doc_id == OLD
    assert cites["18-CT/TU"].kind == "carries_out" and cites["128/NQ-CP"].kind == "cites"
    assert cites["128/NQ-CP"].evidence is None  # sentences are kept for typed relations only


def test_nothing_claimed_where_the_archive_is_silent(with_replaced) -> None:
    view = get_document(with_replaced, CHI_THI)
    assert not view.standing.stated and not view.standing.amended_by
    assert standing_lines(view.standing) == [
        "Không thấy văn bản nào trong kho thay thế hay bãi bỏ văn bản này "
        "(kho không cho biết văn bản còn hiệu lực hay không)."
    ]
    by = {r.doc_id: r.kind for r in view.cited_by}
    assert by[NEW] == "carries_out" and "2021-10-29-ket-luan-24-KL-TU-phuc-hoi-du-lich.txt" in by


def test_same_number_with_another_date_is_another_document(archive, fake_settings, fake_embedder) -> None:
    # 512/QĐ-UBND of another year: 2950/QĐ-UBND's "ngày 03 tháng 02 năm 2020" does not name it.
    text = (
        (DATA / OLD)
        .read_text(encoding="utf-8")
        .replace("ngày 03 tháng 02 năm 2020", "ngày 05 tháng 3 năm 2018")
    )
    (archive / "2018-quyet-dinh-512.md").write_text(text, encoding="utf-8")
    build_index(archive, fake_settings, fake_embedder, progress=False)
    reader = open_index(fake_settings, fake_embedder)
    [doc] = find_by_number(reader, "512/QĐ-UBND")
    assert not get_document(reader, doc.doc_id).standing.stated
    reader.close()


def test_edges_among_listed_documents(with_replaced) -> None:
    with with_replaced.snapshot():
        edges = edges_among(with_replaced.conn, [OLD, NEW, CHI_THI])
    found = {(e.source, e.target, e.kind) for e in edges}
    assert found == {(NEW, OLD, "replaces"), (NEW, CHI_THI, "carries_out")}


def test_an_index_from_before_relations_gets_them_without_reembedding(
    archive, fake_settings, fake_embedder
) -> None:
    shutil.copy(DATA / OLD, archive / OLD)
    build_index(archive, fake_settings, fake_embedder, progress=False)
    db = fake_settings.index_dir / DB_NAME
    conn = sqlite3.connect(db)
    for column in ("evidence", "partial", "kind"):
        conn.execute(f"ALTER TABLE refs DROP COLUMN {column}")  # the layout before typed relations
    conn.commit()
    conn.close()
    reader = open_index(fake_settings, fake_embedder)
    assert not get_document(reader, OLD).standing.stated  # readable, nothing typed yet
    assert all(r.kind == "cites" for r in get_document(reader, NEW).cites)
    reader.close()

    report = build_index(archive, fake_settings, fake_embedder, progress=False)  # no file changed
    assert (report.added, report.updated, report.chunks_embedded) == ([], [], 0)
    reader = open_index(fake_settings, fake_embedder)
    assert [link.doc_id for link in get_document(reader, OLD).standing.replaced_by] == [NEW]
    with reader.snapshot():
        assert reader.conn.execute("SELECT count(*) FROM refs WHERE kind IS NULL").fetchone()[0] == 0
    reader.close()
