"""How the passages of tests/data/targets_checked.jsonl were drawn (run once; they were then
labelled by hand). Reads the chunks of an index built from ../shared/corpus, read-only:

    python scripts/sample_targets.py /work/data/archive/index/index.sqlite OUT.jsonl

Strata, one passage per document, in a fixed random order (seed 20261203): passages with a goal
word and a value, with a deadline word but no goal word, with numbers/amounts but neither, with
dates only; the 508-TB/TU bulletin's item 2 › 4. A second draw was added after the first had been
read: it held targets in 7 of 63 passages, too few to measure recall, so passages stating goals
with numbers or dated deadlines were drawn from the other end of the same order. Every third
passage (ids divisible by 3) is held out.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys

from corpus.vietnamese import fold

GOAL = re.compile(r"phan dau|muc tieu|chi tieu")
VALUE = re.compile(r"%|dong\b|dat ")
DEADLINE = re.compile(r"truoc ngay|cham nhat|thoi han")
AMOUNT = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|ty dong|trieu dong)")
DATES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|thang \d+")
GOAL_VALUE = re.compile(r"(phan dau|muc tieu|chi tieu)[^.\n]{0,200}\d+(?:,\d+)?\s*%")
DATED = re.compile(
    r"(truoc ngay|cham nhat[^.\n]{0,20}ngay|hoan thanh[^.\n]{0,40}(?:ngay|thang|quy|nam))\s*\d"
)


def _first_draw(f: str) -> dict[str, bool]:
    goal, dl, num = GOAL.search(f), DEADLINE.search(f), AMOUNT.search(f)
    return {
        "goal": bool(goal and VALUE.search(f)),
        "deadline": bool(dl and not goal),
        "numbers_no_goal": bool(num and not goal and not dl),
        "dates": bool(DATES.search(f) and not goal and not dl and not num),
        "goal_value": bool(GOAL_VALUE.search(f)),
        "dated_deadline": bool(DATED.search(f)),
    }


def _draw(rows: list[tuple], strata: dict[str, int], used: set[str], picked: list[dict]) -> None:
    for name, n in strata.items():
        k = 0
        for doc, ordinal, s, e, text, section in rows:
            if k >= n:
                break
            if doc in used or len(text) < 300 or not _first_draw(fold(text))[name]:
                continue
            used.add(doc)
            k += 1
            picked.append(_record(name, doc, ordinal, s, e, section, text))


def _record(stratum: str, doc: str, ordinal: int, s: int, e: int, section: str, text: str) -> dict:
    return {
        "stratum": stratum,
        "doc_id": doc,
        "chunk_ordinal": ordinal,
        "start": s,
        "end": e,
        "section": section,
        "text": text,
    }


def main(db: str, out: str) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    select = "SELECT d.doc_id, c.ordinal, c.start, c.end, c.text, c.section FROM chunks c JOIN documents d ON c.doc=d.id"
    rows = conn.execute(f"{select} WHERE d.duplicate_of IS NULL").fetchall()
    random.seed(20261203)
    random.shuffle(rows)
    picked: list[dict] = []
    used: set[str] = set()
    _draw(rows, {"goal": 24, "deadline": 14, "numbers_no_goal": 16, "dates": 8}, used, picked)
    seed = conn.execute(f"{select} WHERE d.doc_id LIKE '%508-TB-TU%' AND c.section = '2 › 4'").fetchall()
    picked.append(_record("seed", *seed[0][:4], seed[0][5], seed[0][4]))
    _draw(rows[::-1], {"goal_value": 12, "dated_deadline": 8}, used, picked)
    for i, p in enumerate(picked):
        p["id"] = f"t{i + 1:02d}"
        p["split"] = "held_out" if i % 3 == 2 else "dev"
    with open(out, "w", encoding="utf-8") as f:
        for p in picked:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(len(picked), "passages")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
