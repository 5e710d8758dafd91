"""Copies of one document saved with other bytes (other website chrome, other line
endings): told by their cleaned text, indexed once."""

from __future__ import annotations

import sqlite3

from corpus.loader import same_text_key
from corpus.types import Document


def same_text_copies(
    conn: sqlite3.Connection, docs: list[Document], leaving: set[str], original_of: dict[str, str]
) -> dict[str, str]:
    """The same page saved twice (other website chrome, other bytes) has the same cleaned
    text: the copy points to the document already indexed, else to the first by name.
    Its text is known only once loaded, hence this second pass. Adds to ``original_of``
    and returns each loaded document's text key."""
    keys = {doc.doc_id: same_text_key(doc.text) for doc in docs}
    if docs:
        kept_texts = _kept_texts(conn, set(keys.values()), leaving)
        for doc in docs:
            if doc.doc_id in original_of:
                continue
            key = keys[doc.doc_id]
            if key in kept_texts:
                original_of[doc.doc_id] = kept_texts[key]
            else:
                kept_texts[key] = doc.doc_id
    return keys


def _kept_texts(conn: sqlite3.Connection, keys: set[str], leaving: set[str]) -> dict[str, str]:
    """Text key → doc_id of the indexed originals holding one of ``keys`` that this build
    leaves as they are. Keys are stored at insert: an incremental build reads only these."""
    kept: dict[str, str] = {}
    wanted = sorted(keys)
    for i in range(0, len(wanted), 500):  # SQLite bounds the number of parameters
        batch = wanted[i : i + 500]
        rows = conn.execute(
            "SELECT doc_id, text_key FROM documents WHERE duplicate_of IS NULL "
            f"AND text_key IN ({','.join('?' * len(batch))})",
            batch,
        )
        kept.update((key, doc_id) for doc_id, key in rows if doc_id not in leaving)
    # Documents stored before text keys existed (filled by this build's commit).
    for doc_id, text in conn.execute(
        "SELECT doc_id, text FROM documents WHERE duplicate_of IS NULL AND text_key IS NULL"
    ):
        if doc_id not in leaving:
            kept.setdefault(same_text_key(text), doc_id)
    return kept
