"""The administration tab (admins only): accounts (add, unlock, reset a password, change a role,
remove) and the audit log with its CSV export. Each action is one ``index.api`` call, which
checks the role again and writes the audit row."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import streamlit as st

from app_ui.i18n import t
from config import Settings
from index.api import (
    ROLES,
    AccessError,
    AccountError,
    Actor,
    add_account,
    audit_events,
    change_password,
    change_role,
    list_accounts,
    remove_account,
    unlock_account,
    write_csv,
)

ACTIONS = ("unlock", "passwd", "role", "remove")
AUDIT_ROWS = 500  # shown on the page; the CSV holds every row since the day chosen


def admin_view(settings: Settings, actor: Actor, lang: str) -> None:
    left, right = st.columns([1, 1], gap="large")
    with left:
        accounts_panel(settings, actor, lang)
    with right:
        audit_panel(settings, actor, lang)


def accounts_panel(settings: Settings, actor: Actor, lang: str) -> None:
    st.markdown(f"**{t('ad_accounts', lang)}**")
    done = st.session_state.pop("_admin_done", None)
    if done:
        st.success(done)
    try:
        accounts = list_accounts(settings, actor)
    except AccessError as exc:
        st.error(str(exc))
        return
    st.dataframe(
        [
            {
                t("ad_account", lang): a.name,
                t("ad_role", lang): t(f"role_{a.role}", lang),
                "🔒": "🔒" if a.locked else "",
                "last sign-in": a.last_sign_in or "",
            }
            for a in accounts
        ],
        hide_index=True,
        key="accounts-table",
    )
    role_label = {r: t(f"role_{r}", lang) for r in ROLES}
    with st.form("add-account", clear_on_submit=True):
        st.markdown(f"**{t('ad_add', lang)}**")
        name = st.text_input(t("si_name", lang), key="ad_name")
        role = st.selectbox(t("ad_role", lang), ROLES, format_func=role_label.get, key="ad_role")
        password = st.text_input(t("si_password", lang), type="password", key="ad_password")
        if st.form_submit_button(t("ad_add_btn", lang), key="ad_add"):
            _do(lambda: add_account(settings, actor, (name or "").strip(), role, password or ""), name, lang)
    names = [a.name for a in accounts]
    if not names:
        return
    with st.form("change-account", clear_on_submit=True):
        st.markdown(f"**{t('ad_change', lang)}**")
        who = st.selectbox(t("ad_account", lang), names, key="ch_name")
        action = st.selectbox(
            t("ad_action", lang), ACTIONS, format_func=lambda a: t(f"ad_a_{a}", lang), key="ch_action"
        )
        new_role = st.selectbox(t("ad_role", lang), ROLES, format_func=role_label.get, key="ch_role")
        new_password = st.text_input(t("ad_new_password", lang), type="password", key="ch_password")
        if st.form_submit_button(t("ad_apply", lang), key="ch_apply"):
            calls = {
                "unlock": lambda: unlock_account(settings, actor, who),
                "passwd": lambda: change_password(settings, actor, who, new_password or ""),
                "role": lambda: change_role(settings, actor, who, new_role),
                "remove": lambda: remove_account(settings, actor, who),
            }
            _do(calls[action], f"{t(f'ad_a_{action}', lang)} · {who}", lang)


def _do(call: Callable[[], object], what: str, lang: str) -> None:
    """Run the change; on success draw the page again (the lists change) and say what was done."""
    try:
        call()
    except (AccessError, AccountError) as exc:
        st.error(str(exc))
    else:
        st.session_state["_admin_done"] = t("ad_done", lang, what=what)
        st.rerun()


def audit_panel(settings: Settings, actor: Actor, lang: str) -> None:
    st.markdown(f"**{t('ad_audit', lang)}**")
    week_ago = (datetime.now(UTC) - timedelta(days=7)).date()
    since = st.date_input(t("ad_since", lang), value=week_ago, format="DD/MM/YYYY", key="audit_since")
    try:
        events = audit_events(settings, actor, since)
    except AccessError as exc:
        st.error(str(exc))
        return
    st.caption(t("ad_events", lang, n=len(events)))
    shown = events[-AUDIT_ROWS:][::-1]
    st.dataframe(
        [
            {"at": e.at, "who": e.who, "action": e.action, "detail": e.detail, "from": e.address}
            for e in shown
        ],
        hide_index=True,
        key="audit-table",
    )
    out = io.StringIO()
    write_csv(events, out)
    st.download_button(
        t("ad_csv", lang),
        data=out.getvalue().encode("utf-8"),
        file_name=f"chithi-audit-since-{since}.csv",
        mime="text/csv",
        key="audit-csv",
        on_click="ignore",
    )
