"""python -m index build|search|ask|show|refs|stats|check|eval|bench|serve|tokens|users|audit — a
thin CLI over index.api (ask and search can also go to a running server: --server URL --token TOKEN)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

from index import admin_cli, server_cli, timeline_cli
from index.evaluation import commands as evaluation_commands


def dump(obj: object) -> None:
    """``--json``: the records' one JSON form, the same the REST API answers with."""
    from index.records import to_plain

    print(json.dumps(to_plain(obj), ensure_ascii=False, indent=2))


def _settings(args: argparse.Namespace):
    from config import load_settings

    return load_settings(data_dir=args.data)


def _filters(args: argparse.Namespace):
    from index.records import Filters

    return Filters(
        doc_types=tuple(args.type or ()),
        issuers=tuple(args.issuer or ()),
        date_from=date.fromisoformat(args.date_from) if args.date_from else None,
        date_to=date.fromisoformat(args.date_to) if args.date_to else None,
        number=args.number,
    )


def cmd_build(args: argparse.Namespace) -> int:
    from index.api import build_index, record_event

    settings = _settings(args)
    if args.ray:
        settings = settings.with_(ray=args.ray)
    report = build_index(Path(args.archive), settings, rebuild=args.rebuild, progress=not args.json)
    detail = (
        f"build {Path(args.archive).resolve()}{' --rebuild' if args.rebuild else ''}: "
        + report.summary().split("\n")[0]
    )
    record_event(settings, admin_cli.cli_actor(), "reindex", detail)
    if args.json:
        dump(
            {
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "skipped": [dataclasses.asdict(s) for s in report.skipped],
                "duplicates": report.duplicates,
                "chunks_embedded": report.chunks_embedded,
                "chunks_total": report.chunks_total,
                "seconds": report.seconds,
            }
        )
    else:
        print(report.summary())
    return 0


def _fmt_doc(doc) -> str:
    when = doc.issue_date.strftime("%d/%m/%Y") if doc.issue_date else "?"
    scan = " · văn bản quét — nhận dạng tự động" if getattr(doc, "scanned", False) else ""
    return f"{doc.label} · {doc.issuer or '?'} · {when}{scan}  [{doc.doc_id}]"


def _client(args: argparse.Namespace):
    from index.server.client import ApiClient

    return ApiClient(args.server, args.token)


def cmd_search(args: argparse.Namespace) -> int:
    from index.actions import checked_query

    checked_query(args.query, args.top)
    if args.server:
        hits = _client(args).search(args.query, k=args.top, filters=_filters(args))
    else:
        from index.api import open_index, search

        hits = search(open_index(_settings(args)), args.query, k=args.top, filters=_filters(args))
    if args.json:
        dump(hits)
        return 0
    for i, h in enumerate(hits, 1):
        print(f"{i}. {_fmt_doc(h.doc)}  {h.section and 'mục ' + h.section}  score={h.score:.4f}")
        print("   " + " ".join(h.text.split())[:300])
    if not hits:
        print("No results.")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from index.actions import checked_query

    checked_query(args.question, args.top)
    if args.server:
        answer = _client(args).ask(args.question, top=args.top, filters=_filters(args))
    else:
        from index.api import ask, open_index

        answer = ask(open_index(_settings(args)), args.question, top=args.top, filters=_filters(args))
    if args.json:
        dump(answer)
        return 0
    if not answer.found:
        print(answer.message)
    _print_targets(answer.targets)
    for c in answer.citations:
        print(f"[{c.n}] {_fmt_doc(c.doc)}  {c.where}")
        text = "".join(f"»{t}«" if mark else t for t, mark in c.highlighted_text)
        print("    " + " ".join(text.split()))
        for ref in c.cites[:8]:
            print(
                f"    cites: {ref.doc_type or ''} {ref.number or ''}"
                + (f" → {ref.doc_id}" if ref.doc_id else "")
            )
        for ref in c.cited_by[:8]:
            print(f"    cited by: {ref.doc_type or ''} {ref.number or ''} → {ref.doc_id}")
    print(f"({answer.elapsed_ms:.0f} ms)")
    return 0


def _print_targets(rows) -> None:
    """The targets the cited passages state, one a line: [n] value · measure · for whom · deadline."""
    if not rows:
        return
    print("Mục tiêu / targets:")
    for r in rows:
        parts = [r.display_value or "—", r.measure, r.population, r.deadline, r.responsible]
        where = f"{r.doc.label}" + (f", mục {r.section}" if r.section else "")
        print(f"  [{r.citation}] " + " · ".join(p for p in parts if p) + f"  ({where})")
    print()


def _resolve(reader, key: str) -> str:
    from index.api import find_by_number

    docs = find_by_number(reader, key)
    return docs[0].doc_id if docs else key


def cmd_show(args: argparse.Namespace) -> int:
    from index.api import get_document, open_index

    reader = open_index(_settings(args))
    view = get_document(reader, _resolve(reader, args.doc))
    if args.json:
        dump(view)
        return 0
    d = view.doc
    print(_fmt_doc(d))
    for k in ("doc_type", "number", "issuer", "place", "issue_date", "title", "signer"):
        print(f"  {k}: {getattr(d, k)}")
    if d.scanned:
        print(
            f"  ocr_confidence: {d.ocr_confidence} (a scan read by OCR: check figures against the original)"
        )
    _print_refs(view)
    if not args.refs_only:
        print("\n" + view.text)
    return 0


def _print_refs(view) -> None:
    from index.relation_text import link_label, standing_lines, verb

    print("Còn hiệu lực? (what the archive says):")
    for line in standing_lines(view.standing):
        print(f"  {line}")
    print("Cites:")
    for r in view.cites:
        print(f"  - [{verb(r)}] {link_label(r)}" + (f" → {r.doc_id}" if r.doc_id else ""))
        if r.evidence:
            print(f"      « {' '.join(r.evidence.split())[:300]} »")
    print("Cited by:")
    for r in view.cited_by:
        print(f"  - {verb(r, passive=True)} {link_label(r)} → {r.doc_id}")


def cmd_refs(args: argparse.Namespace) -> int:
    args.refs_only = True
    return cmd_show(args)


def cmd_stats(args: argparse.Namespace) -> int:
    from index.api import open_index, stats

    s = stats(open_index(_settings(args)))
    if args.json:
        dump(s)
        return 0
    print(f"documents {s.documents} · chunks {s.chunks} · duplicates {s.duplicates} · skipped {s.skipped}")
    print(f"model {s.model} · built {s.built_at} · archive {s.archive}")
    for t, n in s.by_type.items():
        print(f"  {n:5d}  {t}")
    return 0


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give at least 1")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    def add(name: str, fn, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help)
        sp.add_argument("--data", help="data folder (default: $CHITHI_DATA or the user data dir)")
        sp.add_argument("--json", action="store_true", help="print JSON")
        sp.set_defaults(fn=fn)
        return sp

    def remote(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--server", help="ask a running `python -m index serve` at this URL instead")
        sp.add_argument(
            "--token",
            default=os.environ.get("CHITHI_API_TOKEN"),
            help="API token for --server (default: $CHITHI_API_TOKEN, which keeps it out of ps)",
        )

    def filters(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--type", action="append", help="document type, e.g. 'Thông báo' (repeatable)")
        sp.add_argument("--issuer", action="append", help="issuer as stored (repeatable)")
        sp.add_argument("--from", dest="date_from", help="issued on or after YYYY-MM-DD")
        sp.add_argument("--to", dest="date_to", help="issued on or before YYYY-MM-DD")
        sp.add_argument("--number", help="document number, e.g. 508-TB/TU")

    sp = add("build", cmd_build, "index an archive folder (incremental)")
    sp.add_argument("archive")
    sp.add_argument("--rebuild", action="store_true", help="re-chunk everything (embeddings stay cached)")
    sp.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="embed new chunks on a Ray cluster (host:6379, ray://host:10001) or 'local' (pip install ray[data])",
    )
    sp = add("search", cmd_search, "ranked passages for a query")
    sp.add_argument("query")
    sp.add_argument("--top", type=positive, default=10, help="passages to return (at least 1)")
    filters(sp)
    remote(sp)
    sp = add("ask", cmd_ask, "a cited answer to a question")
    sp.add_argument("question")
    sp.add_argument("--top", type=positive, help="passages to cite (default: the setting answer_top)")
    filters(sp)
    remote(sp)
    sp = add("show", cmd_show, "a document (by id or number), what it cites and what cites it")
    sp.add_argument("doc")
    sp.set_defaults(refs_only=False)
    sp = add("refs", cmd_refs, "what a document cites and what cites it")
    sp.add_argument("doc")
    timeline_cli.add_commands(add, filters)
    add("stats", cmd_stats, "what the index holds")
    admin_cli.add_commands(add)
    server_cli.add_commands(add)
    evaluation_commands.add_commands(add)
    return p


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    """One line on stderr; with --json also the API's error form on stdout."""
    if getattr(args, "json", False):
        print(json.dumps({"schema_version": "1", "error": message}, ensure_ascii=False))
    print(f"error: {message}", file=sys.stderr)
    return code


def _stdout_closed() -> int:
    """``python -m index show X | head``: the reader stopped reading; end quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from index.access.roles import AccessError, AccountError
    from index.errors import BadQuery, EmptyQuery, IndexError_

    try:
        return args.fn(args)
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        return _fail(
            args, "stopped (Ctrl-C); a build stopped half way leaves the previous index usable.", 130
        )
    except (IndexError_, EmptyQuery, BadQuery, AccessError, AccountError) as exc:
        return _fail(args, str(exc), 2)
    except (FileNotFoundError, LookupError, ValueError) as exc:
        return _fail(args, str(exc), 2)
    except (OSError, sqlite3.Error) as exc:
        return _fail(args, f"{exc} (check the path, its permissions and free disk space)", 1)
