"""Precision and recall of ``corpus.targets`` on a hand-checked set (JSONL, one passage a line:
``text`` verbatim, ``split`` dev/held_out, ``targets``: each a ``quote`` found once in the text, the
``value`` (None for a deadline row) and ``unit``).

A found target matches a checked one when its clause overlaps the quote and the values are equal
(both None for a deadline). Each checked target is matched at most once; units are not compared
(they are written several ways: "%", "phần trăm").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.targets import Target, extract_targets


@dataclass(frozen=True)
class Miss:
    passage: str  # the set's id, e.g. "t13"
    kind: str  # "missed" (checked, not found) or "extra" (found, not checked)
    text: str  # the quote or the found clause
    value: float | None


@dataclass(frozen=True)
class TargetScores:
    split: str
    passages: int
    checked: int  # targets in the set
    found: int  # targets the extractor gave
    matched: int
    misses: tuple[Miss, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.checked if self.checked else 1.0


def load_checked(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _same_value(found: Target, value: float | None) -> bool:
    if value is None or found.value is None:
        return value is None and found.value is None
    return abs(found.value - float(value)) < 1e-6


def _score_passage(record: dict) -> tuple[int, list[Miss], int]:
    text = record["text"]
    found = list(extract_targets(text))
    used = [False] * len(found)
    matched, misses = 0, []
    for gold in record["targets"]:
        qs = text.index(gold["quote"])
        qe = qs + len(gold["quote"])
        hit = next(
            (
                i
                for i, t in enumerate(found)
                if not used[i] and t.start < qe and qs < t.end and _same_value(t, gold["value"])
            ),
            None,
        )
        if hit is None:
            misses.append(Miss(record["id"], "missed", gold["quote"], gold["value"]))
        else:
            used[hit] = True
            matched += 1
    for i, t in enumerate(found):
        if not used[i]:
            misses.append(Miss(record["id"], "extra", text[t.start : t.end][:160], t.value))
    return matched, misses, len(found)


def evaluate(records: list[dict], split: str = "all") -> TargetScores:
    """Scores on the passages of ``split`` ("dev", "held_out" or "all")."""
    chosen = [r for r in records if split == "all" or r["split"] == split]
    matched = found = 0
    misses: list[Miss] = []
    for record in chosen:
        m, miss, n = _score_passage(record)
        matched, found = matched + m, found + n
        misses.extend(miss)
    checked = sum(len(r["targets"]) for r in chosen)
    return TargetScores(split, len(chosen), checked, found, matched, tuple(misses))
