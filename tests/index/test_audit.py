"""The audit log: append-only, every action written, exported as CSV that a spreadsheet reads as text."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, timedelta

import pytest

from config import Settings
from index import api, cli
from index.access.audit import AuditLog, write_csv
from index.access.roles import Actor, NotAllowed

ADMIN = Actor("chi", "admin", "page", "10.0.0.5")
READER = Actor("hoa", "reader", "page")


def test_rows_cannot_be_changed_or_deleted(tmp_path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    log.record("hoa", "sign-in")
    conn = sqlite3.connect(tmp_path / "audit.sqlite")
    for sql in ("UPDATE events SET who='x'", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    assert [e.who for e in log.events()] == ["hoa"]


def test_account_changes_are_audited_and_admin_only(fake_settings: Settings) -> None:
    api.add_account(fake_settings, ADMIN, "hoa", "reader", "mot-mat-khau-dai")
    api.change_role(fake_settings, ADMIN, "hoa", "archivist")
    api.change_password(fake_settings, ADMIN, "hoa", "mat-khau-moi-dai")
    api.unlock_account(fake_settings, ADMIN, "hoa")
    with pytest.raises(NotAllowed, match="reader"):
        api.add_account(fake_settings, READER, "evil", "admin", "mot-mat-khau-dai")
    with pytest.raises(NotAllowed):
        api.audit_events(fake_settings, READER)
    api.remove_account(fake_settings, ADMIN, "hoa")
    events = api.audit_events(fake_settings, ADMIN)
    assert [(e.who, e.action) for e in events] == [
        ("chi", "account added"),
        ("chi", "role changed"),
        ("chi", "password changed"),
        ("chi", "account unlocked"),
        ("hoa", "refused"),
        ("hoa", "refused"),
        ("chi", "account removed"),
    ]
    assert events[1].detail == "hoa: reader → archivist" and events[0].address == "10.0.0.5"
    assert "mot-mat-khau" not in (fake_settings.audit_path).read_bytes().decode("utf-8", "replace")


def test_uploads_and_reindex_are_audited_and_need_an_archivist(fake_settings: Settings, archive) -> None:
    archivist = Actor("lan", "archivist", "page")
    result = api.upload_files(
        fake_settings, archivist, archive, [("moi.txt", "Công văn mới".encode()), ("x.exe", b"MZ")]
    )
    assert [p.name for p in result.saved] == ["moi.txt"]
    api.begin_reindex(fake_settings, archivist, archive, "rescan")
    for call in (
        lambda: api.upload_files(fake_settings, READER, archive, [("b.txt", b"text")]),
        lambda: api.begin_reindex(fake_settings, READER, archive, "rescan"),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert not (archive / "uploads" / "b.txt").exists()
    rows = [(e.who, e.action, e.detail) for e in AuditLog(fake_settings.audit_path).events()]
    assert rows[0] == ("lan", "upload", "saved uploads/moi.txt; rejected x.exe (bad_ext)")
    assert rows[1] == ("lan", "reindex", f"rescan: {archive}")
    assert [r[1] for r in rows[2:]] == ["refused", "refused"]


def test_questions_are_recorded_only_when_asked_to(fake_settings: Settings) -> None:
    api.note_question(fake_settings, READER, "Mục tiêu tiêm vắc xin?")
    assert AuditLog(fake_settings.audit_path).events() == []
    api.note_question(fake_settings.with_(audit_questions=True), READER, "Mục tiêu tiêm vắc xin?")
    assert [(e.action, e.detail) for e in AuditLog(fake_settings.audit_path).events()] == [
        ("question", "Mục tiêu tiêm vắc xin?")
    ]


def test_csv_export_since_a_day(fake_settings: Settings, capsys) -> None:
    log = AuditLog(fake_settings.audit_path)
    log.record('=HYPERLINK("http://x")', "sign-in failed", "unknown account", "page", "10.1.1.1")
    log.record("hoa", "sign-in", "password", "page")
    data = ["--data", str(fake_settings.data_dir)]
    assert cli.main(["audit", "--since", date.today().isoformat(), "--csv", *data]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["id", "at", "who", "action", "detail", "source", "address"]
    assert rows[1][2].startswith("'=") and rows[2][2:4] == ["hoa", "sign-in"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert cli.main(["audit", "--since", tomorrow, "--csv", *data]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the header only
    assert cli.main(["audit", "--since", "yesterday", *data]) == 2  # a clear error, no traceback
    out = io.StringIO()
    write_csv(log.events(), out)
    assert out.getvalue().count("\n") == 3
