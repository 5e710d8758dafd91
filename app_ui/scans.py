"""The page image of a scanned document beside the text OCR recognised from it, so a reviewer can
check a figure against the scan. The page is rendered from the original file on demand (read
like a download: same role, same archive checks) and kept for the session."""

from __future__ import annotations

import streamlit as st

from app_ui import render as R
from app_ui.i18n import t
from config import Settings
from index.api import Actor, ArchiveMissing, IndexStats, page_image


def _image(settings: Settings, actor: Actor, info: IndexStats, doc_id: str, page: int) -> bytes | str:
    """PNG bytes, or why there is none (escaped for Markdown)."""
    memo = st.session_state.setdefault("_scan_pages", {})
    key = (info.built_at, doc_id, page)
    if key not in memo:
        try:
            memo[key] = page_image(settings, actor, info.archive, doc_id, page)
        except FileNotFoundError:
            return R.md_escape(f"{doc_id} is no longer in the archive folder")
        except (PermissionError, ArchiveMissing, ValueError) as exc:
            return R.md_escape(str(exc))
    return memo[key]


def scan_beside_text(
    settings: Settings, actor: Actor, info: IndexStats, doc_id: str, page: int, text: str, lang: str, key: str
) -> None:
    """An expander: the scanned page on the left, the recognised passage on the right."""
    with st.expander(t("scan_page", lang, p=page), icon=":material/document_scanner:"):
        st.caption(t("scan_check", lang))
        image = _image(settings, actor, info, doc_id, page)
        if isinstance(image, str):
            st.caption(t("scan_no_image", lang, why=image))
            return
        left, right = st.columns([1, 1], gap="medium")
        left.image(image, caption=f"{R.md_escape(doc_id)} · {t('page', lang, p=page)}", width="stretch")
        right.html(f'<div class="ct-passage" id="{R.esc(key)}">{R.esc(text)}</div>')
