"""Chỉ Thị Search: ask questions, read cited answers, open documents, update the index.

    streamlit run search_app.py          # data folder from $CHITHI_DATA; 127.0.0.1 only (.streamlit/config.toml)

Everyone signs in first (``app_ui.signin``); what they see follows their role: readers ask and
read, archivists also upload and reindex, admins also manage accounts and read the audit log.
Every action calls one function of ``index.api``, which checks the role again and writes the
audit row; rendering helpers live in ``app_ui``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app_ui import render as R  # noqa: E402
from app_ui import signin as S  # noqa: E402
from app_ui import widgets as W  # noqa: E402
from app_ui.admin import admin_view  # noqa: E402
from app_ui.document import document_view  # noqa: E402
from app_ui.i18n import STRINGS, t  # noqa: E402
from app_ui.jobs import Job, JobRunner  # noqa: E402
from app_ui.scans import scan_beside_text  # noqa: E402
from app_ui.timeline import timeline_view  # noqa: E402
from app_ui.uploads import ALLOWED_EXTENSIONS, UPLOAD_DIR, UploadResult  # noqa: E402
from config import SAMPLE_ARCHIVE, Settings, load_settings  # noqa: E402
from index.api import (  # noqa: E402
    Actor,
    ArchiveMissing,
    Filters,
    IndexDamaged,
    IndexMismatch,
    IndexReader,
    IndexStats,
    NoIndex,
    archive_folder,
    ask,
    begin_reindex,
    build_index,
    has_index,
    load_model,
    may,
    model_key,
    note_question,
    open_index,
    skipped_files,
    stats,
    upload_files,
)
from index.records import TargetRow  # noqa: E402

EXAMPLES = (
    "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?",
    "Học sinh trở lại trường học trực tiếp từ khi nào?",
    "What are the vaccine targets for February 2022?",
)


# ---------------------------------------------------------------- resources (once per process)
@st.cache_resource(show_spinner=False)
def _embedder(key: str, _settings: Settings):
    return load_model(_settings)


def embedder_for(settings: Settings):
    """The embedding model, loaded once per process and shared by every data folder that uses it."""
    return _embedder(model_key(settings), settings)


@st.cache_resource(show_spinner=False)
def _reader(key: str, _settings: Settings) -> IndexReader:
    return open_index(_settings, embedder_for(_settings))


@st.cache_resource(show_spinner=False)
def _runner(key: str) -> JobRunner:
    return JobRunner()


# ---------------------------------------------------------------- actions
def start_build(
    settings: Settings, runner: JobRunner, archive: Path, kind: str, actor: Actor, **notes: object
) -> Job | None:
    """Bring the index up to date with ``archive`` in a background thread (None if one is running).
    ``begin_reindex`` refuses a role below archivist (and audits the refusal) before anything runs."""
    begin_reindex(settings, actor, archive, kind)
    total = sum(1 for p in archive.rglob("*") if p.suffix.lower().lstrip(".") in ALLOWED_EXTENSIONS)

    def work(job: Job):
        job.stage = "model"
        embedder = embedder_for(settings)  # loads the model in this thread on a first run
        job.stage = "files"
        return build_index(
            archive, settings, embedder, progress=False, on_file=job.on_file, on_progress=job.on_progress
        )

    return runner.start(kind, work, total_hint=total, archive=str(archive), **notes)


def handle_uploads(
    files: Iterable[tuple[str, bytes]], archive: Path, settings: Settings, runner: JobRunner, actor: Actor
) -> tuple[UploadResult, Job | None]:
    """Save the valid uploads into ``archive/uploads/`` and index them; bad ones are reported, not written."""
    result = upload_files(settings, actor, archive, files)
    job = start_build(settings, runner, archive, "upload", actor) if result.saved else None
    return result, job


def _set_question(text: str) -> None:
    st.session_state["q_input"] = text


# ---------------------------------------------------------------- views
def hero(lang: str) -> None:
    st.html(R.hero_html(t("title", lang), t("subtitle", lang)))


def ask_view(
    reader: IndexReader, settings: Settings, actor: Actor, info: IndexStats, filters: Filters, lang: str
) -> None:
    if "q_input" not in st.session_state:
        st.session_state["q_input"] = st.session_state.get("question", "")
    col_q, col_b = st.columns([8, 1], vertical_alignment="bottom")
    question = col_q.text_input(
        t("q_label", lang), key="q_input", placeholder=t("q_ph", lang), label_visibility="collapsed"
    )
    col_b.button(t("ask_btn", lang), type="primary", key="ask", width="stretch")
    question = (question or "").strip()
    st.session_state["question"] = question
    if not question:
        if Path(info.archive or "").resolve() == SAMPLE_ARCHIVE.resolve():
            cols = st.columns([1, 6, 6, 6], vertical_alignment="center")
            cols[0].caption(t("examples", lang))
            for i, example in enumerate(EXAMPLES):
                cols[i + 1].button(
                    example, key=f"ex{i}", type="tertiary", on_click=_set_question, args=(example,)
                )
        return
    key = (question, filters, info.built_at)
    memo = st.session_state.get("_answer")
    if memo is None or memo[0] != key:
        note_question(settings, actor, question)
        with st.spinner(t("searching", lang)):
            memo = (key, ask(reader, question, filters=filters))
        st.session_state["_answer"] = memo
    answer = memo[1]
    if answer.found:
        head, timing = st.columns([6, 1], vertical_alignment="bottom")
        head.html(
            f'<div class="ct-section">{R.esc(t("answer", lang))}</div>'
            f'<div class="ct-muted">{R.esc(t("answer_note", lang))}</div>'
        )
        timing.caption(f":material/timer: {t('elapsed', lang, ms=f'{answer.elapsed_ms:.0f}')}")
        if answer.targets:
            targets_table(answer.targets, lang)
        for c in answer.citations:
            with st.container(border=True):
                st.html(R.citation_html(c, lang))
                if c.doc.scanned and c.page:
                    scan_beside_text(
                        settings, actor, info, c.doc.doc_id, c.page, c.passage, lang, f"scan-{c.n}"
                    )
                marks = [(c.start + s, c.start + e) for s, e in c.highlights]
                st.button(
                    t("open_doc", lang),
                    key=f"open-cite-{c.n}",
                    type="tertiary",
                    icon=":material/article:",
                    on_click=W.open_doc,
                    args=(c.doc.doc_id, (c.start, c.end), marks),
                )
    else:
        st.html(R.no_answer_html(answer.message, lang))
        st.caption(f":material/timer: {t('elapsed', lang, ms=f'{answer.elapsed_ms:.0f}')}")
    if answer.hits:
        st.html(
            f'<div class="ct-section" style="margin-top:1rem">{R.esc(t("results", lang))}</div>'
            f'<div class="ct-muted">{R.esc(t("n_results", lang, n=len(answer.hits)))}</div>'
        )
        for i, h in enumerate(answer.hits, 1):
            left, right = st.columns([9, 1.4], vertical_alignment="center")
            left.html(R.hit_html(i, h, lang))
            right.button(
                t("open_doc", lang),
                key=f"open-hit-{i}",
                type="tertiary",
                on_click=W.open_doc,
                args=(h.doc.doc_id, (h.start, h.end), ()),
            )


def targets_table(rows: Sequence[TargetRow], lang: str) -> None:
    """The targets the cited passages state, above them; each row opens its sentence highlighted."""
    with st.container(border=True, key="targets"):
        st.html(R.targets_head_html(lang))
        for i, row in enumerate(rows, 1):
            left, right = st.columns([9, 1.2], vertical_alignment="center")
            left.html(R.target_html(row, lang))
            right.button(
                t("open_sentence", lang),
                key=f"open-target-{i}",
                type="tertiary",
                on_click=W.open_doc,
                args=(row.doc.doc_id, (row.start, row.end), [(row.start, row.end)]),
            )


def index_view(
    reader: IndexReader, settings: Settings, info: IndexStats, runner: JobRunner, actor: Actor, lang: str
) -> None:
    try:
        archive = archive_folder(info.archive)
    except ArchiveMissing as exc:  # never another folder: uploads and a rescan would go astray
        st.error(t("archive_missing", lang))
        st.code(str(exc), language=None)
        W.job_panel(runner, lang)
        return
    st.caption(f"{t('archive', lang)}: {R.md_escape(archive)}")
    W.job_panel(runner, lang)
    up, rescan = st.columns([3, 2], gap="large")
    with up:
        st.markdown(f"**{t('upload_title', lang)}**")
        n = st.session_state.get("upload_round", 0)
        files = st.file_uploader(
            t("upload_label", lang, mb=settings.max_file_mb),
            accept_multiple_files=True,
            type=[*ALLOWED_EXTENSIONS, "htm"],
            key=f"upload-{n}",
        )
        st.caption(t("upload_where", lang, dir=archive / UPLOAD_DIR))
        if st.button(
            t("upload_btn", lang), type="primary", disabled=not files or runner.running, key="upload"
        ):
            result, _ = handle_uploads(
                [(f.name, f.getvalue()) for f in files or []], archive, settings, runner, actor
            )
            st.session_state["upload_result"] = result
            st.session_state["upload_round"] = n + 1
            st.rerun()
        result: UploadResult | None = st.session_state.get("upload_result")
        if result is not None:
            if result.saved:
                st.success(t("saved", lang, n=len(result.saved)))
            for name, reason, _detail in result.rejected:
                why = t(f"r_{reason}", lang, mb=settings.max_file_mb) if f"r_{reason}" in STRINGS else reason
                st.error(t("rejected", lang, name=R.md_escape(name), reason=why))
    with rescan:
        st.markdown(f"**{t('rescan_title', lang)}**")
        st.caption(t("rescan_help", lang))
        if st.button(t("rescan_btn", lang), disabled=runner.running, key="rescan", icon=":material/sync:"):
            if start_build(settings, runner, archive, "rescan", actor) is None:
                st.warning(t("job_busy", lang))
            else:
                st.rerun()
        if info.skipped:
            with st.expander(t("skipped_n", lang, n=info.skipped)):
                rows = [(t("st_skipped", lang), d, f"{p} — {a}") for d, p, a in skipped_files(reader)]
                st.html(R.summary_html(rows))


def first_run(settings: Settings, runner: JobRunner, actor: Actor, lang: str) -> None:
    with st.container(border=True):
        st.subheader(t("first_title", lang))
        st.markdown(t("first_body", lang, data=R.md_escape(settings.data_dir)))
        st.code("python -m index build sample_archive", language="bash")
        st.markdown(t("first_own", lang))
        if not may(actor.role, "reindex"):
            st.info(t("first_ask", lang))
            return
        st.markdown(t("first_or", lang))
        if st.button(
            t("first_button", lang),
            type="primary",
            key="build-sample",
            disabled=runner.running,
            icon=":material/play_arrow:",
        ):
            # An explicit choice on a data folder without any index, never a fallback.
            start_build(settings, runner, SAMPLE_ARCHIVE, "sample", actor)
            st.rerun()
        W.job_panel(runner, lang)


def open_reader(settings: Settings, lang: str) -> IndexReader | None:
    """The shared reader; None when no index is built; stops the page with the fix when the
    index cannot be opened (another model, damaged files)."""
    if not has_index(settings):
        return None
    try:
        with st.spinner(t("loading", lang)):
            return _reader(repr(settings), settings)
    except NoIndex:
        return None
    except (IndexMismatch, IndexDamaged) as exc:
        st.error(t("index_error", lang))
        st.code(str(exc), language=None)
        st.stop()
    return None


def main() -> None:
    st.set_page_config(page_title="Chỉ Thị Search", page_icon=":material/gavel:", layout="wide")
    st.html(R.CSS)
    settings = load_settings()
    lang = "en" if st.session_state.get("lang_en") else "vi"
    with st.sidebar:
        st.toggle(t("english", lang), key="lang_en")
    hero(lang)
    session = S.signed_in(settings, lang)
    if session is None:
        return
    actor = session.actor
    S.account_box(settings, session, lang)
    try:
        signed_in_page(settings, actor, lang)
    except IndexDamaged as exc:  # damaged while the page had it open: say so, reopen next time
        _reader.clear()
        st.error(t("index_error", lang))
        st.code(str(exc), language=None)


def signed_in_page(settings: Settings, actor: Actor, lang: str) -> None:
    runner = _runner(repr(settings))
    reader = open_reader(settings, lang)
    if reader is None:
        first_run(settings, runner, actor, lang)
        return
    # When the counts were read: a build that ends after it must redraw them (job_panel).
    st.session_state["_stats_read"] = time.monotonic()
    info = stats(reader)
    filters = W.status_and_filters(info, lang)
    doc_id = st.query_params.get("doc")
    if doc_id:
        document_view(reader, settings, actor, info, doc_id, lang)
        return
    # Only the tabs the role may use are drawn: a reader's page has no upload or rescan widget.
    names = (
        ["ask", "timeline"]
        + (["index"] if may(actor.role, "upload") else [])
        + (["admin"] if may(actor.role, "manage_accounts") else [])
    )
    tabs = dict(zip(names, st.tabs([t(f"tab_{n}", lang) for n in names])))
    with tabs["ask"]:
        ask_view(reader, settings, actor, info, filters, lang)
    with tabs["timeline"]:
        timeline_view(reader, filters, lang)
    if "index" in tabs:
        with tabs["index"]:
            index_view(reader, settings, info, runner, actor, lang)
    if "admin" in tabs:
        with tabs["admin"]:
            admin_view(settings, actor, lang)


main()
