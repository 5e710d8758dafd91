"""Document numbers and symbols (số, ký hiệu): find, parse, and key them.

Two shapes cover the archive:

* state bodies: ``87/2025/QĐ-UBND``, ``128/NQ-CP``, ``91/2015/QH13``,
  ``5348/CT-CS`` (number, optional year, then type code and issuer joined by
  dashes);
* the Party: ``508-TB/TU``, ``20-KL/TW`` (number, dash, type code, slash,
  issuer), also mistyped with spaces as ``01 - CT/TTg``.

``number_key`` is what two spellings of one number share, so a question typed
as "nd-cp" finds "NĐ-CP".
"""

from __future__ import annotations

import re
import unicodedata

from corpus.types import DocNumber
from corpus.vietnamese import nfc, strip_diacritics

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = f"[{_DASHES}]"
_DASH_RUN = re.compile(f"\\s*{_DASH}\\s*")
_WS = re.compile(r"\s+")
# A letter, then letters or digits: "QĐ", "TTg", "QH13", "KTr2"; a dot only inside capitals
# ("VPCP-V.I", Vụ I), never before a word: "…/QĐ-UBND.Trong" ends at "UBND".
_SEG = r"[^\W\d_][^\W_]*(?:\.[A-ZĐ](?![^\W\d_]*[a-zđ])[^\W_]*)*"
_SP = r"[ \t]?"  # one stray space is tolerated around separators, never a line break
_SP_WRAP = r"[ \t]?(?:\n[ \t]?)?"  # after a dash a wrap may follow: "3783/QĐ-\nUBND"

# One pattern that starts with a digit, so the engine can skip to digits quickly;
# the two shapes differ only after the number. What precedes the number is
# checked in code: not a letter, digit, slash or dot, so neither
# "6360-LCP-2009-00949" nor a date's tail starts a number.
_NUMBER = re.compile(
    rf"(?P<num>\d{{1,8}}[A-Za-z]?)(?:"
    rf"{_SP}{_DASH}{_SP}(?P<psym>{_SEG}{_SP}/{_SP}{_SEG}(?:{_SP}{_DASH}{_SP_WRAP}{_SEG})*)"  # Party: 508-TB/TU
    rf"|{_SP}/{_SP}(?:(?P<syear>(?:19|20)\d\d){_SP}/{_SP})?"  # state: 87/2025/QĐ-UBND
    rf"(?P<ssym>{_SEG}(?:(?:{_SP}{_DASH}{_SP_WRAP}|/){_SEG})*))"
)
_SEPARATOR = re.compile(rf"({_SP}{_DASH}{_SP_WRAP}|{_SP}/{_SP})")
_BARE = re.compile(r"(?:^|\b)(?:số|so|no\.?)\s*:?\s*(?P<num>\d{1,6}[A-Za-z]?)(?![\w/\-–])", re.IGNORECASE)
_PARTS = re.compile(r"[^\W_]+")
_SLASH_RUN = re.compile(r"\s*/\s*")
_KEY_PREFIX = re.compile(r"^(?:SO|NO)\s*[.:]?\s*(?=\d)")
_FOOTNOTE_AL = re.compile(r"^AL\d+$")  # "43/2021/AL1": PDF footnote mark glued to "AL"


def number_key(text: str) -> str:
    """Canonical key: upper case, no spaces, no diacritics, đ->D, one kind of dash.

    "nđ-cp", "ND-CP" and "NĐ-CP" give "ND-CP"; "01 - CT/TTg" gives "01-CT/TTG".
    """
    key = text.replace("đ", "d").replace("Đ", "D")
    if not key.isascii():  # fast path: most symbols are ASCII once đ is folded
        key = strip_diacritics(nfc(key))
    key = key.upper()
    if not key.isascii() or " " in key or "\t" in key or "\n" in key:
        key = _WS.sub("", _DASH_RUN.sub("-", key))
    return _KEY_PREFIX.sub("", key) if key[:1] in ("S", "N") else key


def _strict_segment(seg: str) -> bool:
    """A symbol part as offices write it: mostly capitals ("TTg", "KTr2"), short."""
    letters = [ch for ch in seg if ch.isalpha()]
    if not letters or not seg[0].isupper() or len(seg) > 14:
        return False
    return sum(ch.isupper() for ch in letters) * 2 >= len(letters)


def _lenient_segment(seg: str) -> bool:
    """Also lower case, as typed in questions ("nq-cp"), but no accented words:
    ASCII letters, đ and digits only, so a following "hỏi" is never swallowed."""
    if len(seg) > 14:
        return False
    base = seg.replace("đ", "d").replace("Đ", "D")
    return base.isascii() and base.replace(".", "").isalnum() and _strict_segment(seg.upper())


def _trim_symbol(sym: str, strict: bool) -> str:
    """Keep the longest run of valid symbol parts; "" when the first is invalid."""
    ok = _strict_segment if strict else _lenient_segment
    parts = _SEPARATOR.split(sym)  # [seg, sep, seg, sep, seg ...]
    kept = ""
    for i in range(0, len(parts), 2):
        seg = parts[i]
        if not ok(seg):
            break
        kept += (parts[i - 1] if i else "") + seg
    return kept


def _tidy_symbol(sym: str) -> str:
    if not sym.isascii() or " " in sym or "\t" in sym or "\n" in sym:  # the usual "CT-CS" needs nothing
        sym = _DASH_RUN.sub("-", unicodedata.normalize("NFC", sym))
        sym = _SLASH_RUN.sub("/", sym)
    if _FOOTNOTE_AL.match(sym.upper()):
        sym = "AL"
    if not sym.isupper():  # a part typed all in lower case ("nđ-cp" in a question) is shown in capitals
        sym = _PARTS.sub(lambda m: m.group(0).upper() if m.group(0).islower() else m.group(0), sym)
    return sym


def _make(raw: str, number: str, year: str | None, symbol: str, party: bool) -> DocNumber:
    symbol = _tidy_symbol(symbol)
    if party:
        display = f"{number}-{symbol}"
    elif year:
        display = f"{number}/{year}/{symbol}"
    else:
        display = f"{number}/{symbol}"
    return DocNumber(
        raw=raw,
        number=number,
        symbol=symbol,
        display=display,
        key=number_key(display),
        year=int(year) if year else None,
    )


def _iter_numbers(text: str, strict: bool):
    for m in _NUMBER.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "/._"):
            continue
        party = m.group("psym") is not None
        if party and not m.group("num").isdigit():
            continue
        sym_group = "psym" if party else "ssym"
        sym = _trim_symbol(m.group(sym_group), strict)
        if not sym or (party and "/" not in sym):
            continue
        end = m.start(sym_group) + len(sym)
        doc = _make(text[start:end], m.group("num"), None if party else m.group("syear"), sym, party=party)
        yield doc, start, end


def find_doc_numbers(text: str, strict: bool = True) -> list[tuple[DocNumber, int, int]]:
    """Every number-with-symbol in ``text`` with its span, in order of appearance.

    Symbols must look like office symbols (capital letters first), so prose such
    as "2/3 nghĩa vụ" or dates never match. ``strict=False`` also accepts symbols
    typed in lower case ("128/nq-cp"), for questions. Bare numbers ("Kết luận
    số 20") are left to the callers that know a type was named.
    """
    return list(_iter_numbers(text, strict=strict))


def parse_doc_number(text: str) -> DocNumber | None:
    """The first document number in ``text``: "số 19/BC-UBND", "128/nq-cp", "508-TB/TU".

    Lower-case symbols are accepted (questions are typed that way). With no
    symbol at all, "Kết luận số 20" gives a number with an empty symbol.
    """
    text = nfc(text)
    for doc, _, _ in _iter_numbers(text, strict=False):
        return doc
    m = _BARE.search(text)
    if m:
        num = m.group("num")
        return DocNumber(raw=num, number=num, symbol="", display=num, key=number_key(num))
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) <= 6:
        return DocNumber(raw=stripped, number=stripped, symbol="", display=stripped, key=stripped)
    return None
