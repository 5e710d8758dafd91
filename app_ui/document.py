"""A document on its own: metadata, what it cites and what cites it, the full text with the
cited passage marked and scrolled to, and the original file to download (read only from inside
the archive folder: no symbolic link, nothing outside it)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_ui import render as R
from app_ui import widgets as W
from app_ui.i18n import fmt_date, t
from app_ui.scans import scan_beside_text
from config import Settings
from corpus.formats import format_of, mime_of
from index.api import (
    Actor,
    ArchiveMissing,
    DocumentNotFound,
    IndexReader,
    IndexStats,
    get_document,
    original_file,
    standing_lines,
)


def download(settings: Settings, actor: Actor, info: IndexStats, doc_id: str, lang: str) -> None:
    """The original file, read only from inside the archive folder (no symbolic link, nothing outside)."""
    try:
        data = original_file(settings, actor, info.archive, doc_id)
    except FileNotFoundError:
        st.caption(t("file_missing", lang, path=R.md_escape(doc_id)))
        return
    except (PermissionError, ArchiveMissing) as exc:  # a role too low, a symbolic link, outside the archive
        st.caption(t("file_refused", lang, why=R.md_escape(exc)))
        return
    st.download_button(
        t("download", lang),
        data=data,
        file_name=Path(doc_id).name,
        key="download",
        mime=mime_of(format_of(doc_id) or "", doc_id),
        icon=":material/download:",
        on_click="ignore",
    )


def _ocr_note(confidence: float | None, lang: str) -> str | None:
    if confidence is None:
        return None
    return f"{t('scanned', lang)} ({t('ocr_conf', lang, c=f'{confidence:.0f}')})"


def _page_at(pages: tuple[tuple[int, ...], ...], offset: int) -> int | None:
    """The page (1-based) holding ``offset`` of the cleaned text."""
    for number, start, end in pages:
        if start <= offset <= end:
            return number
    return None


def document_view(
    reader: IndexReader, settings: Settings, actor: Actor, info: IndexStats, doc_id: str, lang: str
) -> None:
    st.button(t("back", lang), on_click=W.close_doc, icon=":material/arrow_back:", key="back")
    try:
        view = get_document(reader, doc_id)
    except DocumentNotFound:
        st.warning(t("doc_missing", lang, doc=doc_id))
        return
    d = view.doc
    spans = W.parse_spans(st.query_params.get("at"))
    span = spans[0] if spans else None
    title = (
        f'<p class="ct-muted" style="font-size:1rem;margin:.2rem 0 0 0">{R.esc(d.title)}</p>'
        if d.title
        else ""
    )
    st.html(f'<div class="ct-doc-title"><h1>{R.esc(d.label)}</h1>{title}</div>')
    main, side = st.columns([2.5, 1.2], gap="large")
    with side:
        st.html(
            R.meta_html(
                [
                    (t("m_type", lang), d.doc_type),
                    (t("m_number", lang), d.number),
                    (t("m_issuer", lang), d.issuer),
                    (t("m_date", lang), fmt_date(d.issue_date) if d.issue_date else None),
                    (t("m_place", lang), d.place),
                    (t("m_signer", lang), d.signer),
                    (t("m_file", lang), d.doc_id),
                    (t("m_duplicate", lang), d.duplicate_of),
                    (t("m_ocr", lang), _ocr_note(d.ocr_confidence, lang)),
                ]
            )
        )
        download(settings, actor, info, d.doc_id, lang)
        # What the archive says about this document's standing; nothing claimed where it is silent.
        lines = "".join(f"<li>{R.esc(line)}</li>" for line in standing_lines(view.standing, lang))
        css = "ct-standing ct-standing-stated" if view.standing.stated else "ct-standing"
        st.html(f'<div class="{css}"><b>{R.esc(t("standing", lang))}</b><ul>{lines}</ul></div>')
        W.ref_buttons("cites", view.cites, lang, "cites")
        W.ref_buttons("cited_by", view.cited_by, lang, "citedby", passive=True)
    with main:
        page = _page_at(view.pages, span[0]) if span and d.scanned else None
        if page:
            start, end = span
            scan_beside_text(settings, actor, info, d.doc_id, page, view.text[start:end], lang, "scan-doc")
        st.html(R.document_html(view.text, span, W.parse_spans(st.query_params.get("hl"))))
        if span:
            st.html(R.SCROLL_SCRIPT, unsafe_allow_javascript=True)
