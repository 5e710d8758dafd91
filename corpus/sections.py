"""Section markers of Vietnamese directives and the nesting between them.

Directives number their parts with a small set of markers at the start of a
line: ``Phần``, ``Chương``, ``Mục``, ``Điều N.`` (structural, fixed order), and
list markers ``I.``, ``1.``, ``1.1.``, ``1)``, ``(1)``, ``a)``, ``a.`` whose
nesting varies by document. Nesting of list markers is inferred from numbering:
``2.`` after ``1.`` is a sibling, a new ``1.`` opens a child list (the 508-TB/TU
bulletin numbers 1-10 again inside its section "2."), and a number that follows
an outer list's last one (``3.`` after ``2. › 10.``) closes the inner list.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_VI_ALPHABET = "abcdđeghiklmnopqrstuvxy"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINAL_WORDS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip

# (kind, pattern at a line start); order matters: "1.1." before "1.".
_PATTERNS: list[tuple[str, str]] = [
    ("phan", r"(?:Phần|PHẦN)\s+(?P<n>[IVXLC]+\b|\d+\b|thứ\s+\w+)"),
    ("chuong", r"(?:Chương|CHƯƠNG)\s+(?P<n>[IVXLC]+|\d+)\b"),
    ("muc", r"(?:Mục|MỤC)\s+(?P<n>[IVXLC]+|\d+)\b"),
    ("dieu", r"(?:Điều|ĐIỀU)\s+(?P<n>\d+[a-zđ]?)\s*[.:]"),
    ("khoan", r"Khoản\s+(?P<n>\d+)\b"),
    ("roman", r"(?P<n>[IVXLC]{1,6})\s*[.)]\s"),
    ("dotted", r"(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\s"),
    ("num", r"(?P<n>\d{1,3})\.\s"),
    ("num_paren", r"(?P<n>\d{1,3})\)\s"),
    ("paren", r"\((?P<n>\d{1,3})\)"),
    ("alpha", r"(?P<n>[a-zđ])\)\s"),
    ("alpha_paren", r"\((?P<n>[a-zđ])\)\s"),
    ("alpha_dot", r"(?P<n>[a-zđ])\.\s"),
]
_MARKER = re.compile(
    r"^(?:"
    + "|".join(f"(?P<{kind}>{pattern.replace('(?P<n>', f'(?P<{kind}_n>')})" for kind, pattern in _PATTERNS)
    + ")",
    re.MULTILINE,
)
# Structural markers and their rank (smaller encloses larger).
STRUCTURAL = {"phan": 0, "chuong": 1, "muc": 2, "dieu": 3}
TITLE_CHARS = 80


@dataclass(frozen=True)
class Section:
    kind: str
    number: int | None
    label: str  # "Điều 5", "2", "(1)", "a)"
    title: str  # the marker's line, truncated: "2. Về công tác phòng chống dịch…"
    start: int  # offset of the marker in the text


def _roman(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total += -value if value < prev else value
        prev = max(prev, value)
    return total or None


def _number(kind: str, raw: str) -> int | None:
    if kind in ("alpha", "alpha_dot", "alpha_paren"):
        return _VI_ALPHABET.index(raw) + 1 if raw in _VI_ALPHABET else None
    if kind == "dotted":
        return int(raw.split(".")[-1])
    if raw.isdigit():
        return int(raw)
    if raw[:-1].isdigit():  # "Điều 5a"
        return int(raw[:-1])
    if raw.lower().startswith("thứ"):
        return _ORDINAL_WORDS.get(raw.split()[-1].lower())
    return _roman(raw)


def _label(kind: str, raw: str) -> str:
    return {
        "phan": f"Phần {raw}",
        "chuong": f"Chương {raw}",
        "muc": f"Mục {raw}",
        "dieu": f"Điều {raw}",
        "khoan": f"Khoản {raw}",
        "num_paren": f"{raw})",
        "paren": f"({raw})",
        "alpha": f"{raw})",
        "alpha_paren": f"({raw})",
        "alpha_dot": f"{raw}.",
    }.get(kind, raw)


def truncate(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def find_markers(text: str) -> list[Section]:
    """Every section marker at a line start, in order."""
    found = []
    for m in _MARKER.finditer(text):
        kind = m.lastgroup or ""
        if kind.endswith("_n"):  # lastgroup is the innermost group that matched
            kind = kind[:-2]
        raw = m.group(f"{kind}_n")
        line_end = text.find("\n", m.start())
        line = text[m.start() : line_end if line_end >= 0 else len(text)]
        if kind in ("phan", "chuong", "muc") and len(line.split()) <= 2 and line_end >= 0:
            # "Chương II" alone: its title is the next line.
            next_end = text.find("\n", line_end + 1)
            line += " " + text[line_end + 1 : next_end if next_end >= 0 else len(text)]
        found.append(Section(kind, _number(kind, raw), _label(kind, raw), truncate(line), m.start()))
    return found


def _push(stack: list[Section], sec: Section) -> None:
    rank = STRUCTURAL.get(sec.kind)
    if rank is not None:
        # A Chương closes everything inside the previous Chương, lists included.
        while stack and STRUCTURAL.get(stack[-1].kind, 99) >= rank:
            stack.pop()
        stack.append(sec)
        return
    floor = 0  # list markers never close the structural unit they are in
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].kind in STRUCTURAL:
            floor = i + 1
            break
    for i in range(len(stack) - 1, floor - 1, -1):  # next number of an open list: sibling
        f = stack[i]
        if f.kind == sec.kind and f.number is not None and sec.number == f.number + 1:
            del stack[i:]
            stack.append(sec)
            return
    if sec.number != 1:  # out of sequence: sibling of the nearest list of its kind
        for i in range(len(stack) - 1, floor - 1, -1):
            if stack[i].kind == sec.kind:
                del stack[i:]
                break
    stack.append(sec)  # a "1." (or an unknown kind) opens a child list


class SectionIndex:
    """The enclosing sections at any offset of a text."""

    def __init__(self, text: str) -> None:
        self.markers = find_markers(text)
        self._starts = [m.start for m in self.markers]
        self._stacks: list[tuple[Section, ...]] = []
        stack: list[Section] = []
        for marker in self.markers:
            _push(stack, marker)
            self._stacks.append(tuple(stack))

    def at(self, offset: int) -> tuple[Section, ...]:
        """Sections enclosing ``offset``, outermost first."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._stacks[i] if i >= 0 else ()

    def first_marker_in(self, start: int, end: int) -> int | None:
        """Offset of the first marker in ``[start, end)``, if any."""
        i = bisect.bisect_left(self._starts, start)
        return self._starts[i] if i < len(self._starts) and self._starts[i] < end else None


def section_path(sections: tuple[Section, ...]) -> str:
    """``"2 › 4"``, ``"Chương II › Điều 5 › 1 › a)"``."""
    return " › ".join(s.label for s in sections)
