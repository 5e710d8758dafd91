"""Who is using the page: the sign-in form (local accounts) or the single-sign-on proxy's
header, the session kept in ``st.session_state`` (server side: a browser cannot set it) and
checked on every run, and the sidebar box with the sign-out button.

Every check and every audit row is ``index.api``'s; this module only draws and remembers."""

from __future__ import annotations

import streamlit as st

from app_ui import render as R
from app_ui.i18n import t
from config import Settings
from index.api import (
    AccessStoreError,
    Session,
    SessionEnded,
    SignInFailed,
    current_session,
    sign_in,
    sign_in_proxy,
    sign_out,
)

SESSION_KEY = "_session"


def request_identity() -> tuple[dict[str, str], str]:
    """The request's headers and the address it came from. Streamlit gives no address for a
    loopback connection (``ip_address`` is None then): that is 127.0.0.1."""
    return dict(st.context.headers), st.context.ip_address or "127.0.0.1"


def signed_in(settings: Settings, lang: str) -> Session | None:
    """The valid session of this browser tab, or None after drawing the sign-in form (or the
    reason single sign-on failed)."""
    session: Session | None = st.session_state.get(SESSION_KEY)
    if session is not None:
        try:
            session = current_session(settings, session)
        except (SessionEnded, AccessStoreError) as exc:
            st.session_state.pop(SESSION_KEY, None)
            st.session_state["_ended"] = str(exc)
            session = None
    if session is None and settings.auth_mode == "proxy":
        headers, peer = request_identity()
        try:
            session = sign_in_proxy(settings, headers, peer)
        except (SignInFailed, AccessStoreError) as exc:
            st.error(t("si_proxy_failed", lang))
            st.code(str(exc), language=None)
            return None
    if session is not None:
        st.session_state[SESSION_KEY] = session
        return session
    _form(settings, lang)
    return None


def _form(settings: Settings, lang: str) -> None:
    ended = st.session_state.pop("_ended", None)
    if ended:
        st.info(ended)
    _, middle, _ = st.columns([1, 2, 1])
    with middle, st.form("sign-in", clear_on_submit=True):
        st.subheader(t("si_title", lang))
        name = st.text_input(t("si_name", lang), key="signin_name")
        password = st.text_input(t("si_password", lang), type="password", key="signin_password")
        submitted = st.form_submit_button(t("si_button", lang), type="primary", key="signin")
    if submitted:
        _, peer = request_identity()
        try:
            st.session_state[SESSION_KEY] = sign_in(settings, name or "", password or "", address=peer)
        except SignInFailed as exc:
            key = {"wrong": "si_wrong", "locked": "si_locked"}.get(exc.code)
            middle.error(t(key, lang, n=settings.lockout_failures) if key else str(exc))
        except AccessStoreError as exc:
            middle.error(str(exc))
        else:
            st.rerun()
    middle.caption(t("si_help", lang))


def account_box(settings: Settings, session: Session, lang: str) -> None:
    """'Signed in as NAME (role)' and the sign-out button, in the sidebar."""
    actor = session.actor
    with st.sidebar:
        st.markdown(t("si_as", lang, name=R.md_escape(actor.name), role=t(f"role_{actor.role}", lang)))
        if session.method == "password" and st.button(
            t("si_out", lang), key="signout", icon=":material/logout:"
        ):
            sign_out(settings, session)
            st.session_state.clear()
            st.rerun()
