"""Answer latency with sentence vectors stored at build time against embedded per question.

    python -m index.evaluation.sentence_bench ARCHIVE QUESTIONS.jsonl [--limit 60]

Builds ARCHIVE into the data folder ($CHITHI_DATA), opens two readers of the one index (one with
``sentence_vectors`` off) and asks each question of both, alternating which goes first, so the
machine's load falls on both alike. Prints p50/p95 of each and how many answers are identical.
"""

from __future__ import annotations

import argparse
import json
import statistics
from functools import partial
from pathlib import Path

from config import load_settings
from index import api
from index.evaluation.latency import ask_paired, p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args(argv)
    stored = load_settings()
    embedder = api.load_model(stored)
    report = api.build_index(args.archive, stored, embedder, progress=False)
    print(report.summary().splitlines()[1])
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()][: args.limit]
    readers = {"stored": api.open_index(stored, embedder)}
    readers["embedded"] = api.open_index(stored.with_(sentence_vectors=False), embedder)
    times, same = ask_paired({name: partial(api.ask, reader) for name, reader in readers.items()}, questions)
    print(f"questions {len(questions)}; identical citations and highlights {same}")
    for name, values in times.items():
        print(f"sentences {name:8s} p50 {statistics.median(values):6.0f} ms  p95 {p95(values):6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
