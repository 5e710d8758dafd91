"""Other documents a text cites: "Chỉ thị số 11-CT/TW ngày 08/12/2021 của Ban Bí thư".

A reference is a document number plus what the words around it say: the type
named just before it ("Nghị quyết số", "Luật Đất đai số", "Quyết định giám đốc
thẩm số") and a date right after it ("ngày 08/12/2021", "ngày 02 tháng 01 năm
2025"). Directives and reports cite by number most of the time, which is what
lets a question about "Chỉ thị 18-CT/TU" find the documents that implement it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from corpus.dates import parse_date
from corpus.doctypes import BARE_NUMBER_TYPES, TYPE_NAME_PATTERN, canonical_doc_type, symbol_doc_type
from corpus.numbers import find_doc_numbers, number_key
from corpus.types import DocNumber, Reference
from corpus.vietnamese import nfc

_LOOKBACK = 160  # characters before a number searched for its type name
_TYPE = re.compile(rf"(?<!\w)(?:{TYPE_NAME_PATTERN})(?!\w)")
# Named acts carry their name between type and number: "Luật Đất đai số 31/2024/QH15".
_NAMED_TYPES = {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"}
_GAP_NUMBER = re.compile(r"\s*(?:số|SỐ|so)?\s*:?\s*$")
_GAP_WORDS = re.compile(r"\w+")
_GAP_FORBIDDEN_SHORT = re.compile(r"[,;:.()\n\"“”]")
_GAP_FORBIDDEN_NAMED = re.compile(r"[;:()\n\"“”]|\d")
_AFTER_NUMBER = re.compile(
    r"[ \t]*,?[ \t]*(?:được[ \t]+)?(?:ban[ \t]+hành[ \t]+|ký[ \t]+)?(?:ngày|NGÀY|ngay)[ \t]+"
)
# "Chỉ thị số 18", "Nghị quyết 27": a type and a number with no symbol.
_BARE_TYPES = "|".join(f"{name}|{name.upper()}" for name in BARE_NUMBER_TYPES)
_BARE = re.compile(
    rf"(?<!\w)(?P<type>{_BARE_TYPES})\s+(?P<so>(?:số|SỐ)\s*:?\s*)?(?P<num>\d{{1,4}})(?![\w/\-–]|[.,]\d)"
)


def _stated_type(text: str, start: int) -> tuple[str | None, int]:
    """The type named right before a number and where that name starts.

    Returns (None, start) when no name fits; "Văn bản" (a generic "document")
    is returned as None with its position so the symbol decides the type.
    """
    lo = max(0, start - _LOOKBACK)
    window = text[lo:start]
    for m in reversed(list(_TYPE.finditer(window))):
        gap = window[m.end() :]
        label = canonical_doc_type(m.group(0))
        named = label in _NAMED_TYPES
        body = _GAP_NUMBER.sub("", gap)
        words = len(_GAP_WORDS.findall(body))
        forbidden = _GAP_FORBIDDEN_NAMED if named else _GAP_FORBIDDEN_SHORT
        if forbidden.search(body) or words > (16 if named else 4):
            return None, start
        generic = m.group(0).lower().startswith(("văn bản", "van ban"))
        return (None if generic else label), lo + m.start()
    return None, start


def _date_after(text: str, end: int):
    m = _AFTER_NUMBER.match(text, end)
    if not m:
        return None, end
    parsed = parse_date(text[m.end() : m.end() + 40])
    if parsed is None or parsed.start != 0:
        return None, end
    return parsed.value, m.end() + parsed.end


def mention_date(text: str, number: DocNumber) -> date | None:
    """The date written next to a mention of ``number`` in ``text``, if any.

    Documents whose header lost its date often repeat it where they cite
    themselves: "(Kèm theo Nghị định số 170/2025/NĐ-CP ngày 30 tháng 6 năm 2025)".
    """
    for doc, _, end in find_doc_numbers(text):
        if doc.key == number.key:
            when, _ = _date_after(text, end)
            if when:
                return when
    return None


def _full_references(text: str) -> list[Reference]:
    refs = []
    for doc, start, end in find_doc_numbers(text):
        stated, ref_start = _stated_type(text, start)
        doc_type = stated or symbol_doc_type(doc.symbol)
        when, ref_end = _date_after(text, end)
        refs.append(
            Reference(
                doc_type=doc_type,
                number=doc,
                date=when,
                raw=text[ref_start:ref_end],
                start=ref_start,
                end=ref_end,
            )
        )
    return refs


def _bare_references(text: str, taken: list[tuple[int, int]]) -> list[Reference]:
    refs = []
    for m in _BARE.finditer(text):
        num = m.group("num")
        if not m.group("so") and len(num) == 4 and num.startswith(("19", "20")):
            continue  # "Kế hoạch 2025" names a year, not a number
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        doc = DocNumber(raw=num, number=num, symbol="", display=num, key=number_key(num))
        label = canonical_doc_type(m.group("type"))
        refs.append(Reference(label, doc, None, m.group(0), m.start(), m.end()))
    return refs


def find_references(text: str, own_number: DocNumber | None = None) -> tuple[Reference, ...]:
    """Every other document ``text`` cites, in order of first mention.

    One reference per number key: of several mentions the first that gives a
    date is kept (else the first), taking a stated type from another mention
    when it has none. A type named with a bare number ("Kết luận số 20") is
    kept only if no full number of that type starts the same ("20-KL/TW").
    The document's own number is left out. Offsets index the NFC form of
    ``text`` (a document's cleaned text is NFC already).
    """
    text = nfc(text)
    own_key = own_number.key if own_number else None
    full = [r for r in _full_references(text) if r.number and r.number.key != own_key]
    bare = _bare_references(text, [(r.start, r.end) for r in full])

    chosen: dict[str, Reference] = {}
    first_seen: dict[str, int] = {}
    for ref in full:
        key = ref.number.key  # type: ignore[union-attr]
        first_seen.setdefault(key, ref.start)
        kept = chosen.get(key)
        if kept is None:
            chosen[key] = ref
        elif kept.date is None and ref.date is not None:
            chosen[key] = replace(ref, doc_type=ref.doc_type or kept.doc_type)
        elif kept.doc_type is None and ref.doc_type is not None:
            chosen[key] = replace(kept, doc_type=ref.doc_type)

    full_numbers = {(r.doc_type, r.number.number) for r in chosen.values() if r.number}
    own = (symbol_doc_type(own_number.symbol), own_number.number) if own_number else None
    for ref in bare:
        ident = (ref.doc_type, ref.number.number)  # type: ignore[union-attr]
        if ident in full_numbers or ident == own:
            continue
        key = f"{ref.doc_type}|{ref.number.number}"  # type: ignore[union-attr]
        if key not in chosen:
            chosen[key] = ref
            first_seen[key] = ref.start
    return tuple(chosen[k] for k in sorted(chosen, key=lambda k: first_seen[k]))


def find_mentions(text: str, own_number: DocNumber | None = None) -> tuple[Reference, ...]:
    """Every mention of another document in ``text``, in order, repeats included (what
    ``find_references`` folds into one reference per number): a document named in the
    preamble and again in the closing article is read in both places (corpus/relations.py)."""
    text = nfc(text)
    own_key = own_number.key if own_number else None
    full = [r for r in _full_references(text) if r.number and r.number.key != own_key]
    own = (symbol_doc_type(own_number.symbol), own_number.number) if own_number else None
    bare = [
        r
        for r in _bare_references(text, [(r.start, r.end) for r in full])
        if (r.doc_type, r.number.number) != own  # type: ignore[union-attr]
    ]
    return tuple(sorted(full + bare, key=lambda r: r.start))
