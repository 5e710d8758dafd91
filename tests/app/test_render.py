"""Rendering helpers: document text is always escaped, highlights land on the right characters."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from app_ui import render as R
from app_ui.i18n import STRINGS, fmt_date, fmt_timestamp, t
from index.records import Citation, DocInfo, Hit, RefLink

EVIL = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
    "**bold** $x^2$ :red[red] `code` <b>bold</b> &amp; \\"
)
DOC = DocInfo(
    doc_id="evil/<x>.md",
    doc_type="Thông báo",
    number="508-TB/TU",
    number_key="508-TB/TU",
    issuer="Tỉnh ủy <b>Hải Minh</b>",
    issue_date=date(2022, 2, 8),
    title="Tiêu đề <script>x()</script>",
)


def tags(markup: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<\s*([a-zA-Z][\w-]*)", markup)}


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def citation(passage: str, highlights: tuple[tuple[int, int], ...]) -> Citation:
    return Citation(
        n=1,
        doc=DOC,
        passage=passage,
        start=100,
        end=100 + len(passage),
        section="2 › 4",
        page=3,
        highlights=highlights,
        score=0.5,
        cites=(RefLink("Kế hoạch", "35/KH-UBND", date(2022, 1, 28), "ke-hoach.md"),),
        cited_by=(RefLink("Công văn", "<i>9</i>", None, None),),
    )


def test_esc_leaves_no_markup() -> None:
    out = R.esc(EVIL)
    assert "<" not in out and ">" not in out
    assert not set("`*_[]$~\\") & set(out)
    assert html.unescape(out) == EVIL


def test_md_escape_neutralises_markdown() -> None:
    out = R.md_escape("**x** [a](b) :red[c] $d$ `e`")
    assert "\\*\\*x\\*\\*" in out and "\\[a\\]\\(b\\)" in out and "\\:red" in out and "\\$d\\$" in out


def test_citation_card_is_escaped_and_marked() -> None:
    passage = f"Mở đầu. {EVIL} Tiêm đủ mũi 3 cho 90% người từ 18 tuổi trong tháng 02/2022. Kết."
    s = passage.index("Tiêm")
    e = passage.index("02/2022.") + len("02/2022.")
    out = R.citation_html(citation(passage, ((s, e),)), "vi")
    assert tags(out) <= {"div", "span", "b", "mark", "i"}
    assert "<script" not in out and "<img" not in out
    marks = re.findall(r'<mark class="ct-mark">(.*?)</mark>', out)
    assert [html.unescape(m) for m in marks] == [passage[s:e]]
    text = visible(out)
    assert EVIL in text
    assert "Thông báo số 508-TB/TU · Tỉnh ủy <b>Hải Minh</b> · 08/02/2022 · mục 2 › 4, trang 3" in text
    assert "Kế hoạch số 35/KH-UBND (28/01/2022)" in text
    assert "Công văn số <i>9</i> (không có trong kho)" in text
    english = visible(R.citation_html(citation(passage, ((s, e),)), "en"))
    assert "section 2 › 4, page 3" in english and "not in the archive" in english


def test_hit_snippet_is_escaped_and_short() -> None:
    hit = Hit(1, DOC, 0, EVIL * 10, 0, 10, "1", None, "", 0.1)
    out = R.hit_html(3, hit, "vi")
    assert "<script" not in out and "<img" not in out
    assert len(visible(out)) < 500 and visible(out).startswith("3.")


def test_document_view_highlights_the_cited_passage() -> None:
    text = "Đầu văn bản <script>bad()</script>\n\n\n\n" + "Mục tiêu: tiêm 95%. Câu khác." + "\nCuối."
    s = text.index("Mục tiêu")
    e = text.index("Cuối")
    m = (s, text.index("95%.") + 4)
    out = R.document_html(text, (s, e), [m, (e + 50, e + 60), (0, 3)])
    assert tags(out) <= {"div", "span", "mark"}
    assert f'id="{R.CITED_ID}"' in out
    cited = re.search(r'<span class="ct-cited" id="chithi-cited">(.*)</span>', out, re.S)
    assert cited and html.unescape(re.sub(r"<[^>]+>", "", cited.group(1))) == text[s:e]
    assert [html.unescape(x) for x in re.findall(r"<mark[^>]*>(.*?)</mark>", out)] == [text[m[0] : m[1]]]
    assert "\n\n\n" not in visible(out)


@pytest.mark.parametrize("span", [None, (5, 2), (-1, 4), (0, 10_000)])
def test_document_view_ignores_bad_offsets(span) -> None:
    out = R.document_html("<b>plain</b> text", span)
    assert "ct-cited" not in out and visible(out) == "<b>plain</b> text"


def test_no_answer_and_meta_are_escaped() -> None:
    out = R.no_answer_html("<script>x</script>", "en") + R.meta_html([("Số", "<i>1</i>"), ("empty", None)])
    assert "<script" not in out and "<i>" not in out and "empty" not in out


def test_strings_have_both_languages_and_dates_are_dd_mm_yyyy() -> None:
    assert all(len(pair) == 2 and all(pair) for pair in STRINGS.values())
    assert t("no_answer", "en") == "No answer found" and t("no_answer") == "Không tìm thấy câu trả lời"
    assert fmt_date(date(2022, 2, 8)) == "08/02/2022" and fmt_date(None) == "—"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", fmt_timestamp("2022-02-08T10:46:00+00:00"))


def test_scroll_script_survives_dompurify() -> None:
    body = R.SCROLL_SCRIPT.removeprefix("<script>").removesuffix("</script>")
    assert "<" not in body and R.CITED_ID in body  # DOMPurify removes scripts whose text contains "<x"


def test_a_scanned_document_is_marked() -> None:
    from dataclasses import replace

    scan = replace(DOC, ocr_confidence=91.4)
    line = R.citation_line(scan, "vi", "2", 3)
    assert "văn bản quét — nhận dạng tự động" in visible(line) and "trang 3" in visible(line)
    assert "scanned document" in visible(R.citation_line(scan, "en"))
    assert "quét" not in visible(R.citation_line(DOC, "vi"))  # born digital: no mark
    assert tags(line) <= {"b", "span"}
