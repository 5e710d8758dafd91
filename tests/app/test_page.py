"""The page driven with Streamlit's AppTest against the real sample index."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from apptest_support import Q_EN, Q_VI, htmls, new_app, point_page_at, seeded_data_dir, wait_for_build

from app_ui.render import CITED_ID
from config import SAMPLE_ARCHIVE


def ask(at, question: str):
    at.text_input(key="q_input").input(question).run()
    assert not at.exception, at.exception
    return at


def labels(bodies: list[str]) -> list[str]:
    """The bold citation label of each card or hit: 'Thông báo số 508-TB/TU'."""
    return [re.search(r"<b>(.*?)</b>", b).group(1) for b in bodies]


def test_ask_shows_cited_answer(app_env) -> None:
    at = new_app().run()
    assert not at.exception
    assert at.metric[0].label == "Văn bản" and int(at.metric[0].value) >= 10
    ask(at, Q_VI)
    cards = htmls(at, "ct-card")
    assert cards and "508-TB/TU" in cards[0], cards
    assert '<mark class="ct-mark">' in cards[0]
    assert re.search(r"\d\d/\d\d/\d{4}", cards[0])  # dd/mm/yyyy in the citation line
    assert htmls(at, "ct-hit"), "ranked results are listed under the answer"
    assert any(c.value.startswith(":material/timer:") and c.value.endswith(" ms") for c in at.caption)


def test_ask_in_english(app_env) -> None:
    at = new_app().run()
    at.toggle(key="lang_en").set_value(True).run()
    ask(at, Q_EN)
    cards = htmls(at, "ct-card")
    assert cards and "508-TB/TU" in " ".join(cards[:2]), cards
    assert any("Answer" in b for b in htmls(at)) and at.tabs[0].label.endswith("Ask")


def test_filters_narrow_the_results(app_env) -> None:
    at = ask(new_app().run(), Q_VI)
    types = at.multiselect(key="f_types")
    assert all(re.search(r" \(\d+\)$", o) for o in types.options), types.options  # counts per facet
    assert re.search(r" \(\d+\)$", at.multiselect(key="f_issuers").options[0])
    types.set_value(["Chỉ thị"]).run()
    found = labels(htmls(at, "ct-card") + htmls(at, "ct-hit"))
    assert found and all(x.startswith("Chỉ thị") for x in found), found

    at.button(key="clear-filters").click().run()
    assert at.multiselect(key="f_types").value == []
    at.text_input(key="f_number").input("508-TB/TU").run()
    found = labels(htmls(at, "ct-card") + htmls(at, "ct-hit"))
    assert found and all("508-TB/TU" in x for x in found), found

    at.text_input(key="f_number").input("").run()
    at.date_input(key="f_to").set_value(date(2021, 12, 31)).run()
    heads = [re.search(r'<div class="ct-hit-head">(.*?)</div>', h).group(1) for h in htmls(at, "ct-hit")]
    years = [int(re.search(r"\d\d/\d\d/(\d{4})", h).group(1)) for h in heads]
    assert years and max(years) <= 2021, heads


def test_open_document_and_follow_references(app_env) -> None:
    at = ask(new_app().run(), Q_VI)
    at.button(key="open-cite-1").click().run()
    assert not at.exception
    assert at.query_params["doc"]
    doc = htmls(at, "ct-doc")
    assert len(doc) == 1 and f'id="{CITED_ID}"' in doc[0] and "<mark" in doc[0]
    assert any("scrollIntoView" in h.value for h in at.html)
    assert at.get("download_button"), "the original file can be downloaded"
    cites = [b for b in at.button if str(b.key).startswith(("cites-", "citedby-"))]
    assert cites, "508-TB/TU cites Kế hoạch 35/KH-UBND, which is in the archive"
    first = doc[0]
    cites[0].click().run()
    assert not at.exception and htmls(at, "ct-doc") and htmls(at, "ct-doc")[0] != first
    at.button(key="back").click().run()
    assert "doc" not in at.query_params
    assert at.text_input(key="q_input").value == Q_VI and htmls(at, "ct-card")


def test_doc_query_param_opens_a_document(app_env) -> None:
    at = new_app()
    at.query_params["doc"] = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
    at.run()
    assert not at.exception
    assert "Thông báo số 508-TB/TU" in " ".join(htmls(at))
    assert "Hải Minh" in htmls(at, "ct-doc")[0]
    at.query_params["doc"] = "no/such/doc.md"
    at.run()
    assert at.warning and "no/such/doc.md" in at.warning[0].value


def test_no_answer_state(app_env) -> None:
    at = new_app().run()
    at.text_input(key="f_number").input("999-XX/YY").run()
    ask(at, Q_VI)
    assert htmls(at, "ct-noanswer") and not htmls(at, "ct-card")
    ask(at, "?!…")
    assert htmls(at, "ct-noanswer")


def test_first_run_screen_and_sample_build(monkeypatch, tmp_path: Path, app_settings) -> None:
    data = seeded_data_dir(tmp_path / "data", app_settings)
    point_page_at(monkeypatch, data)
    at = new_app().run()
    assert not at.exception
    assert at.subheader[0].value == "Chưa có chỉ mục tìm kiếm"
    assert at.code[0].value == "python -m index build sample_archive"
    at.button(key="build-sample").click().run()
    wait_for_build(at)
    assert not at.subheader or at.subheader[0].value != "Chưa có chỉ mục tìm kiếm"
    assert int(at.metric[0].value) >= 10
    ask(at, Q_VI)
    assert "508-TB/TU" in htmls(at, "ct-card")[0]


def test_upload_reports_bad_files_and_indexes_good_ones(own_archive_env) -> None:
    settings, archive = own_archive_env
    bundled = sorted(SAMPLE_ARCHIVE.rglob("*"))
    evil = "Công văn số 77/CV-TEST về <script>alert('x')</script> và **đậm** [bấm](javascript:alert(1))."
    at = new_app().run()
    assert not at.exception
    at.file_uploader[0].set_value(
        [
            ("tai-lieu-moi.txt", evil.encode(), "text/plain"),
            ("fake.pdf", b"<html>not a pdf</html>", "application/pdf"),
            ("../../outside.md", "# Ghi chú\n\nNội dung hợp lệ.".encode(), "text/markdown"),
        ]
    ).run()
    at.button(key="upload").click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # names are Markdown-escaped
    assert len(errors) == 1 and "fake.pdf" in errors[0], errors
    wait_for_build(at)
    assert sorted(p.name for p in (archive / "uploads").iterdir()) == ["outside.md", "tai-lieu-moi.txt"]
    assert not (archive.parent / "outside.md").exists() and sorted(SAMPLE_ARCHIVE.rglob("*")) == bundled
    summary = " ".join(htmls(at, "ct-summary"))
    assert "uploads/tai-lieu-moi.txt" in summary and "uploads/outside.md" in summary
    assert any(s.value.startswith("Đã cập nhật chỉ mục") for s in at.success)

    at.query_params["doc"] = "uploads/tai-lieu-moi.txt"
    at.run()
    body = [h.value for h in at.html if 'class="ct-doc"' in h.value][0]
    assert "<script" not in body and "&lt;script&gt;" in body and "<a" not in body and "<strong" not in body


def test_rescan_reports_removed_and_skipped_files(own_archive_env) -> None:
    settings, archive = own_archive_env
    (archive / "2023-04-14-ban-tin-chuyen-doi-so.txt").unlink()
    (archive / "hong.pdf").write_bytes(b"%PDF-1.4 broken, no pages")
    at = new_app().run()
    documents = int(at.metric[0].value)
    at.button(key="rescan").click().run()
    wait_for_build(at)
    assert any(s.value.startswith("Đã cập nhật chỉ mục") for s in at.success)
    summary = " ".join(htmls(at, "ct-summary"))
    assert "đã gỡ" in summary and "2023-04-14-ban-tin-chuyen-doi-so.txt" in summary
    assert "bỏ qua" in summary and "hong.pdf" in summary  # with the loader's reason and what to do
    assert int(at.metric[0].value) == documents - 1


def test_index_built_with_another_model_is_explained(monkeypatch, tmp_path: Path, app_settings) -> None:
    from embedder import HashingEmbedder
    from index.api import build_index

    settings = app_settings.with_(data_dir=tmp_path / "data")
    build_index(SAMPLE_ARCHIVE, settings, HashingEmbedder(dim=32), progress=False)
    point_page_at(monkeypatch, settings.data_dir)
    at = new_app().run()
    assert not at.exception
    assert at.error and at.error[0].value == "Không mở được chỉ mục"
    assert "--rebuild" in at.code[0].value
