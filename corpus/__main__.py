"""``python -m corpus``: see what the loader understood.

python -m corpus inspect PATH [--root DIR] [--json]   one file: metadata, references, chunks
python -m corpus stats DIR [--json]                    a whole archive: counts, coverage, speed
python -m corpus targets-eval FILE [--misses]           target extraction on a hand-checked set
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _settings(args: argparse.Namespace):  # noqa: ANN202 - config.Settings
    from config import load_settings

    return load_settings(chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap)


def _one_line(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _meta_lines(meta) -> list[str]:  # noqa: ANN001 - DocumentMeta
    number = meta.number.display if meta.number else None
    date_text = meta.issue_date.strftime("%d/%m/%Y") if meta.issue_date else None
    rows = [
        ("type", meta.doc_type),
        ("number", number),
        ("issuer", meta.issuer),
        ("place", meta.place),
        ("date", date_text),
        ("signer", meta.signer),
        ("title", meta.title),
    ]
    return [f"  {name:<7} {value if value else '-'}" for name, value in rows]


def cmd_inspect(args: argparse.Namespace) -> int:
    from corpus.chunking import chunk_document
    from corpus.loader import load_document
    from corpus.types import LoadIssue

    path = Path(args.path)
    if not path.is_file():
        print(f"Not a file: {path}", file=sys.stderr)
        return 2
    root = Path(args.root) if args.root else path.parent
    settings = _settings(args)
    doc = load_document(path, root, settings)
    if isinstance(doc, LoadIssue):
        if args.json:
            _dump({"issue": asdict(doc)})
        else:
            print(f"Could not load {doc.doc_id}: {doc.problem}\nWhat to do: {doc.action}")
        return 1
    chunks = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
    if args.json:
        data = asdict(doc)
        data["chunks"] = [asdict(c) for c in chunks]
        _dump(data)
        return 0
    print(f"{doc.doc_id}  ({doc.fmt}, {len(doc.text):,} characters", end="")
    print(f", {len(doc.pages)} pages)" if doc.pages else ")")
    if doc.ocr:
        _print_ocr(doc)
    print("metadata:")
    print("\n".join(_meta_lines(doc.meta)))
    print(f"references ({len(doc.meta.references)}):")
    for ref in doc.meta.references:
        parts = [ref.doc_type or "?", ref.number.display if ref.number else "", str(ref.date or "")]
        print(f'  {" ".join(p for p in parts if p):<40} "{_one_line(ref.raw, 60)}"')
    print(f"chunks ({len(chunks)}, size {settings.chunk_size}, overlap {settings.chunk_overlap}):")
    for c in chunks:
        page = f" p.{c.page}" if c.page else ""
        print(f"  #{c.ordinal:<3} [{c.start}:{c.end}]{page}  § {c.section or '-'}")
        print(f"        {_one_line(c.text)}")
    return 0


def _print_ocr(doc) -> None:  # noqa: ANN001 - corpus.types.Document
    """What OCR read, page by page, with Tesseract's confidence: a scan is checked here."""
    seconds = sum(p.seconds for p in doc.ocr)
    print(
        f"OCR (văn bản quét — nhận dạng tự động): {len(doc.ocr)} pages, mean confidence "
        f"{doc.ocr_confidence}, {seconds:.1f} s of OCR (as first read: a cached scan is not read again)"
    )
    for page in doc.ocr:
        notes = [f"rotated {page.rotated}°"] if page.rotated else []
        notes += ["stopped at ocr_page_seconds"] if page.timed_out else []
        extra = f" ({', '.join(notes)})" if notes else ""
        print(f"--- page {page.number}: confidence {page.confidence}, {page.seconds:.1f} s{extra}")
        for line in page.text.splitlines():
            print(f"  {line}")


def _problem_kind(problem: str) -> str:
    """Group issues by what is wrong, not by the details (sizes, exception text)."""
    return re.sub(r"\s*\(.*\)", "", problem).strip()


def cmd_stats(args: argparse.Namespace) -> int:
    from corpus.chunking import chunk_document
    from corpus.loader import find_duplicates, load_archive
    from corpus.types import Document

    root = Path(args.dir)
    if not root.is_dir():
        print(f"Not a folder: {root}", file=sys.stderr)
        return 2
    settings = _settings(args)
    started = time.perf_counter()
    docs, issues = [], []
    workers = args.workers or min(8, os.cpu_count() or 1)
    for item in load_archive(root, settings, workers=workers):
        (docs if isinstance(item, Document) else issues).append(item)
    loaded = time.perf_counter()
    n_chunks = sum(len(chunk_document(d, settings.chunk_size, settings.chunk_overlap)) for d in docs)
    finished = time.perf_counter()
    duplicates = find_duplicates(docs)

    def share(test) -> float:  # noqa: ANN001
        return round(100 * sum(1 for d in docs if test(d.meta)) / len(docs), 1) if docs else 0.0

    wall = finished - started
    stats = {
        "archive": str(root),
        "files": len(docs) + len(issues),
        "documents": len(docs),
        "by_format": dict(Counter(d.fmt for d in docs).most_common()),
        "issues": len(issues),
        "issues_by_problem": dict(Counter(_problem_kind(i.problem) for i in issues).most_common()),
        "duplicates": [list(pair) for pair in duplicates],
        "chunks": n_chunks,
        "characters": sum(len(d.text) for d in docs),
        "metadata_percent": {
            "type": share(lambda m: m.doc_type),
            "number": share(lambda m: m.number),
            "issuer": share(lambda m: m.issuer),
            "date": share(lambda m: m.issue_date),
        },
        "workers": workers,
        "seconds": {
            "load": round(loaded - started, 2),
            "chunk": round(finished - loaded, 2),
            "wall": round(wall, 2),
        },
        "documents_per_s": round(len(docs) / wall, 1) if wall else None,
        "chunks_per_s": round(n_chunks / wall, 1) if wall else None,
    }
    if args.json:
        stats["issue_list"] = [asdict(i) for i in issues]
        _dump(stats)
        return 0
    print(f"archive    {root}")
    print(f"files      {stats['files']}  (documents {len(docs)}, issues {len(issues)})")
    print("formats    " + ", ".join(f"{k} {v}" for k, v in stats["by_format"].items()))
    if issues:
        print("issues by problem:")
        for kind, count in stats["issues_by_problem"].items():
            print(f"  {count:>4}  {kind}")
        for issue in issues:
            print(f"        {issue}")
    print(f"duplicates {len(duplicates)} pairs")
    for kept, dup in duplicates:
        print(f"        {dup} = {kept}")
    print(f"chunks     {n_chunks}  ({stats['characters']:,} characters of text)")
    print("metadata   " + "  ".join(f"{k} {v}%" for k, v in stats["metadata_percent"].items()))
    sec = stats["seconds"]
    print(
        f"time       load {sec['load']} s + chunk {sec['chunk']} s = {sec['wall']} s wall; "
        f"{stats['documents_per_s']} documents/s, {stats['chunks_per_s']} chunks/s ({workers} workers)"
    )
    return 0


def cmd_targets_eval(args: argparse.Namespace) -> int:
    from corpus.targets_eval import evaluate, load_checked

    path = Path(args.file)
    if not path.is_file():
        print(f"Not a file: {path}", file=sys.stderr)
        return 2
    records = load_checked(path)
    print(
        f"{'split':<9} {'passages':>8} {'checked':>7} {'found':>5} {'matched':>7} {'precision':>9} {'recall':>6}"
    )
    for split in ("dev", "held_out", "all"):
        s = evaluate(records, split)
        print(
            f"{split:<9} {s.passages:>8} {s.checked:>7} {s.found:>5} {s.matched:>7} "
            f"{s.precision:>9.3f} {s.recall:>6.3f}"
        )
        if args.misses and split != "all":
            for miss in s.misses:
                print(f"    {miss.passage} {miss.kind:<6} {miss.value!s:>8}  {_one_line(miss.text, 100)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description="Inspect how documents are loaded.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("inspect", help="one file: metadata, references and chunks")
    p.add_argument("path")
    p.add_argument("--root", help="archive root the doc_id is relative to (default: the file's folder)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser("stats", help="a whole archive: counts, metadata coverage, throughput")
    p.add_argument("dir")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--workers", type=int, default=0, help="processes that read files (default: CPU count, max 8)"
    )
    p = sub.add_parser(
        "relations-check", help="precision/recall of typed relations on hand-checked sentences"
    )
    p.add_argument(
        "file", nargs="?", default=None, help="checked JSONL (default: tests/data/relations_checked.jsonl)"
    )
    for p in (sub.choices["inspect"], sub.choices["stats"]):
        p.add_argument("--chunk-size", type=int, default=None, help="characters per chunk (settings: 1000)")
        p.add_argument("--chunk-overlap", type=int, default=None, help="overlap characters (settings: 150)")
    p = sub.add_parser("targets-eval", help="precision/recall of target extraction on a hand-checked set")
    p.add_argument("file", help="JSONL, e.g. tests/data/targets_checked.jsonl")
    p.add_argument("--misses", action="store_true", help="list the targets missed and found in excess")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "targets-eval":
        return cmd_targets_eval(args)
    if args.command == "relations-check":
        return cmd_relations_check(args)
    return cmd_inspect(args) if args.command == "inspect" else cmd_stats(args)


def cmd_relations_check(args: argparse.Namespace) -> int:
    from corpus.relations_check import CHECKED, report

    print(report(Path(args.file) if args.file else CHECKED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
