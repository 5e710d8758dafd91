"""Put diacritics back on a question typed without them, using the archive's own words.

The multilingual model reads "tiem vac xin" poorly (unaccented Vietnamese is close to
noise for it), while lexical search handles it by folding. For the dense side and for
scoring answer sentences, the question is rewritten with the most frequent accented
form the archive uses for each folded word pair (then single word), e.g.
"muc tieu tiem vac xin" → "mục tiêu tiêm vắc xin". Words the archive does not know stay.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.vietnamese import fold, words


@dataclass(frozen=True)
class Restored:
    text: str
    changed: bool


def count_forms(texts: Iterable[str]) -> dict[str, tuple[str, int]]:
    """folded unigram/bigram → (most frequent accented form, its count)."""
    counts: Counter[str] = Counter()
    for text in texts:
        toks = words(text)
        counts.update(toks)
        counts.update(f"{a} {b}" for a, b in zip(toks, toks[1:]))
    best: dict[str, tuple[str, int]] = {}
    for form, n in counts.items():
        key = fold(form)
        if key not in best or n > best[key][1]:
            best[key] = (form, n)
    return best


def store_forms(conn: sqlite3.Connection, texts: Iterable[str]) -> None:
    """Recount from all chunk texts (inside the build's transaction)."""
    conn.execute("DELETE FROM accent_forms")
    conn.executemany(
        "INSERT INTO accent_forms(folded, form, n) VALUES(?,?,?)",
        ((k, f, n) for k, (f, n) in count_forms(texts).items() if n >= 2),
    )


def restore(conn: sqlite3.Connection, text: str) -> Restored:
    """Accent an unaccented question word pair by word pair; unknown words stay as typed."""
    toks = words(text)
    if not toks:
        return Restored(text, False)
    try:
        lookup = _lookup(conn, toks)
    except sqlite3.OperationalError:  # an index built before this table existed
        return Restored(text, False)
    out: list[str] = []
    i = 0
    while i < len(toks):
        if i + 1 < len(toks) and f"{toks[i]} {toks[i + 1]}" in lookup:
            out.extend(lookup[f"{toks[i]} {toks[i + 1]}"].split(" "))
            i += 2
        else:
            out.append(lookup.get(toks[i], toks[i]))
            i += 1
    restored = " ".join(out)
    return Restored(restored, restored != " ".join(toks))


def _lookup(conn: sqlite3.Connection, toks: list[str]) -> dict[str, str]:
    keys = list(dict.fromkeys([*toks, *(f"{a} {b}" for a, b in zip(toks, toks[1:]))]))
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT folded, form FROM accent_forms WHERE folded IN ({marks})", keys)
    return dict(rows.fetchall())
