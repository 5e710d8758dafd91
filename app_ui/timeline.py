"""The timeline tab: a subject's documents in date order, each with its sentences on the subject
and what it does to the others listed (replaces, amends, repeals, carries out…). Everything
from the archive is escaped."""

from __future__ import annotations

import streamlit as st

from app_ui import render as R
from app_ui import widgets as W
from app_ui.i18n import fmt_date, t
from index.api import (
    BadQuery,
    EmptyQuery,
    Filters,
    IndexReader,
    RefLink,
    Timeline,
    TimelineEdge,
    TimelineEntry,
    timeline,
    verb,
)


def _edge_html(edge: TimelineEdge, labels: dict[str, str], lang: str, outgoing: bool) -> str:
    link = RefLink(None, None, None, edge.target, kind=edge.kind, partial=edge.partial)
    other = labels[edge.target if outgoing else edge.source]
    words = verb(link, lang, passive=not outgoing)
    cls = "ct-edge" if edge.kind == "cites" else "ct-edge ct-edge-typed"
    return f'<div class="{cls}">{"→" if outgoing else "←"} {R.esc(words)} <b>{R.esc(other)}</b></div>'


def entry_html(entry: TimelineEntry, line: Timeline, lang: str) -> str:
    """One document of the timeline: date, label, issuer, its sentences, its relations (escaped)."""
    labels = {e.doc.doc_id: e.doc.label for e in line.entries}
    when = fmt_date(entry.doc.issue_date) if entry.doc.issue_date else t("tl_no_date", lang)
    said = "".join(f'<li class="ct-tl-sentence">{R.esc(s)}</li>' for s in entry.sentences)
    table = ""
    if entry.targets:
        table = R.targets_head_html(lang) + "".join(R.target_html(row, lang) for row in entry.targets)
    edges = [_edge_html(e, labels, lang, True) for e in line.edges if e.source == entry.doc.doc_id]
    edges += [_edge_html(e, labels, lang, False) for e in line.edges if e.target == entry.doc.doc_id]
    return (
        f'<div class="ct-tl-entry"><div class="ct-tl-date">{R.esc(when)}</div>'
        f'<div class="ct-cite">{R.citation_line(entry.doc, lang)}</div>'
        f"<ul>{said}</ul>{table}{''.join(edges)}</div>"
    )


def timeline_view(reader: IndexReader, filters: Filters, lang: str) -> None:
    subject = st.text_input(t("tl_label", lang), key="tl_input", placeholder=t("tl_ph", lang))
    subject = (subject or "").strip()
    if not subject:
        st.caption(t("tl_hint", lang))
        return
    key = (subject, filters)
    memo = st.session_state.get("_timeline")
    if memo is None or memo[0] != key:
        try:
            with st.spinner(t("searching", lang)):
                memo = (key, timeline(reader, subject, filters=filters))
        except (BadQuery, EmptyQuery) as exc:
            st.warning(str(exc))
            return
        st.session_state["_timeline"] = memo
    line = memo[1]
    if not line.entries:
        st.info(t("tl_none", lang))
        return
    st.caption(t("tl_n", lang, n=len(line.entries)))
    for i, entry in enumerate(line.entries):
        left, right = st.columns([9, 1.4], vertical_alignment="top")
        left.html(entry_html(entry, line, lang))
        right.button(
            t("open_doc", lang),
            key=f"open-tl-{i}",
            type="tertiary",
            on_click=W.open_doc,
            args=(entry.doc.doc_id, (entry.chunk_start, entry.chunk_start), ()),
        )
    if line.undated:
        st.caption(t("tl_undated", lang, n=line.undated))
