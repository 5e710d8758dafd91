"""The timeline on the sample archive with the real model: a subject's documents in issue-date
order, each with its sentences on the subject, and the typed relations among them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from index.api import BadQuery, EmptyQuery, timeline
from index.records import Filters, Timeline, from_plain

BULLETIN = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
DECISION = "2021-10-25-quyet-dinh-2950-QD-UBND-ban-chi-dao.md"
CHI_THI = "2021-10-18-chi-thi-18-CT-TU-thich-ung-an-toan.md"


def test_vaccination_in_date_order_with_what_each_said(sample_index) -> None:
    line = timeline(sample_index, "tiêm vắc xin")
    ids = [e.doc.doc_id for e in line.entries]
    assert CHI_THI in ids and BULLETIN in ids
    dates = [e.doc.issue_date for e in line.entries]
    assert None not in dates and dates == sorted(dates) and line.undated == 0
    for entry in line.entries:
        assert 1 <= len(entry.sentences) <= 2
        assert any("vắc xin" in s.lower() for s in entry.sentences), entry
    bulletin = next(e for e in line.entries if e.doc.doc_id == BULLETIN)
    assert any("tháng 02/2022" in s or "tháng 2" in s for s in bulletin.sentences), bulletin.sentences
    # What the bulletin set on the subject: its February 2022 targets, due 28/02/2022.
    assert any(r.value == 90 and r.due == date(2022, 2, 28) for r in bulletin.targets), bulletin.targets
    # 508-TB/TU carries out Chỉ thị 18-CT/TU ("Tiếp tục thực hiện nghiêm Chỉ thị số 18-CT/TU ...").
    kinds = {(e.source, e.target): e.kind for e in line.edges}
    assert kinds[(BULLETIN, CHI_THI)] == "carries_out"
    assert all(e.source in ids and e.target in ids for e in line.edges)


def test_the_steering_committee_shows_the_decision_carrying_out_the_directive(sample_index) -> None:
    line = timeline(sample_index, "Ban chỉ đạo phòng chống dịch")
    ids = [e.doc.doc_id for e in line.entries]
    assert ids.index(CHI_THI) < ids.index(DECISION)  # 18/10/2021 before 25/10/2021
    edge = next(e for e in line.edges if e.source == DECISION and e.target == CHI_THI)
    assert edge.kind == "carries_out" and "Thực hiện Chỉ thị số 18-CT/TU" in edge.evidence


def test_filters_and_other_subjects(sample_index) -> None:
    feb = timeline(
        sample_index, "tiêm vắc xin", Filters(date_from=date(2022, 2, 1), date_to=date(2022, 2, 28))
    )
    assert feb.entries and all(date(2022, 2, 1) <= e.doc.issue_date <= date(2022, 2, 28) for e in feb.entries)
    party = timeline(sample_index, "tiêm vắc xin", Filters(issuers=("Tỉnh ủy Hải Minh",)))
    assert {e.doc.issuer for e in party.entries} == {"Tỉnh ủy Hải Minh"}
    # "chuyển đổi số" as typed, not every passage with "chuyển" and "đổi" in it.
    digital = timeline(sample_index, "chuyển đổi số")
    assert "2023-04-14-ban-tin-chuyen-doi-so.txt" in [e.doc.doc_id for e in digital.entries]
    assert DECISION not in [e.doc.doc_id for e in digital.entries]
    forests = timeline(sample_index, "trồng rừng")
    assert [e.doc.number for e in forests.entries] == ["112/KH-UBND"]
    with pytest.raises(EmptyQuery):
        timeline(sample_index, "?!")
    with pytest.raises(BadQuery):
        timeline(sample_index, "vắc xin \udcc3")


def test_cli_timeline_json_is_the_record(sample_index, monkeypatch, capsys) -> None:
    from index.cli import main

    monkeypatch.setenv("CHITHI_INDEX_NAME", sample_index.settings.index_name)
    data = str(sample_index.settings.data_dir)
    assert main(["timeline", "tiêm vắc xin", "--data", data, "--json", "--from", "2021-10-01"]) == 0
    line = from_plain(Timeline, json.loads(capsys.readouterr().out))
    assert line == timeline(sample_index, "tiêm vắc xin", Filters(date_from=date(2021, 10, 1)))
    assert main(["timeline", "Ban chỉ đạo phòng chống dịch", "--data", data]) == 0
    out = capsys.readouterr().out
    assert "25/10/2021  Quyết định số 2950/QĐ-UBND" in out and "→ triển khai Chỉ thị số 18-CT/TU" in out
