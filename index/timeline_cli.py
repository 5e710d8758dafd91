"""python -m index timeline SUBJECT: a subject's documents in issue-date order, what each said
on it and the relations among them (index/answer/timeline.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def cmd_timeline(args: argparse.Namespace) -> int:
    from index.api import open_index, timeline, verb
    from index.cli import _filters, _settings, dump

    line = timeline(open_index(_settings(args)), args.subject, filters=_filters(args))
    if args.json:
        dump(line)
        return 0
    if not line.entries:
        print(f"No document on {args.subject!r} in the index.")
        return 0
    labels = {e.doc.doc_id: e.doc.label for e in line.entries}
    for e in line.entries:
        when = e.doc.issue_date.strftime("%d/%m/%Y") if e.doc.issue_date else "(không rõ ngày)"
        print(f"{when}  {e.doc.label} · {e.doc.issuer or '?'}  [{e.doc.doc_id}]")
        for row in e.targets:
            print(f"    ◆ {row.display_value or '—'} {row.measure} {row.population} {row.deadline}".rstrip())
        for sentence in e.sentences:
            print(f"    « {sentence[:400]} »")
        for edge in line.edges:
            if edge.source == e.doc.doc_id:
                link = _edge_link(edge)
                print(f"    → {verb(link)} {labels[edge.target]}")
    if line.undated:
        print(f"({line.undated} document(s) without an issue date are listed last.)")
    return 0


def _edge_link(edge):
    from index.api import RefLink

    return RefLink(None, None, None, edge.target, kind=edge.kind, partial=edge.partial)


def add_commands(add: Callable, filters: Callable[[argparse.ArgumentParser], None]) -> None:
    sp = add(
        "timeline",
        cmd_timeline,
        "a subject's documents in date order, with what each said and their relations",
    )
    sp.add_argument("subject")
    filters(sp)
