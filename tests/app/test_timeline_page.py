"""The timeline tab and the relations in the document view, driven with Streamlit's AppTest
against the real sample index; the timeline's HTML escapes what comes from the archive."""

from __future__ import annotations

import html
import re
from datetime import date

from apptest_support import htmls, new_app

from app_ui.timeline import entry_html
from index.records import DocInfo, Timeline, TimelineEdge, TimelineEntry

DECISION = "2021-10-25-quyet-dinh-2950-QD-UBND-ban-chi-dao.md"


def test_timeline_tab_lists_documents_by_date_with_relations(app_env) -> None:
    at = new_app("reader").run()
    assert not at.exception
    assert [t.label for t in at.tabs][1].endswith("Dòng thời gian")
    at.text_input(key="tl_input").input("Ban chỉ đạo phòng chống dịch").run()
    assert not at.exception, at.exception
    entries = htmls(at, "ct-tl-entry")
    assert len(entries) >= 2
    dates = [re.search(r'class="ct-tl-date">(\d\d/\d\d/\d{4})<', e).group(1) for e in entries]
    as_dates = [date(int(y), int(m), int(d)) for d, m, y in (x.split("/") for x in dates)]
    assert as_dates == sorted(as_dates)
    decision = next(e for e in entries if '<div class="ct-cite"><b>Quyết định số 2950/QĐ-UBND</b>' in e)
    assert "→ triển khai <b>Chỉ thị số 18-CT/TU</b>" in decision
    directive = next(e for e in entries if '<div class="ct-cite"><b>Chỉ thị số 18-CT/TU</b>' in e)
    assert "← được triển khai bởi <b>Quyết định số 2950/QĐ-UBND</b>" in directive
    assert "ct-tl-sentence" in directive
    # Each entry opens its document.
    at.button(key=f"open-tl-{entries.index(decision)}").click().run()
    assert at.query_params["doc"] == [DECISION] or at.query_params["doc"] == DECISION


def test_document_view_shows_standing_and_typed_references(app_env) -> None:
    at = new_app("reader")
    at.query_params["doc"] = DECISION
    at.run()
    assert not at.exception
    standing = htmls(at, "ct-standing")
    assert standing and "Còn hiệu lực?" in standing[0]
    assert "Không thấy văn bản nào trong kho thay thế hay bãi bỏ văn bản này" in standing[0]
    labels = [b.label for b in at.button]
    assert any(label.startswith("triển khai · Chỉ thị số 18") for label in labels), labels
    captions = [c.value for c in at.caption]
    # 512/QĐ-UBND is not in the sample archive: named, with the sentence that replaces it.
    assert any("thay thế · Quyết định số 512/QĐ" in c for c in captions), captions
    assert any("thay thế Quyết định số 512/QĐ" in c and c.startswith("«") for c in captions), captions


def test_timeline_html_escapes_archive_text() -> None:
    doc = DocInfo("a.md", "Chỉ thị", "1-CT/TU", "1-CT/TU", "<b>Tỉnh ủy</b>", date(2021, 1, 2), None)
    other = DocInfo("b.md", "Kế hoạch", "2/KH-UBND", "2/KH-UBND", None, None, None)
    line = Timeline(
        "x",
        (
            TimelineEntry(doc, ("<script>alert(1)</script> tiêm vắc xin",), 0, 1.0),
            TimelineEntry(other, ("Triển khai <i>Chỉ thị</i>",), 0, 0.5),
        ),
        (TimelineEdge("b.md", "a.md", "carries_out", False, "<img src=x>"),),
        undated=1,
    )
    first, second = entry_html(line.entries[0], line, "vi"), entry_html(line.entries[1], line, "vi")
    assert "<script>" not in first and "&lt;script&gt;" in first and "<b>Tỉnh ủy" not in first
    assert "← được triển khai bởi <b>Kế hoạch số 2/KH-UBND</b>" in html.unescape(first)
    assert "không rõ ngày" in second and "<i>" not in second and "<img" not in second
    assert "→ triển khai <b>Chỉ thị số 1-CT/TU</b>" in second


def test_a_replaced_document_says_so_on_the_page(own_archive_env, real_embedder) -> None:
    # The sample's 2950/QĐ-UBND "thay thế Quyết định số 512/QĐ-UBND": with 512 in the archive
    # (tests/data/relations/, fictional like the sample), its page says by which.
    from pathlib import Path

    from index.api import build_index

    settings, archive = own_archive_env
    old = "2020-02-03-quyet-dinh-512-QD-UBND-ban-chi-dao.md"
    src = Path(__file__).resolve().parents[1] / "data" / "relations" / old
    (archive / old).write_bytes(src.read_bytes())
    build_index(archive, settings, real_embedder, progress=False)
    at = new_app("reader")
    at.query_params["doc"] = old
    at.run()
    assert not at.exception
    standing = htmls(at, "ct-standing ct-standing-stated")
    assert standing and "Bị thay thế bởi Quyết định số 2950/QĐ-UBND ngày 25/10/2021" in standing[0]
    labels = [b.label for b in at.button]
    assert any(label.startswith("bị thay thế bởi · Quyết định số 2950") for label in labels), labels
