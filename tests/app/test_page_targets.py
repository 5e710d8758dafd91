"""The targets table of the page: above the cited passages for a question about targets, one row a
target, each opening its sentence highlighted in the document (AppTest, real sample index)."""

from __future__ import annotations

from datetime import date

from apptest_support import Q_EN, Q_VI, htmls, new_app

from app_ui.render import target_html, targets_head_html
from index.records import DocInfo, TargetRow


def _ask(at, question: str):
    at.text_input(key="q_input").input(question).run()
    assert not at.exception, at.exception
    return at


def test_vaccine_question_shows_targets_table(app_env) -> None:
    at = _ask(new_app().run(), Q_VI)
    rows = htmls(at, "ct-target")
    assert len(rows) == 4, rows
    assert "≥ 90 %" in rows[2] and "tiêm mũi 3 (mũi nhắc lại)" in rows[2]
    assert "người từ 18 tuổi trở lên đã tiêm mũi 2 đủ 3 tháng" in rows[2]
    assert all("[1]" in r and "508-TB/TU" in r and "28/02/2022" in r for r in rows)
    page = [h.value for h in at.html]
    head = next(i for i, b in enumerate(page) if "ct-target ct-head" in b)
    first_card = next(i for i, b in enumerate(page) if 'class="ct-card"' in b)
    assert head < first_card, "the table comes above the passages"

    at.button(key="open-target-3").click().run()
    assert not at.exception
    assert at.query_params["doc"] == "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
    doc = htmls(at, "ct-doc")
    assert doc and '<mark class="ct-mark">tiêm mũi 3 (mũi nhắc lại) cho ít nhất 90% người' in doc[0]


def test_english_question_shows_targets_table(app_env) -> None:
    at = new_app().run()
    at.toggle(key="lang_en").set_value(True).run()
    _ask(at, Q_EN)
    assert any("Targets and deadlines" in h for h in htmls(at))
    assert len(htmls(at, "ct-target")) == 4


def test_other_questions_show_no_table(app_env) -> None:
    at = _ask(new_app().run(), "Chỉ thị 18-CT/TU nói gì về cấp độ dịch?")
    assert htmls(at, "ct-card") and not htmls(at, "ct-target")


def test_target_row_is_escaped() -> None:
    doc = DocInfo("x.md", "Thông báo", "1/TB", "1/TB", None, None, "<b>t</b>")
    row = TargetRow(
        measure="<script>alert(1)</script>",
        population="người *đủ* [12] tuổi",
        value=90.0,
        unit="%",
        comparator="≥",
        value_text="ít nhất 90%",
        deadline="trước ngày 28/02/2022",
        due=date(2022, 2, 28),
        responsible="Sở <i>Y tế</i>",
        sentence="…",
        doc=doc,
        section="2 › 4",
        chunk_id=1,
        start=0,
        end=1,
        citation=2,
    )
    body = target_html(row, "vi")
    assert "<script>" not in body and "&lt;script&gt;" in body and "<i>" not in body
    assert "&#42;" in body and "&#91;12&#93;" in body  # Markdown marks made inert too
    assert "≥ 90 %" in body and "&#91;2&#93;" in body and "mục 2 › 4" in body
    assert "Chỉ tiêu" in targets_head_html("vi") and "Deadline" in targets_head_html("en")
