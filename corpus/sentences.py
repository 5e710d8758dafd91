"""Where sentences end in directive text: one rule for the answer's highlighting and for
widening cited passages to whole sentences.

A sentence ends at . ; ! ? followed by whitespace, or at a line break: "1.000", "28/02/2022"
and "100%" are not ends, because the split needs whitespace after the mark (";" ends the
clauses that legal lists are made of).
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.;!?](?=\s)|\n")
_SENTENCE = re.compile(r"[^\n.;!?]*(?:[.;!?](?=\s|$)|\n|$)|[^\n]+?(?:\n|$)")


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the whitespace at either edge of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) with surrounding whitespace trimmed; spans shorter than
    three characters are dropped."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = trimmed(text, *m.span())
        if e - s >= 3:
            spans.append((s, e))
    return spans


def starts_sentence(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] == "\n" or bool(SENTENCE_END.search(text, max(0, start - 3), start))


def ends_sentence(text: str, end: int) -> bool:
    return end >= len(text) or text[end] == "\n" or (text[end - 1] in ".;!?" and text[end].isspace())
