"""Sign-in and roles on the page (Streamlit AppTest, hashing embedder): nothing shows before
sign-in, each role sees only its tabs, a forged trigger of a hidden button does nothing,
sessions end, and the archive folder is never silently another one."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from apptest_support import htmls, new_app
from fake_page import PASSWORD, fake_page, keys, sign_in, wait_idle

from index.access.accounts import store_for
from index.access.audit import AuditLog


@pytest.fixture
def page(monkeypatch, tmp_path, archive, fake_embedder):
    return fake_page(monkeypatch, tmp_path / "data", archive, fake_embedder)


def actions(page) -> list[tuple[str, str]]:
    return [(e.who, e.action) for e in AuditLog(page.settings.audit_path).events()]


def tab_labels(at) -> list[str]:
    return [t.label for t in at.tabs]


def test_nothing_before_sign_in(page) -> None:
    at = new_app(None).run()
    assert not at.exception
    assert at.subheader[0].value == "Đăng nhập"
    assert not at.tabs and not at.metric and not htmls(at, "ct-doc")
    at.query_params["doc"] = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"  # a link does not skip it
    at.run()
    assert not htmls(at, "ct-doc") and "download" not in keys(at)
    sign_in(at, "reader", "wrong password!")
    assert at.error[0].value == "Sai tên tài khoản hoặc mật khẩu." and not at.tabs
    assert actions(page) == [("reader", "sign-in failed")]


def test_reader_sees_no_upload_or_reindex(page) -> None:
    at = sign_in(new_app(None).run(), "reader")
    assert tab_labels(at) == [":material/search: Hỏi đáp", ":material/timeline: Dòng thời gian"]
    assert not {"upload", "rescan", "build-sample", "ad_add", "ch_apply"} & keys(at)
    assert not at.get("file_uploader")
    assert any("reader" in m.value or "người đọc" in m.value for m in at.markdown)
    assert actions(page) == [("reader", "sign-in")]


def test_archivist_and_admin_tabs(page) -> None:
    at = sign_in(new_app(None).run(), "archivist")
    assert len(at.tabs) == 3 and {"upload", "rescan"} <= keys(at) and "ad_add" not in keys(at)
    at = sign_in(new_app(None).run(), "admin")
    assert len(at.tabs) == 4 and {"upload", "rescan", "ad_add", "ch_apply", "audit-csv"} <= keys(at)


def test_a_forged_trigger_of_a_hidden_button_does_nothing(page) -> None:
    """A reader's browser sends the archivist's rescan and upload button ids as clicked: the
    page draws no such buttons for a reader, so nothing starts and nothing is written."""
    archivist = sign_in(new_app(None).run(), "archivist")
    hidden = {archivist.button(key="rescan").id, archivist.button(key="upload").id}
    built_at = (page.settings.index_dir / "manifest.json").read_text()
    reader = sign_in(new_app(None).run(), "reader")
    states = reader._tree.get_widget_states()
    for widget_id in hidden:
        forged = states.widgets.add()
        forged.id = widget_id
        forged.trigger_value = True
    reader._run(widget_state=states)
    assert not reader.exception
    wait_idle(reader, 5)
    assert not reader.get("progress") and not (page.archive / "uploads").exists()
    assert (page.settings.index_dir / "manifest.json").read_text() == built_at
    assert ("reader", "reindex") not in actions(page) and ("reader", "upload") not in actions(page)


def test_admin_manages_accounts_and_reads_the_audit_log(page) -> None:
    at = sign_in(new_app(None).run(), "admin")
    at.text_input(key="ad_name").input("hoa")
    at.selectbox(key="ad_role").set_value("archivist")
    at.text_input(key="ad_password").input("mat-khau-cua-hoa")
    at.button(key="ad_add").click().run()
    assert not at.exception and at.success and "hoa" in at.success[0].value
    assert store_for(page.settings).get("hoa").role == "archivist"
    at.selectbox(key="ch_name").set_value("hoa")
    at.selectbox(key="ch_action").set_value("remove")
    at.button(key="ch_apply").click().run()
    assert store_for(page.settings).get("hoa") is None
    at.run()
    table = at.dataframe[-1].value
    assert {"account added", "account removed", "sign-in"} <= set(table["action"])
    assert ("admin", "account added") in actions(page)


def test_sessions_end(page) -> None:
    at = sign_in(new_app(None).run(), "archivist")
    session = at.session_state["_session"]
    at.session_state["_session"] = replace(session, last_seen=session.last_seen - 31 * 60)
    at.run()
    assert at.subheader[0].value == "Đăng nhập" and "30 minutes" in at.info[0].value and not at.tabs
    at = sign_in(new_app(None).run(), "archivist")
    store_for(page.settings).set_password("archivist", "mat-khau-moi-dai")
    at.run()
    assert at.subheader[0].value == "Đăng nhập" and "password" in at.info[0].value
    at = sign_in(new_app(None).run(), "admin")
    at.button(key="signout").click().run()
    assert at.subheader[0].value == "Đăng nhập" and ("admin", "sign-out") in actions(page)


def test_locked_account_is_told(page) -> None:
    store = store_for(page.settings)
    for _ in range(page.settings.lockout_failures):
        store.check_password("reader", "not the password")
    at = sign_in(new_app(None).run(), "reader", PASSWORD)
    assert "bị khóa sau 20 lần" in at.error[0].value and not at.tabs


def test_single_sign_on_from_the_proxy_only(page, monkeypatch) -> None:
    import app_ui.signin

    monkeypatch.setenv("CHITHI_AUTH_MODE", "proxy")
    store_for(page.settings).add("lan", "archivist", None)
    monkeypatch.setattr(app_ui.signin, "request_identity", lambda: ({"X-Remote-User": "lan"}, "127.0.0.1"))
    at = new_app(None).run()
    assert not at.exception and len(at.tabs) == 3 and "signin" not in keys(at)
    monkeypatch.setattr(app_ui.signin, "request_identity", lambda: ({"X-Remote-User": "admin"}, "10.0.0.66"))
    at = new_app(None).run()
    assert not at.tabs and "10.0.0.66 is not one" in at.code[0].value


def test_a_missing_archive_folder_is_an_error_not_the_sample(page) -> None:
    moved = page.archive.with_name("unmounted")
    shutil.move(page.archive, moved)
    at = sign_in(new_app(None).run(), "archivist")
    assert not at.exception
    assert at.error[0].value == "Không tìm thấy kho văn bản"
    assert str(page.archive) in at.code[0].value and "sample_archive" not in at.code[0].value
    assert not {"upload", "rescan", "build-sample"} & keys(at)
    assert at.metric, "searching the index still works"


def test_download_refuses_a_symlink_that_replaced_the_file(page, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mật")
    doc = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
    at = sign_in(new_app(None).run(), "reader")
    at.query_params["doc"] = doc
    at.run()
    assert at.get("download_button")
    (page.archive / doc).unlink()
    (page.archive / doc).symlink_to(secret)
    at.run()
    assert not at.get("download_button")
    assert any("symbolic link" in c.value for c in at.caption)
