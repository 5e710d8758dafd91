"""HTML for the page. Every string that comes from a document goes through ``esc`` first.

The HTML is shown with ``st.html`` (no Markdown pass, sanitised again by DOMPurify in the browser);
``esc`` also turns the Markdown/LaTeX marks ``\\ ` * _ [ ] $ ~`` into character references, so the
same HTML stays inert even if it ever passes through ``st.markdown``. Labels of Streamlit widgets (which render Markdown)
go through ``md_escape``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from app_ui.i18n import fmt_date, t

if TYPE_CHECKING:
    from index.records import Citation, DocInfo, Hit, RefLink, TargetRow

CITED_ID = "chithi-cited"
_MD_SPECIALS = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]$~"}
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~:<>])")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")

CSS = """
<style>
.block-container {padding-top: 2.2rem; max-width: 1280px;}
.ct-hero {display: flex; gap: .9rem; align-items: center;}
.ct-logo {flex: none; width: 2.9rem; height: 2.9rem; border-radius: .6rem; background: #b91c1c; color: #fff;
  display: flex; align-items: center; justify-content: center; font-weight: 800; font-size: 1.05rem;
  letter-spacing: .02em; box-shadow: inset 0 -3px 0 rgba(0,0,0,.18);}
.ct-hero h1 {font-size: 1.9rem; margin: 0; padding: 0; color: #7f1d1d; letter-spacing: -.01em; line-height: 1.2;}
.ct-doc-title h1 {font-size: 1.5rem; margin: .3rem 0 0 0; padding: 0; color: #7f1d1d;}
.ct-hero p {color: #57534e; margin: .15rem 0 0 0;}
.ct-meta dd {overflow-wrap: anywhere;}
.ct-section {font-weight: 650; font-size: 1.05rem; margin: .4rem 0 .1rem 0; color: #1c1917;}
.ct-muted {color: #78716c; font-size: .82rem;}
.ct-scan {display: inline-block; background: #fef3c7; color: #92400e; border-radius: .3rem; padding: 0 .4rem;
  font-size: .78rem; margin-left: .3rem;}
.ct-cite {font-size: .95rem; line-height: 1.5; color: #1c1917;}
.ct-cite b {color: #7f1d1d;}
.ct-n {display: inline-block; min-width: 1.8rem; font-weight: 700; color: #b91c1c;}
.ct-title {color: #44403c; font-size: .88rem; margin: .1rem 0 .45rem 1.8rem;}
.ct-passage {border-left: 3px solid #b91c1c; background: #fafaf9; margin: 0 0 .3rem 0;
  padding: .6rem .9rem; white-space: pre-wrap; line-height: 1.65; font-size: .95rem; color: #292524;}
mark.ct-mark {background: #fde68a; color: inherit; padding: .05rem .15rem; border-radius: 3px;}
.ct-refs {font-size: .82rem; color: #57534e; margin-top: .35rem;}
.ct-refs span.ct-ref {white-space: nowrap;}
.ct-tl-entry {border-left: 3px solid #d6d3d1; padding: .2rem 0 .6rem .8rem; margin-bottom: .4rem;}
.ct-tl-date {font-weight: 600; color: #9a3412;} .ct-tl-entry ul {margin: .2rem 0; font-size: .9rem;}
.ct-edge {font-size: .82rem; color: #57534e;} .ct-edge-typed {color: #9a3412; font-weight: 500;}
.ct-standing {font-size: .85rem; margin: .5rem 0;} .ct-standing-stated {color: #9a3412;}
.ct-hit-head {font-size: .92rem; color: #1c1917;}
.ct-hit-head b {color: #7f1d1d;}
.ct-rank {display: inline-block; min-width: 1.6rem; color: #a8a29e; font-weight: 600;}
.ct-snippet {font-size: .88rem; color: #44403c; line-height: 1.55; margin: .15rem 0 0 1.6rem;}
.ct-noanswer {border: 1px solid #e7e5e4; background: #fafaf9; border-radius: .5rem; padding: .9rem 1.1rem;
  font-size: .92rem; color: #44403c;}
.ct-noanswer b {color: #7f1d1d;}
.ct-meta {display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem;}
.ct-meta dt {color: #78716c;} .ct-meta dd {margin: 0; color: #1c1917;}
.ct-doc {white-space: pre-wrap; line-height: 1.75; font-size: .97rem; color: #1c1917; max-width: 62rem;
  border: 1px solid #e7e5e4; border-radius: .5rem; padding: 1.2rem 1.5rem; background: #fff;}
.ct-summary {border-collapse: collapse; font-size: .85rem; width: 100%;}
.ct-summary td {padding: .25rem .6rem; border-bottom: 1px solid #f5f5f4; vertical-align: top;}
.ct-summary td:first-child {white-space: nowrap; color: #57534e;}
.ct-summary td.ct-st-skip {color: #b91c1c; font-weight: 600;}
.ct-summary code {font-size: .82rem; background: none; color: #1c1917;}
.ct-target {display: grid; grid-template-columns: 2.2rem 6.5rem minmax(8rem, 1.2fr) minmax(8rem, 1.4fr) 9rem 10rem;
  gap: .6rem; font-size: .86rem; line-height: 1.45; padding: .3rem 0; border-bottom: 1px solid #f5f5f4;
  color: #1c1917;}
.ct-target.ct-head {color: #78716c; font-weight: 600; border-bottom: 1px solid #e7e5e4;}
.ct-target .ct-value {font-weight: 700; color: #7f1d1d; white-space: nowrap;}
.ct-target .ct-src {color: #57534e;}
.ct-doc .ct-cited {background: #fef9c3; box-shadow: 0 0 0 3px #fef9c3; border-radius: 2px;}
</style>
"""

# Scrolls the cited passage into view once the document is on screen (retries for ~6 s while it renders).
# No "<" inside: DOMPurify drops a <script> whose text looks like markup ("<4" would count).
SCROLL_SCRIPT = (
    "<script>(function(){var n=0;function go(){var el=document.getElementById('" + CITED_ID + "');"
    "if(el){el.scrollIntoView({behavior:'smooth',block:'center'});return;}"
    "n+=1;if(n>=40){return;}setTimeout(go,150);}setTimeout(go,200);})();</script>"
)


def hero_html(title: str, subtitle: str) -> str:
    return (
        f'<div class="ct-hero"><div class="ct-logo">CT</div><div><h1>{esc(title)}</h1>'
        f"<p>{esc(subtitle)}</p></div></div>"
    )


def esc(text: object) -> str:
    """Text from a document, made inert for HTML (and for Markdown, should it ever pass through it)."""
    return html.escape(str(text or ""), quote=True).translate(_MD_SPECIALS)


def md_escape(text: object) -> str:
    """Text for a Streamlit label (which renders Markdown): every Markdown mark backslash-escaped."""
    return _MD_BACKSLASH.sub(r"\\\1", " ".join(str(text or "").split()))


def tidy(text: str) -> str:
    """Runs of blank lines reduced to one."""
    return _BLANKS.sub("\n\n", text)


def snippet(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def where(section: str, page: int | None, lang: str) -> str:
    parts = []
    if section:
        parts.append(t("sec", lang, s=section))
    if page:
        parts.append(t("page", lang, p=page))
    return ", ".join(parts)


def citation_line(doc: DocInfo, lang: str, section: str = "", page: int | None = None) -> str:
    """'<b>Thông báo số 508-TB/TU</b> · Tỉnh ủy Hải Minh · 08/02/2022 · mục 2 › 4, trang 3' (escaped)."""
    parts = [f"<b>{esc(doc.label)}</b>"]
    if doc.issuer:
        parts.append(esc(doc.issuer))
    if doc.issue_date:
        parts.append(esc(fmt_date(doc.issue_date)))
    loc = where(section, page, lang)
    if loc:
        parts.append(esc(loc))
    line = " · ".join(parts)
    return f"{line}{scanned_badge(doc, lang)}"


def scanned_badge(doc: DocInfo, lang: str) -> str:
    """The mark of a document whose text OCR recognised (empty for a born-digital one)."""
    if not doc.scanned:
        return ""
    return f'<span class="ct-scan">{esc(t("scanned", lang))}</span>'


def marked(runs: Iterable[tuple[str, bool]]) -> str:
    """(text, is_answer) runs as escaped HTML with the answer runs in <mark>."""
    out = []
    for text, is_answer in runs:
        body = esc(text)
        out.append(f'<mark class="ct-mark">{body}</mark>' if is_answer else body)
    return tidy("".join(out)).strip()


def ref_label(ref: RefLink) -> str:
    name = " ".join(p for p in (ref.doc_type, f"số {ref.number}" if ref.number else None) if p)
    name = name or (ref.title or "?")
    return f"{name} ({fmt_date(ref.date)})" if ref.date else name


def refs_html(label: str, refs: Sequence[RefLink], lang: str, limit: int = 6) -> str:
    items = []
    for ref in refs[:limit]:
        suffix = "" if ref.doc_id else f" <i>({esc(t('not_in_archive', lang))})</i>"
        items.append(f'<span class="ct-ref">{esc(ref_label(ref))}{suffix}</span>')
    more = f" … (+{len(refs) - limit})" if len(refs) > limit else ""
    return f'<div class="ct-refs"><b>{esc(label)}:</b> {" · ".join(items)}{more}</div>'


def citation_html(c: Citation, lang: str) -> str:
    title = f'<div class="ct-title">{esc(c.doc.title)}</div>' if c.doc.title else ""
    body = [
        f'<div class="ct-cite"><span class="ct-n">[{c.n}]</span>{citation_line(c.doc, lang, c.section, c.page)}'
        "</div>",
        title,
        f'<div class="ct-passage">{marked(c.highlighted_text)}</div>',
    ]
    if c.cites:
        body.append(refs_html(t("cites", lang), c.cites, lang))
    if c.cited_by:
        body.append(refs_html(t("cited_by", lang), c.cited_by, lang))
    return '<div class="ct-card">' + "".join(body) + "</div>"


_TARGET_COLUMNS = ("", "t_value", "t_measure", "t_population", "t_deadline", "t_source")


def targets_head_html(lang: str) -> str:
    """The header of the targets table (its rows are ``target_html``, one per line of the page)."""
    cells = "".join(f"<div>{esc(t(key, lang)) if key else ''}</div>" for key in _TARGET_COLUMNS)
    return (
        f'<div class="ct-section">{esc(t("targets", lang))}</div>'
        f'<div class="ct-muted">{esc(t("targets_note", lang))}</div>'
        f'<div class="ct-target ct-head">{cells}</div>'
    )


def target_html(row: TargetRow, lang: str) -> str:
    """One target: value, measure, population, deadline, and its document (escaped)."""
    value = row.display_value or "—"
    deadline = row.deadline or (fmt_date(row.due) if row.due else "")
    source = f"{row.doc.label}" + (f", {where(row.section, None, lang)}" if row.section else "")
    body = f"<br>{esc(t('t_body', lang))}: {esc(row.responsible)}" if row.responsible else ""
    cite = f"[{row.citation}]" if row.citation else ""
    return (
        f'<div class="ct-target"><div class="ct-n">{esc(cite)}</div><div class="ct-value">{esc(value)}</div>'
        f"<div>{esc(row.measure)}</div><div>{esc(row.population)}</div><div>{esc(deadline)}{body}</div>"
        f'<div class="ct-src">{esc(source)}</div></div>'
    )


def hit_html(rank: int, hit: Hit, lang: str) -> str:
    return (
        f'<div class="ct-hit"><div class="ct-hit-head"><span class="ct-rank">{rank}.</span>'
        f"{citation_line(hit.doc, lang, hit.section, hit.page)}</div>"
        f'<div class="ct-snippet">{esc(snippet(hit.text))}</div></div>'
    )


def no_answer_html(message: str, lang: str) -> str:
    return (
        f'<div class="ct-noanswer"><b>{esc(t("no_answer", lang))}</b><br>{esc(t("no_answer_hint", lang))}'
        f'<br><span class="ct-muted">{esc(message)}</span></div>'
    )


def summary_html(rows: Sequence[tuple[str, str, str]]) -> str:
    """Per-file build results (status, doc_id, detail) as an escaped table; skipped rows stand out."""
    body = []
    for status, doc_id, detail in rows:
        cls = ' class="ct-st-skip"' if detail and not detail.startswith("=") else ""
        body.append(
            f"<tr><td{cls}>{esc(status)}</td><td><code>{esc(doc_id)}</code></td><td>{esc(detail)}</td></tr>"
        )
    return f'<table class="ct-summary">{"".join(body)}</table>'


def meta_html(rows: Sequence[tuple[str, str | None]]) -> str:
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    return f'<dl class="ct-meta">{cells}</dl>'


def document_html(
    text: str, span: tuple[int, int] | None = None, marks: Sequence[tuple[int, int]] = ()
) -> str:
    """The full text, escaped; ``span`` (the cited passage) wrapped in an anchor, ``marks`` in <mark>.

    Offsets are into ``text``; out-of-range or inverted ones are clamped or dropped.
    """
    n = len(text)
    if span is None or not (0 <= span[0] < span[1] <= n):
        return f'<div class="ct-doc">{esc(tidy(text))}</div>'
    s, e = span
    inner: list[str] = []
    pos = s
    for ms, me in sorted((max(a, s), min(b, e)) for a, b in marks):
        if ms >= me or ms < pos:
            continue
        inner.append(esc(text[pos:ms]))
        inner.append(f'<mark class="ct-mark">{esc(text[ms:me])}</mark>')
        pos = me
    inner.append(esc(text[pos:e]))
    return (
        f'<div class="ct-doc">{esc(tidy(text[:s]))}<span class="ct-cited" id="{CITED_ID}">{"".join(inner)}</span>'
        f"{esc(tidy(text[e:]))}</div>"
    )
