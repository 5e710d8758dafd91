"""Understand a question: language, lexical terms, document numbers, dates.

User text never reaches FTS5 syntax raw: every term is quoted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from corpus.dates import find_dates, parse_month_mentions, parse_year_mentions
from corpus.numbers import find_doc_numbers
from corpus.vietnamese import fold, has_diacritics, is_vietnamese_syllable, nfc, words

COMMON_SHARE = 0.15
FALLBACK_SHARE = 0.35
ALWAYS_CHEAP = 1000
POSTINGS_BUDGET = 0.4
MAX_LEXICAL_TERMS = 12


class EmptyQuery(ValueError):
    """The query has nothing searchable (empty, or punctuation only)."""


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
_BARE_NUMBER = re.compile(
    r"\b(chỉ thị|kết luận|nghị quyết|quyết định|thông báo|công văn|kế hoạch|công điện|thông tư|nghị định|"
    r"chi thi|ket luan|nghi quyet|quyet dinh|thong bao|cong van|ke hoach|cong dien|thong tu|nghi dinh)"
    r"\s+(?:số\s+|so\s+)?(\d{1,5})\b(?![/-]\w)",
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
    extra: dict = field(default_factory=dict)


def detect_language(text: str) -> str:
    """The question's language: "vi", "vi_plain" (typed without accents) or "en". Unaccented text is
    English when it has English question words, or when most of its words cannot be
    Vietnamese syllables ("Will foreigners with an e-visa enter through Long Thanh airport?")."""
    if has_diacritics(text):
        return "vi"
    tokens = words(text)
    vocab = set(tokens)
    if len(vocab & _EN_HINT) >= 1 and len(vocab & EN_STOP) >= 2:
        return "en"
    letters = [t for t in tokens if not t.isdigit()]
    foreign = sum(1 for t in letters if not is_vietnamese_syllable(t))
    return "en" if len(letters) >= 3 and foreign >= len(letters) / 2 else "vi_plain"


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
    )


def lexical_terms(q: ParsedQuery, df: dict[str, int] | None = None, rows: int = 0) -> list[str]:
    """The folded terms an FTS5 query is made of.

    With document frequencies (``df``, folded term → passages holding it, out of ``rows``),
    terms in more than ``COMMON_SHARE`` of all passages are dropped and the rarest
    ``MAX_LEXICAL_TERMS`` kept: common syllables add little to BM25 but make an OR query
    read most of the index (the shares were chosen on 100k passages, docs/BENCHMARKS.md).
    Rarest first, terms are added while their passages sum to at most ``POSTINGS_BUDGET`` of
    all passages, which bounds the slowest queries. A term held by at most ``ALWAYS_CHEAP``
    passages is never dropped: on a small archive nothing is slow. Terms no passage holds
    are dropped too.
    """
    terms = list(dict.fromkeys(fold(t) for t in q.terms))
    if df is None or not rows:
        return terms[:MAX_LEXICAL_TERMS]
    present = [t for t in terms if df.get(t)]
    common, fallback = max(rows * COMMON_SHARE, ALWAYS_CHEAP), max(rows * FALLBACK_SHARE, ALWAYS_CHEAP)
    rare = [t for t in present if df[t] <= common]
    if len(rare) < 3:
        # Few rare words: the rarest three, unless they are in a third of all passages anyway.
        rare = [t for t in sorted(present, key=df.__getitem__)[:3] if df[t] <= fallback]
    keep: set[str] = set()
    budget = max(rows * POSTINGS_BUDGET, ALWAYS_CHEAP)
    for t in sorted(rare, key=df.__getitem__)[:MAX_LEXICAL_TERMS]:
        # The work of an OR query grows with the passages its terms are in: bound it.
        if keep and budget < df[t]:
            break
        keep.add(t)
        budget -= df[t]
    return [t for t in terms if t in keep]


def fts_match(terms: list[str]) -> str:
    """An FTS5 MATCH string of quoted terms, OR-ed. (Adjacent-syllable phrases were tried:
    same archive-dev numbers, slower at 100k.)"""
    return " OR ".join(_quote(t) for t in dict.fromkeys(terms))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
