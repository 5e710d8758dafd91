"""Document types: canonical Vietnamese labels, their spellings, and symbol codes.

One table serves three callers: the metadata parser (title lines such as
"QUYẾT ĐỊNH"), the reference finder ("Chỉ thị số 11-CT/TW") and the question
parser ("chi thi", "directive"). Labels are the Vietnamese names as written in
sentence case, so they can be shown to users unchanged.
"""

from __future__ import annotations

import re

from corpus.numbers import number_key
from corpus.vietnamese import fold

# Canonical labels. The first block is what directives and their neighbours are
# called; the rest appear as references or in the wider archive.
DOC_TYPES: tuple[str, ...] = (
    "Chỉ thị",
    "Kết luận",
    "Nghị quyết",
    "Quyết định",
    "Thông báo",
    "Công văn",
    "Kế hoạch",
    "Công điện",
    "Thông tư",
    "Thông tư liên tịch",
    "Nghị định",
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
    "Hiến pháp",
    "Án lệ",
    "Bản án",
    "Báo cáo",
    "Tờ trình",
    "Hướng dẫn",
    "Quy định",
    "Quy chế",
    "Chương trình",
    "Đề án",
    "Biên bản",
    "Thông tri",
    "Giấy mời",
    "Văn bản hợp nhất",
    "Bản tin",
)

# Other spellings of a label, folded (no diacritics, lower case). Old orthography
# ("qui định") and the generic "văn bản"/"công văn" pair are the common ones.
_VI_ALIASES: dict[str, str] = {
    "qui dinh": "Quy định",
    "qui che": "Quy chế",
    "cong van": "Công văn",
    "thong tu lien tich": "Thông tư liên tịch",
    "an le so": "Án lệ",
    "ban tin": "Bản tin",
    "tin tuc": "Bản tin",
    "thong bao ket luan": "Thông báo",
    "bo luat": "Bộ luật",
}

# English words for the types, as typed in questions about Vietnamese documents.
# "Official dispatch" is the government's own English for Công điện, while
# "official letter" is its English for Công văn.
_EN_ALIASES: dict[str, str] = {
    "directive": "Chỉ thị",
    "instruction": "Chỉ thị",
    "conclusion": "Kết luận",
    "resolution": "Nghị quyết",
    "decision": "Quyết định",
    "notice": "Thông báo",
    "notification": "Thông báo",
    "announcement": "Thông báo",
    "official letter": "Công văn",
    "letter": "Công văn",
    "plan": "Kế hoạch",
    "dispatch": "Công điện",
    "official dispatch": "Công điện",
    "urgent dispatch": "Công điện",
    "telegram": "Công điện",
    "official telegram": "Công điện",
    "cable": "Công điện",
    "circular": "Thông tư",
    "joint circular": "Thông tư liên tịch",
    "decree": "Nghị định",
    "law": "Luật",
    "code": "Bộ luật",
    "civil code": "Bộ luật",
    "ordinance": "Pháp lệnh",
    "constitution": "Hiến pháp",
    "precedent": "Án lệ",
    "case law": "Án lệ",
    "judgment": "Bản án",
    "judgement": "Bản án",
    "report": "Báo cáo",
    "proposal": "Tờ trình",
    "submission": "Tờ trình",
    "guidance": "Hướng dẫn",
    "guideline": "Hướng dẫn",
    "guide": "Hướng dẫn",
    "regulation": "Quy định",
    "rule": "Quy chế",
    "program": "Chương trình",
    "programme": "Chương trình",
    "scheme": "Đề án",
    "minutes": "Biên bản",
    "invitation": "Giấy mời",
    "consolidated document": "Văn bản hợp nhất",
    "consolidated text": "Văn bản hợp nhất",
    "bulletin": "Bản tin",
    "news": "Bản tin",
    "news bulletin": "Bản tin",
    "article": "Bản tin",
}

# Type codes inside a number's symbol: "QĐ" in "87/2025/QĐ-UBND", "TB" in
# "508-TB/TU". Keys are folded upper case (Đ -> D) so "NĐ" and "ND" meet.
# A bare "QH13" (no type code) is how laws are numbered, hence QH -> Luật;
# the Quốc hội's resolutions share it, so a stated type always wins over this.
SYMBOL_TYPES: dict[str, str] = {
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết",
    "QD": "Quyết định",
    "QYD": "Quy định",
    "TB": "Thông báo",
    "CV": "Công văn",
    "KH": "Kế hoạch",
    "CD": "Công điện",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "ND": "Nghị định",
    "L": "Luật",
    "QH": "Luật",
    "PL": "Pháp lệnh",
    "AL": "Án lệ",
    "BC": "Báo cáo",
    "TTR": "Tờ trình",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "CTR": "Chương trình",
    "DA": "Đề án",
    "BB": "Biên bản",
    "TRI": "Thông tri",
    "GM": "Giấy mời",
    "VBHN": "Văn bản hợp nhất",
}

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


def _build_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for label in DOC_TYPES:
        table[_norm(label)] = label
    table.update(_VI_ALIASES)
    for english, label in _EN_ALIASES.items():
        table[english] = label
        table[english + ("es" if english.endswith(("s", "x", "ch", "sh")) else "s")] = label  # plurals
    table["minute"] = "Biên bản"
    return table


_LOOKUP = _build_lookup()
_MAX_WORDS = max(len(key.split()) for key in _LOOKUP)


def canonical_doc_type(text: str) -> str | None:
    """The canonical label for a type name in any case, with or without diacritics.

    "CHỈ THỊ", "chi thi", "Chỉ thị số 11" and "directive" all give "Chỉ thị".
    When the whole text is not a type name, its leading words are tried,
    longest first, so a phrase that starts with a type still resolves.
    """
    words = _norm(text).split()
    label = _leading_type(words)
    if label is None and words and words[0] in ("the", "a", "an"):  # "the decree"; "an le" is Án lệ
        label = _leading_type(words[1:])
    return label


def _leading_type(words: list[str]) -> str | None:
    for n in range(min(len(words), _MAX_WORDS), 0, -1):
        label = _LOOKUP.get(" ".join(words[:n]))
        if label:
            return label
    return None


def doc_type_from_symbol(symbol: str) -> str | None:
    """Guess the type from a symbol's type code: "QĐ-UBND" -> Quyết định.

    Only the first code counts ("TB" in "TB/TU"); a Công văn's symbol starts
    with its issuer instead ("5348/CT-CS" is the tax department's), so callers
    should prefer a stated type over this guess.
    """
    head = re.split(r"[-/\s]", fold(symbol).upper(), maxsplit=1)[0]
    head = re.sub(r"\d+$", "", head)  # "QH13" -> "QH"
    return SYMBOL_TYPES.get(head)


# Issuer codes that follow the type code of a Chỉ thị ("CT-TTg", "CT-UBND", "CT-BYT");
# after any other code "CT" is the tax department's own prefix ("5348/CT-CS").
_CT_ISSUERS = re.compile(r"^(?:TTG|UBND|B[A-Z]+|NHNN|VKSNDTC|TANDTC)$")


def symbol_doc_type(symbol: str) -> str | None:
    """The type a number's symbol gives, with the one exception that needs care: "CT" is a
    Chỉ thị only with a Party symbol ("18-CT/TU") or a directive issuer after it
    ("05/CT-TTg"); "5348/CT-CS" is a letter of the tax department."""
    guess = doc_type_from_symbol(symbol)
    if guess == "Chỉ thị" and "/" not in symbol:
        parts = number_key(symbol).split("-")
        if len(parts) < 2 or not _CT_ISSUERS.match(parts[1]):
            return None
    return guess


# Types cited by a bare number, without a symbol: "Chỉ thị số 18", "Kết luận 20".
BARE_NUMBER_TYPES: tuple[str, ...] = (
    "Chỉ thị",
    "Kết luận",
    "Nghị quyết",
    "Quyết định",
    "Thông báo",
    "Kế hoạch",
    "Công văn",
    "Công điện",
    "Thông tư",
    "Nghị định",
    "Chương trình",
    "Hướng dẫn",
    "Quy định",
    "Báo cáo",
    "Tờ trình",
    "Đề án",
    "Giấy mời",
)


def _type_name_pattern() -> str:
    """Regex alternation of every Vietnamese type name as documents write it:
    sentence case and capitals, accented and not ("Chỉ thị", "CHỈ THỊ", "Chi thi").
    Case-sensitive on purpose: lower-case "quyết định" is usually the verb, and a
    case-insensitive alternation is several times slower to scan."""
    names = set()
    for label in (*DOC_TYPES, "Qui định", "Qui chế", "Văn bản"):
        for form in (label, fold(label).capitalize()):
            names |= {form, form.upper()}
    ordered = sorted(names, key=len, reverse=True)  # longest first: "Bộ luật" before "Luật"
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


# Used by references and metadata to find "Chỉ thị", "NGHỊ QUYẾT", "Nghi dinh" in text.
TYPE_NAME_PATTERN = _type_name_pattern()
