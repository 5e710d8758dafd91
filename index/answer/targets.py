"""The targets an answer lists: those stated in its cited passages (extracted at build time,
``index.store.targets``), kept to the period the question names ("tháng 2/2022": due in
February 2022; "năm 2025": due in 2025). A target with no date stays when the question
names no period."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from index.records import Citation, TargetRow
from index.retrieval.query import ParsedQuery
from index.store.queries import targets_in_span

MAX_ROWS = 12


def _in_period(row: TargetRow, q: ParsedQuery) -> bool:
    if not (q.months or q.years or q.dates):
        return True
    if row.due is None:
        return False
    if (row.due.year, row.due.month) in q.months or row.due in q.dates:
        return True
    return not q.months and not q.dates and row.due.year in q.years


def answer_targets(
    conn: sqlite3.Connection, q: ParsedQuery, citations: list[Citation]
) -> tuple[TargetRow, ...]:
    """Up to ``MAX_ROWS`` targets from ``citations`` in citation order, each marked with its [n]."""
    rows: list[TargetRow] = []
    for c in citations:
        for row in targets_in_span(conn, c.doc.doc_id, c.start, c.end):
            if _in_period(row, q) and not any(
                r.chunk_id == row.chunk_id and r.start == row.start and r.value == row.value for r in rows
            ):
                rows.append(replace(row, citation=c.n))
    return tuple(rows[:MAX_ROWS])
