"""Latency figures the evaluation commands print: the 95th percentile as every one of them
reads it, and answers timed in pairs (each question asked by two configurations in turn,
alternating which goes first, so the machine's load falls on both alike)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from index.records import Answer


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def ask_paired(
    askers: dict[str, Callable[[str], Answer]], questions: list[str]
) -> tuple[dict[str, list[float]], int]:
    """Milliseconds per question for each asker (in the order of ``questions``), and how many
    questions got the same citations and highlights from all of them."""
    times: dict[str, list[float]] = {name: [] for name in askers}
    same = 0
    for i, question in enumerate(questions):
        cited = []
        for name in sorted(askers, reverse=bool(i % 2)):
            start = time.perf_counter()
            answer = askers[name](question)
            times[name].append((time.perf_counter() - start) * 1000)
            cited.append([(c.label, c.start, c.highlights) for c in answer.citations])
        same += all(c == cited[0] for c in cited)
    return times, same
