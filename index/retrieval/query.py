"""Understand a question once: language, search terms, document numbers, dates. Pure: no
index, no model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from corpus.dates import find_dates, parse_month_mentions, parse_year_mentions
from corpus.doctypes import BARE_NUMBER_TYPES
from corpus.numbers import find_doc_numbers
from corpus.places import PlaceMention, places_named
from corpus.vietnamese import fold, has_diacritics, is_vietnamese_syllable, nfc, words
from index.errors import EmptyQuery

# Function words that carry no topic; dropping them keeps FTS OR-queries fast and focused.
VI_STOP = set(
    """và của các là có ở được cho trong với về những này đã theo để không một khi thì tại từ đến nào gì ai
    bao nhiêu như thế sao đâu hay hoặc mà nên cũng đó ra vào lại rồi sẽ đang phải bị do bởi trên dưới
    nói gì được không hãy xin ạ nhé vậy việc""".split()
)
VI_STOP_FOLDED = {fold(w) for w in VI_STOP}  # as typed without diacritics
EN_STOP = set(
    """a an the of to in on for and or is are was were be been by with at from as that this these those what
    which who whom whose when where why how do does did has have had will would can could should must may
    might it its their there about into under over after before than more most many much any some all each
    per not no yes i we you they he she them our your my me us set""".split()
)
_EN_HINT = {"what", "which", "who", "when", "where", "how", "the", "of", "is", "are", "does", "did", "for"}
# "Kết luận 20", "chi thi so 18": a type and a number with no symbol, accented or not.
_BARE_NAMES = sorted(
    {form for t in BARE_NUMBER_TYPES for form in (t.lower(), fold(t))}, key=len, reverse=True
)
_BARE_NUMBER = re.compile(
    rf"\b({'|'.join(map(re.escape, _BARE_NAMES))})\s+(?:số\s+|so\s+)?(\d{{1,5}})\b(?![/-]\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    language: str  # "vi", "vi_plain" (Vietnamese typed without diacritics), "en"
    terms: tuple[str, ...]  # lexical terms, lower case NFC, stop words removed
    number_keys: tuple[str, ...] = ()
    bare_numbers: tuple[tuple[str, str], ...] = ()  # ("Kết luận"-folded, "20")
    dates: tuple[date, ...] = ()
    months: tuple[tuple[int, int], ...] = ()
    years: tuple[int, ...] = ()
    places: tuple[PlaceMention, ...] = ()  # provinces it names (corpus.places)
    extra: dict = field(default_factory=dict)


def detect_language(text: str) -> str:
    """The question's language: "vi", "vi_plain" (typed without accents) or "en". Unaccented text is
    English when it has English question words, or when most of its words cannot be
    Vietnamese syllables ("Will foreigners with an e-visa enter through Long Thanh airport?").
    Accented words make it Vietnamese unless they are a small part of a question whose other
    words read as English: an English question names documents by their Vietnamese symbols
    ("Decision 39/2025/QĐ-UBND", "Resolution 70/2025/NQ-HĐND") and may quote a term ("chứng
    thực"): read as Vietnamese, 29 of the 629 English questions of the question files lost their
    glossary and were mostly told "not found" (docs/BENCHMARKS.md)."""
    letters = [t for t in words(text) if not t.isdigit()]
    marked = [t for t in letters if has_diacritics(t)]
    if marked:
        plain = [t for t in letters if not has_diacritics(t)]
        return "en" if len(marked) <= len(letters) / 4 and _reads_english(plain, len(letters)) else "vi"
    return "en" if _reads_english(letters, len(letters)) else "vi_plain"


def _reads_english(plain: list[str], n: int) -> bool:
    """The unaccented words of a question of ``n`` words (numbers left out) read as English:
    question and stop words, or at least half of all ``n`` words cannot be Vietnamese syllables
    ("AI HAY BỊ MIS-C?" is Vietnamese)."""
    vocab = set(plain)
    if len(vocab & _EN_HINT) >= 1 and len(vocab & EN_STOP) >= 2:
        return True
    foreign = sum(1 for t in plain if not is_vietnamese_syllable(t))
    return n >= 3 and foreign >= n / 2


def parse_query(text: str) -> ParsedQuery:
    text = nfc(text or "").strip()
    tokens = words(text)
    if not tokens:
        raise EmptyQuery(
            "Nothing to search: type a question or some words (punctuation alone cannot be searched)."
        )
    language = detect_language(text)
    stop = EN_STOP if language == "en" else VI_STOP | VI_STOP_FOLDED
    terms = tuple(dict.fromkeys(t for t in tokens if t not in stop)) or tuple(dict.fromkeys(tokens))
    keys = tuple(dict.fromkeys(n.key for n, _, _ in find_doc_numbers(text, strict=False)))
    bare = tuple((fold(m.group(1)), m.group(2)) for m in _BARE_NUMBER.finditer(text))
    return ParsedQuery(
        text=text,
        language=language,
        terms=terms,
        number_keys=keys,
        bare_numbers=bare,
        dates=tuple(d.value for d in find_dates(text)),
        months=tuple(parse_month_mentions(text)),
        years=tuple(parse_year_mentions(text)),
        places=tuple(places_named(text)),
    )
