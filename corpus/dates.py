"""Dates, months and years as Vietnamese documents and questions write them.

Documents write "ngày 19 tháng 11 năm 2025", "09/02/2022", "07/2/2022",
"27-3-2017"; questions add "tháng 02/2022", "Feb 2022" and lunar years
("Tết Nhâm Dần"). Every pattern also matches the unaccented spelling
("thang 2 nam 2022") because questions are often typed without diacritics.

Offsets in ``ParsedDate`` index the NFC form of the text; documents are NFC
already, so for them they index the text itself.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from corpus.types import ParsedDate
from corpus.vietnamese import fold, nfc

_MIN_YEAR, _MAX_YEAR = 1900, 2100

_VI_LONG = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*(?:tháng|thang)\s*(?P<m>\d{1,2})\s*,?\s*(?:năm|nam)\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
# Day, month, four-digit year with one separator used twice: "09/02/2022", "7-2-2022".
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])"
)
_ISO = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/\-])")

_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_EN_MONTH = (
    r"(?P<mn>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_EN_MDY = re.compile(rf"\b{_EN_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_EN_DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH},?\s+(?P<y>\d{{4}})\b", re.IGNORECASE
)

_VI_MONTHS = re.compile(
    r"(?:tháng|thang)\s*(?P<m>\d{1,2})"
    r"(?P<more>(?:\s*(?:,|và|va|-|–|đến|den|tới|toi)\s*(?:tháng|thang)?\s*\d{1,2})*)"
    r"\s*(?:/|-|,?\s*(?:năm|nam))\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
_BARE_MONTH = re.compile(r"(?<![\w/.\-])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/])")
_EN_MONTH_YEAR = re.compile(rf"\b{_EN_MONTH},?\s+(?:of\s+)?(?P<y>\d{{4}})\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d{1,2}")

# A four-digit year on its own: not part of a bigger number ("2.000", "1.390.198")
# and not the number of a document ("Số 2020/QĐ-UBND", "2020-TB/TU").
_YEAR = re.compile(
    r"(?<![\d.,])(?P<y>(?:19|20)\d\d)(?![\d]|[.,]\d|[ \t]?/[ \t]?[^\W\d_]|[ \t]?-[ \t]?[^\W\d_])"
)

# Lunar years: heavenly stem by year % 10, earthly branch by year % 12.
_CAN = ("Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ")
_CHI = ("Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi")
# Spelling variants, folded: Tị/Tỵ and Tí/Tý both fold to "ti"/"ty"; Mẹo is the southern Mão.
_VARIANTS = {"quy": ("qui",), "ky": ("ki",), "ty": ("ti",), "mao": ("meo",)}


def _lunar_table(first: int = 2000, last: int = 2040) -> dict[str, int]:
    """Folded "nham dan" -> 2022 for the years the archive and its questions span.

    Stem and branch of a year share its parity, so folding never merges two
    years: "tan ty" can only be Tân Tỵ (odd), never a Tân Tý.
    """
    table: dict[str, int] = {}
    for year in range(first, last + 1):
        can, chi = fold(_CAN[year % 10]), fold(_CHI[year % 12])
        for c in (can, *_VARIANTS.get(can, ())):
            for h in (chi, *_VARIANTS.get(chi, ())):
                table[f"{c} {h}"] = year
    return table


_LUNAR = _lunar_table()
_LUNAR_RE = re.compile(r"\b(" + "|".join(sorted(_LUNAR, key=len, reverse=True)) + r")\b")
# Accented spellings accepted as written. Folding alone would read ordinary words
# as years ("mẫu thân" -> "mau than" -> Mậu Thân), so accented text must match these.
_ACCENTED_CAN = {c.lower() for c in _CAN} | {"quí", "kỉ"}
_ACCENTED_CHI = {c.lower() for c in _CHI} | {"tị", "tí", "mẹo"}


def _as_nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else nfc(text)


def _valid(y: int, m: int, d: int) -> date | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return _EN_MONTHS[name[:3].lower()]


def find_dates(text: str) -> list[ParsedDate]:
    """Every valid full date in ``text``, in order; impossible ones (31/02) are skipped."""
    text = _as_nfc(text)
    found: list[ParsedDate] = []
    for pattern in (_VI_LONG, _NUMERIC, _ISO, _EN_MDY, _EN_DMY):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = _month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
            value = _valid(int(groups["y"]), month, int(groups["d"]))
            if value:
                found.append(ParsedDate(value=value, raw=m.group(0), start=m.start(), end=m.end()))
    found.sort(key=lambda p: (p.start, -p.end))
    result: list[ParsedDate] = []
    for parsed in found:  # overlapping matches: keep the earliest, longest
        if not result or parsed.start >= result[-1].end:
            result.append(parsed)
    return result


def parse_date(text: str) -> ParsedDate | None:
    """The first valid date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def _mask_dates(text: str) -> str:
    """Blank out full dates so "ngày 09/02/2022" does not also read as month 02/2022."""
    chars = list(text)
    for parsed in find_dates(text):
        chars[parsed.start : parsed.end] = " " * (parsed.end - parsed.start)
    return "".join(chars)


def without_dates(text: str) -> str:
    """``text`` (NFC) with full dates and month mentions blanked out; years alone stay.
    A question's dates choose documents; its other words choose passages inside them."""
    masked = _mask_dates(_as_nfc(text))
    for pattern in (_VI_MONTHS, _BARE_MONTH, _EN_MONTH_YEAR):
        masked = pattern.sub(lambda m: " " * (m.end() - m.start()), masked)
    return masked


def parse_month_mentions(text: str) -> list[tuple[int, int]]:
    """(year, month) pairs named in ``text``, in order, without repeats.

    "tháng 02/2022", "tháng 2 năm 2022", "02/2022", "February 2022", "Feb 2022";
    "tháng 10 và tháng 11/2025" gives both months. Full dates do not count.
    """
    masked = _mask_dates(_as_nfc(text))
    hits: list[tuple[int, int, int]] = []  # (position, year, month)
    for m in _VI_MONTHS.finditer(masked):
        year = int(m.group("y"))
        months = [int(m.group("m")), *(int(x) for x in _DIGITS.findall(m.group("more") or ""))]
        hits.extend((m.start(), year, month) for month in months)
    for m in _BARE_MONTH.finditer(masked):
        hits.append((m.start(), int(m.group("y")), int(m.group("m"))))
    for m in _EN_MONTH_YEAR.finditer(masked):
        hits.append((m.start(), int(m.group("y")), _month_number(m.group("mn"))))
    hits.sort()
    result: list[tuple[int, int]] = []
    for _, year, month in hits:
        pair = (year, month)
        if 1 <= month <= 12 and _MIN_YEAR <= year <= _MAX_YEAR and pair not in result:
            result.append(pair)
    return result


def _fold_same_length(text: str) -> str:
    """fold() keeps one letter per letter for NFC Vietnamese; other scripts may not."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(ch) or " ")[0] for ch in text)


def _accented_lunar(written: str) -> bool:
    parts = written.lower().split()
    return len(parts) == 2 and parts[0] in _ACCENTED_CAN and parts[1] in _ACCENTED_CHI


def lunar_year(name: str) -> int | None:
    """The year (2000-2040) of a stem-branch name: "Nhâm Dần" -> 2022, "at ty" -> 2025."""
    return _LUNAR.get(" ".join(fold(name).split()))


def parse_year_mentions(text: str) -> list[int]:
    """Years named in ``text``, in order, without repeats: "năm 2021", "2021", "Tết Nhâm Dần".

    A lunar year name maps to the Gregorian year its Tết opens (Nhâm Dần -> 2022,
    Tết in January/February 2022).
    """
    text = _as_nfc(text)
    hits: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        hits.append((m.start(), int(m.group("y"))))
    folded = _fold_same_length(text)
    for m in _LUNAR_RE.finditer(folded):
        written = text[m.start() : m.end()]
        if written.isascii() or _accented_lunar(written):
            hits.append((m.start(), _LUNAR[m.group(1)]))
    hits.sort()
    result: list[int] = []
    for _, year in hits:
        if year not in result:
            result.append(year)
    return result
