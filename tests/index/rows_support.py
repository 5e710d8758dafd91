"""Typed rows for unit tests of the ranking stages, with only what a test cares about set."""

from __future__ import annotations

from index.records import DocInfo
from index.store.queries import ChunkRow


def chunk_row(
    chunk_id: int, doc: int, text: str = "", number_key: str | None = None, issuer: str | None = None
) -> ChunkRow:
    info = DocInfo(
        doc_id=f"doc-{doc}",
        doc_type=None,
        number=number_key,
        number_key=number_key,
        issuer=issuer,
        issue_date=None,
        title=None,
    )
    return ChunkRow(chunk_id, doc, 0, 0, len(text), text, "", None, "", info)
