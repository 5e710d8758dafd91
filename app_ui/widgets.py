"""Streamlit widgets of the page that only display or collect values: no index access here.

Navigation is kept in the URL (``?doc=<doc_id>&at=<start>-<end>&hl=<start>-<end>,…``), so a document
view can be shared or bookmarked and ``?doc=`` links open a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import streamlit as st

from app_ui import render as R
from app_ui.i18n import STRINGS, fmt_timestamp, t
from app_ui.jobs import JobRunner
from index.api import verb
from index.records import Filters, IndexStats, RefLink


def open_doc(doc_id: str, span: tuple[int, int] | None = None, marks: Iterable[tuple[int, int]] = ()) -> None:
    st.query_params.clear()
    st.query_params["doc"] = doc_id
    if span:
        st.query_params["at"] = f"{span[0]}-{span[1]}"
        hl = ",".join(f"{s}-{e}" for s, e in marks)
        if hl:
            st.query_params["hl"] = hl


def close_doc() -> None:
    st.query_params.clear()


def parse_spans(raw: str | None) -> list[tuple[int, int]]:
    out = []
    for part in (raw or "").split(",")[:20]:
        s, _, e = part.partition("-")
        if s.isdigit() and e.isdigit() and int(s) < int(e):
            out.append((int(s), int(e)))
    return out


def clear_filters() -> None:
    for key in ("f_types", "f_issuers", "f_from", "f_to"):
        st.session_state.pop(key, None)
    st.session_state["f_number"] = ""


def status_and_filters(info: IndexStats, lang: str) -> Filters:
    with st.sidebar:
        st.subheader(t("status", lang))
        c1, c2 = st.columns(2)
        c1.metric(t("documents", lang), f"{info.documents:,}".replace(",", "."))
        c2.metric(t("chunks", lang), f"{info.chunks:,}".replace(",", "."))
        st.caption(
            f"{t('model', lang)}: {R.md_escape(info.model)}  \n{t('built_at', lang)}: {fmt_timestamp(info.built_at)}"
        )
        if info.skipped:
            st.caption(t("skipped_n", lang, n=info.skipped))
        st.divider()
        st.subheader(t("filters", lang))
        types = [k for k in info.by_type if k != "—"]
        issuers = [k for k in info.by_issuer if k != "—"]
        for key, options in (("f_types", types), ("f_issuers", issuers)):
            if key in st.session_state:
                st.session_state[key] = [v for v in st.session_state[key] if v in options]
        sel_types = st.multiselect(
            t("f_type", lang),
            types,
            key="f_types",
            placeholder=t("f_any", lang),
            format_func=lambda k: f"{k} ({info.by_type.get(k, 0)})",
        )
        sel_issuers = st.multiselect(
            t("f_issuer", lang),
            issuers,
            key="f_issuers",
            placeholder=t("f_any", lang),
            format_func=lambda k: f"{k} ({info.by_issuer.get(k, 0)})",
        )
        c1, c2 = st.columns(2)
        bounds = {"min_value": date(1945, 1, 1), "max_value": date(2100, 12, 31), "format": "DD/MM/YYYY"}
        date_from = c1.date_input(t("f_from", lang), value=None, key="f_from", **bounds)
        date_to = c2.date_input(t("f_to", lang), value=None, key="f_to", **bounds)
        number = st.text_input(t("f_number", lang), key="f_number", placeholder=t("f_number_ph", lang))
        filters = Filters(
            doc_types=tuple(sel_types),
            issuers=tuple(sel_issuers),
            date_from=date_from if isinstance(date_from, date) else None,
            date_to=date_to if isinstance(date_to, date) else None,
            number=(number or "").strip() or None,
        )
        if not filters.is_empty():
            st.button(
                t("f_clear", lang),
                on_click=clear_filters,
                type="tertiary",
                icon=":material/close:",
                key="clear-filters",
            )
    return filters


def ref_buttons(title: str, refs: Sequence[RefLink], lang: str, prefix: str, passive: bool = False) -> None:
    """Links to the documents cited (or citing, ``passive``), each with what it does when that is
    more than citing ("thay thế", "bị bãi bỏ bởi") and the sentence that says so."""
    st.markdown(f"**{t(title, lang)}**")
    if not refs:
        st.caption(t("none", lang))
    for i, ref in enumerate(refs):
        typed = ref.kind != "cites"
        label = R.md_escape((verb(ref, lang, passive=passive) + " · " if typed else "") + R.ref_label(ref))
        if ref.doc_id:
            st.button(
                label,
                key=f"{prefix}-{i}",
                type="tertiary",
                icon=":material/link:",
                wrap=True,
                on_click=open_doc,
                args=(ref.doc_id,),
            )
        else:
            st.caption(f"{label} · _{t('not_in_archive', lang)}_")
        if typed and ref.evidence:
            st.caption(f"« {R.md_escape(R.snippet(ref.evidence, 240))} »")


def job_panel(runner: JobRunner, lang: str) -> None:
    """The running build's progress (re-drawn every second), or the last build's summary."""
    job = runner.job
    if job is None:
        return
    if not job.done:

        @st.fragment(run_every=1.0)
        def poll() -> None:
            current = runner.job
            if current is None or current.done:
                st.rerun()
            text = f"{t('job_model' if current.stage in ('start', 'model') else 'job_running', lang)} "
            text += f"({current.seconds:.0f} s)"
            if current.progress and current.progress[0] == "waiting":
                text = f"{t('job_waiting', lang)} ({current.seconds:.0f} s)"
            elif current.progress and current.progress[0] in ("embedding", "sentences"):
                stage, done, total = current.progress
                text += f" · {'embedding' if stage == 'embedding' else 'sentences'} {done}/{total}"
            elif current.events:
                doc, status = current.events[-1]
                text += " · " + R.md_escape(t("job_file", lang, status=status_word(status, lang), doc=doc))
            st.progress(current.fraction, text=text)

        poll()
        return
    if job.finished is not None and job.finished > st.session_state.get("_stats_read", job.finished):
        st.rerun()  # it ended while this run drew the old counts in the sidebar
    if job.error:
        st.error(t("job_failed", lang, error=R.md_escape(job.error)))
        return
    report = job.result
    st.success(t("job_done", lang, s=f"{job.seconds:.1f}"))
    counts = [
        ("st_added", len(report.added)),
        ("st_updated", len(report.updated)),
        ("st_removed", len(report.removed)),
        ("st_unchanged", report.unchanged),
        ("st_skipped", len(report.skipped)),
        ("st_duplicates", len(report.duplicates)),
    ]
    st.caption(" · ".join(f"{t(k, lang)} **{n}**" for k, n in counts))
    rows = [(t("st_skipped", lang), s.doc_id, f"{s.problem} — {s.action}") for s in report.skipped]
    rows += [(t("st_added", lang), d, "") for d in report.added]
    rows += [(t("st_updated", lang), d, "") for d in report.updated]
    rows += [(t("st_removed", lang), d, "") for d in report.removed]
    rows += [(t("st_duplicates", lang), dup, f"= {orig}") for dup, orig in report.duplicates]
    if rows:
        with st.expander(t("per_file", lang, n=len(rows)), expanded=len(rows) <= 8 or bool(report.skipped)):
            st.html(R.summary_html(rows))


def status_word(status: str, lang: str) -> str:
    """'added' / 'skipped: reason' from ``on_file`` in the page's language."""
    head, sep, rest = status.partition(":")
    key = f"st_{head.strip()}"
    return t(key, lang) + sep + rest if key in STRINGS else status
