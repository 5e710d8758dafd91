"""Small text helpers shared by the cleaner and the header flattener.

Characters are normalised once (NFC, plain spaces, no zero-width marks), and
Markdown emphasis is stripped in one place so every stage agrees on what a
"line's text" is.
"""

from __future__ import annotations

import re

from corpus.vietnamese import nfc

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalize_chars(text: str) -> str:
    """NFC, ``\\n`` line ends, plain spaces; drop zero-width and control characters."""
    text = _ZERO_WIDTH.sub("", nfc(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n")
    text = _SPACES.sub(" ", text)
    return _CONTROLS.sub("", text)


_FOOTNOTE_STARS = re.compile(r"\((\*{1,5})\)")  # "(*)", "(**)": footnote markers, not emphasis
_DOUBLE_UNDERSCORE = re.compile(r"(?<!_)__(?!_)")  # __bold__; longer runs are fill-in blanks


def strip_emphasis(line: str) -> str:
    """Remove Markdown ``**``/``*``/``__`` markers, keeping ``(*)`` footnote markers."""
    if "*" not in line and "__" not in line:
        return line
    line = _FOOTNOTE_STARS.sub(lambda m: "(" + "\x00" * len(m.group(1)) + ")", line)
    line = line.replace("*", "")
    line = _DOUBLE_UNDERSCORE.sub("", line)
    return line.replace("\x00", "*")


def tidy(line: str) -> str:
    """Collapse runs of spaces; strip."""
    return re.sub(r" {2,}", " ", line).strip()


def is_complete_emphasis(line: str) -> bool:
    """A whole line in ``**…**`` or ``*…*``: a heading or caption, never a wrapped fragment."""
    s = line.strip()
    return len(s) > 2 and s[0] == "*" and s[-1] == "*" and bool(strip_emphasis(s).strip())


def letters(s: str) -> str:
    return "".join(ch for ch in s if ch.isalpha())


def is_upper(s: str) -> bool:
    """Written in capitals (at least two letters, none lower case)."""
    found = letters(s)
    return len(found) >= 2 and found.isupper()
