"""Targets in the index: extracted at build time into the ``targets`` table, kept in step with the
passages, filled for an index built before the table without embedding anything; listed in answers
to questions for targets (the sample archive, the real model)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from index.api import ask, build_index
from index.records import Answer, from_plain, to_plain
from index.retrieval.answer_type import asks_for_targets
from index.store import schema

BULLETIN = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
Q_VI = "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?"
Q_EN = "What are the vaccine targets for February 2022?"


def _db(settings) -> sqlite3.Connection:
    return sqlite3.connect(settings.index_dir / schema.DB_NAME)


def _vaccine_rows(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT t.measure, t.value, t.due FROM targets t JOIN chunks c ON t.chunk=c.id JOIN documents d "
        "ON c.doc=d.id WHERE d.doc_id=? AND t.measure LIKE 'tiêm%' ORDER BY c.start + t.start",
        (BULLETIN,),
    ).fetchall()


def test_build_fills_targets_and_follows_changes(archive, fake_settings, fake_embedder) -> None:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    with _db(fake_settings) as conn:
        rows = _vaccine_rows(conn)
        assert [(m, v) for m, v, _ in rows][:4] == [
            ("tiêm mũi 1", 100.0),
            ("tiêm mũi 2", 100.0),
            ("tiêm mũi 3 (mũi nhắc lại)", 90.0),
            ("tiêm đủ liều", 100.0),
        ]
        assert {d for _, _, d in rows} == {"2022-02-28"}
    # The bulletin changes: its old targets leave with its old passages, the new ones come in.
    path = archive / BULLETIN
    path.write_text(path.read_text(encoding="utf-8").replace("ít nhất 90%", "ít nhất 95%"), encoding="utf-8")
    build_index(archive, fake_settings, fake_embedder, progress=False)
    with _db(fake_settings) as conn:
        assert [v for m, v, _ in _vaccine_rows(conn) if m.startswith("tiêm mũi 3")] == [95.0]
        orphans = conn.execute("SELECT count(*) FROM targets WHERE chunk NOT IN (SELECT id FROM chunks)")
        assert orphans.fetchone()[0] == 0


def test_index_built_before_targets_gets_them_without_embedding(
    archive, fake_settings, fake_embedder
) -> None:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    with _db(fake_settings) as conn:  # as an index from before the table: no table, no meta keys
        conn.execute("DROP TABLE targets")
        conn.execute("DELETE FROM meta WHERE key LIKE 'targets_%'")
    report = build_index(archive, fake_settings, fake_embedder, progress=False)
    assert report.chunks_embedded == 0 and not report.changed
    with _db(fake_settings) as conn:
        assert len(_vaccine_rows(conn)) >= 4
        assert conn.execute("SELECT value FROM meta WHERE key='targets_version'").fetchone()


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        (Q_VI, True),
        ("muc tieu tiem vac xin thang 2 2022", True),
        (Q_EN, True),
        ("Thời hạn báo cáo kết quả là ngày nào?", True),
        ("What is the deadline for the report?", True),
        ("Chỉ thị 18-CT/TU nói gì về cấp độ dịch?", False),
        ("Who chairs the steering committee?", False),
    ],
)
def test_questions_that_ask_for_targets(question: str, wanted: bool) -> None:
    assert asks_for_targets(question) is wanted


@pytest.mark.parametrize("question", [Q_VI, Q_EN])
def test_vaccine_question_lists_the_february_targets(sample_index, question: str) -> None:
    answer = ask(sample_index, question)
    assert answer.found and answer.targets
    rows = answer.targets
    assert [(r.measure, r.display_value) for r in rows] == [
        ("tiêm mũi 1", "100 %"),
        ("tiêm mũi 2", "100 %"),
        ("tiêm mũi 3 (mũi nhắc lại)", "≥ 90 %"),
        ("tiêm đủ liều", "100 %"),
    ]
    assert rows[2].population == "người từ 18 tuổi trở lên đã tiêm mũi 2 đủ 3 tháng"
    assert rows[3].population.startswith("lao động ngoại tỉnh")
    for r in rows:
        assert r.doc.number == "508-TB/TU" and r.section.startswith("2 › 4")
        assert r.due == date(2022, 2, 28) and "28/02/2022" in r.deadline
        cited = answer.citations[r.citation - 1]
        assert cited.doc.doc_id == BULLETIN and cited.start <= r.start < r.end <= cited.end
        assert cited.passage[r.start - cited.start : r.end - cited.start] == r.sentence
    # The one JSON form (ask --json, the API) carries them and reads back.
    assert from_plain(Answer, to_plain(answer)).targets == answer.targets


def test_other_questions_list_no_targets(sample_index) -> None:
    answer = ask(sample_index, "Chỉ thị 18-CT/TU nói gì về cấp độ dịch?")
    assert answer.found and answer.targets == ()
