"""How well corpus/relations.py reads hand-checked sentences of the real archive.

Each line of the checked file (tests/data/relations_checked.jsonl) is one sentence with where
it comes from (file, offsets in the loaded text, the document's own number) and the expected
kind of every document it names. A typed edge (anything but "cites") counts as found when the
classifier gives that number that kind; precision and recall are over typed edges, so a
sentence that only cites scores through its false positives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.numbers import number_key, parse_doc_number
from corpus.relations import find_relations

CHECKED = Path(__file__).resolve().parents[1] / "tests" / "data" / "relations_checked.jsonl"


@dataclass(frozen=True)
class Miss:
    row_id: str
    number: str
    expected: str
    found: str


@dataclass(frozen=True)
class RelationScore:
    split: str
    sentences: int
    expected: int  # typed edges in the checked set
    found: int  # typed edges the classifier gave
    correct: int
    misses: tuple[Miss, ...]

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def load_checked(path: Path = CHECKED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: Iterable[dict], split: str = "all") -> RelationScore:
    rows = [r for r in rows if split == "all" or r["split"] == split]
    expected = found = correct = 0
    misses = []
    for row in rows:
        own = parse_doc_number(row["own_number"]) if row.get("own_number") else None
        got = {r.number_key: r.kind for r in find_relations(row["sentence"], own)}
        for edge in row["edges"]:
            want, have = edge["kind"], got.get(number_key(edge["number"]), "cites")
            expected += want != "cites"
            found += have != "cites"
            correct += want != "cites" and want == have
            if want != have:
                misses.append(Miss(row["id"], edge["number"], want, have))
    return RelationScore(split, len(rows), expected, found, correct, tuple(misses))


def report(path: Path = CHECKED) -> str:
    rows = load_checked(path)
    lines = []
    for split in ("dev", "held-out", "all"):
        s = score(rows, split)
        lines.append(
            f"{split:9} sentences {s.sentences:3}  typed edges {s.expected:3}  found {s.found:3}  "
            f"correct {s.correct:3}  precision {s.precision:.3f}  recall {s.recall:.3f}"
        )
    for m in score(rows).misses:
        lines.append(f"  miss {m.row_id}: {m.number} expected {m.expected}, found {m.found}")
    return "\n".join(lines)
