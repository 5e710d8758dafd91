"""Vietnamese text helpers: Unicode normalisation and diacritic folding.

Folding is shared by metadata keys, lexical search and query parsing, so it
lives here once. ``đ``/``Đ`` are letters of their own in Unicode (no combining
mark), which is why NFD + strip marks alone leaves them: fold them by hand.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
# The shape of one Vietnamese syllable once folded: onset, 1–3 vowels, coda. English words
# mostly fail it ("airport", "with", "through"); unaccented Vietnamese passes it.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
# Letters that only Vietnamese (not plain ASCII) text carries.
_VI_MARKED = re.compile(r"[^\x00-\x7f]")


def nfc(text: str) -> str:
    """Compose to NFC so "Hòa" typed as NFD equals the NFC form."""
    return unicodedata.normalize("NFC", text)


def _mark_class() -> re.Pattern[str]:
    """A character class of every nonspacing mark (category Mn) of the Basic Multilingual Plane."""
    marks = [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Mn"]
    ranges, start = [], marks[0]
    for prev, cp in zip(marks, marks[1:] + [None]):
        if cp is None or cp != prev + 1:
            ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if prev > start else f"\\u{start:04x}")
            start = cp
    return re.compile("[" + "".join(ranges) + "]")


# Folding runs on every candidate passage of every question: one regex substitution and
# str.replace (C loops) instead of a Python loop over characters (~2x faster over a passage).
# Marks beyond the BMP are rare and taken one by one.
_MARKS = _mark_class()


def strip_diacritics(text: str) -> str:
    """Remove tone and vowel marks and fold đ→d, keeping case."""
    if text.isascii():
        return text
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
    if not stripped.isascii() and max(stripped) > "\uffff":
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Lower case without diacritics: the form used to match unaccented typing."""
    return strip_diacritics(text).lower()


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def is_non_ascii(text: str) -> bool:
    return bool(_VI_MARKED.search(text))


def words(text: str) -> list[str]:
    """Syllables/words as the lexical index sees them (lower case, NFC)."""
    return _WORD.findall(nfc(text).lower())


# The five tone marks (grave, acute, tilde, hook above, dot below); circumflex, breve and
# horn shape the vowel and stay where they are.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def tone_words(text: str) -> list[str]:
    """Words with their tone mark moved to the end, so the old and new placements match
    ("hoà" and "hòa", "thuỷ" and "thủy") while tones still differ ("hỏa" is not "hóa")."""
    out = []
    for word in words(text):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(ch for ch in decomposed if ch in _TONES)
        base = "".join(ch for ch in decomposed if ch not in _TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return out


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` could be one Vietnamese syllable (with or without its accents)."""
    return bool(_SYLLABLE.fullmatch(fold(word)))
