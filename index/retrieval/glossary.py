"""English questions over Vietnamese text: an English→Vietnamese glossary of administrative
and legal vocabulary (``glossary_en_vi.tsv``, written for this project from the archive's
frequent terms) turns an English question into Vietnamese search terms.

"What are the vaccine targets for February 2022?" → vắc xin | tiêm chủng, mục tiêu, tháng 2,
2022. Multi-word entries are matched first ("provincial party committee" before "party");
simple inflections (-s, -es, -ies, -ed, -ing) are stripped when the word itself is not an
entry. Words the glossary does not know but that look like names ("Dong Nai", "Suhil") are
kept as they are: the index holds folded text, where "dong nai" matches "Đồng Nai".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from config import Ranking
from corpus.vietnamese import fold, is_vietnamese_syllable, nfc, words

GLOSSARY_FILE = Path(__file__).with_name("glossary_en_vi.tsv")
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Words that never carry the subject of a question.
_SKIP = set(
    """a an the of to in on for and or is are was were be been being by with at from as that this these those
    what which who whom whose when where why how do does did has have had will would can could should must may
    might it its their there about into under over after before than more most many much any some all each per
    not no yes i we you they he she them our your my me us set according say said ask asked under
    """.split()
)


@dataclass(frozen=True)
class Term:
    """One thing an English question asks about, in Vietnamese (folded for search)."""

    english: str
    forms: tuple[str, ...]  # Vietnamese forms as written, most common first
    folded: tuple[str, ...]  # the same forms folded: lower-case words without diacritics or punctuation
    known: bool  # from the glossary (False: a name or number kept as typed)


class Glossary:
    def __init__(self, entries: dict[str, tuple[str, ...]]) -> None:
        self.entries = entries
        self.longest = max((len(k.split()) for k in entries), default=1)

    @staticmethod
    def parse(text: str) -> Glossary:
        """Entries from the TSV text: ``english<TAB>form | form …``; ``#`` starts a comment."""
        entries: dict[str, tuple[str, ...]] = {}
        for n, line in enumerate(nfc(text).splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            english, sep, forms = line.partition("\t")
            if not sep:
                raise ValueError(f"{GLOSSARY_FILE.name}:{n}: expected 'english<TAB>forms', got {line!r}")
            key = " ".join(tokens(english.lower()))
            values = tuple(f.strip() for f in forms.split("|") if f.strip())
            if key and values:
                entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + values))
        return Glossary(entries)

    def _lookup(self, words: list[str]) -> str | None:
        key = " ".join(words)
        if key in self.entries:
            return key
        *head, last = words
        for stem in _stems(last):
            candidate = " ".join([*head, stem])
            if candidate in self.entries:
                return candidate
        return None

    def terms(self, question: str) -> list[Term]:
        """The question's subject, as Vietnamese terms, in the order it names them."""
        original = tokens(nfc(question))
        lowered = [w.lower() for w in original]
        out: list[Term] = []
        i = 0
        while i < len(lowered):
            if _name_goes_on(original, i, out):
                out.append(Term(lowered[i], (original[i],), (fold(lowered[i]),), False))
                i += 1
                continue
            for n in range(min(self.longest, len(lowered) - i), 0, -1):
                key = self._lookup(lowered[i : i + n])
                if key is not None and not (n == 1 and key in _SKIP):
                    forms = self.entries[key]
                    folded = tuple(dict.fromkeys(" ".join(words(fold(f))) for f in forms))
                    out.append(Term(key, forms, folded, True))
                    i += n
                    break
            else:
                word = lowered[i]
                if word not in _SKIP and (original[i][0].isupper() or word.isdigit()) and _kept(word):
                    out.append(Term(word, (original[i],), (fold(word),), False))
                i += 1
        return _dedupe(out)


def tokens(text: str) -> list[str]:
    """The words of English text as the glossary matches them: a possessive dropped
    ("Hanoi's" → "Hanoi", "People's Committee" → "People Committee") and words joined by a
    hyphen taken apart ("registration-fee" → "registration", "fee"), in entries and
    questions alike. Years are words too ("2026-2030" → "2026", "2030"; "late-2025" → "late",
    "2025"): kept whole, a period the question names was no term at all. Codes with other
    digits stay whole ("20-KL")."""
    out: list[str] = []
    for word in _WORD.findall(text):
        word = _POSSESSIVE.sub("", word)
        parts = word.split("-")
        whole = len(parts) == 1 or not all(p.isalpha() or _YEAR.fullmatch(p) for p in parts)
        out += [word] if whole else parts
    return out


def _stems(word: str) -> list[str]:
    stems = []
    if word.endswith("ies") and len(word) > 4:
        stems.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        stems.append(word[:-2])
    if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
        stems.append(word[:-1])
    if word.endswith("ed") and len(word) > 4:
        stems += [word[:-2], word[:-1]]
    if word.endswith("ing") and len(word) > 5:
        stems += [word[:-3], word[:-3] + "e"]
    return stems


def _name_goes_on(original: list[str], i: int, out: list[Term]) -> bool:
    """A capitalised Vietnamese syllable right after a name kept as typed is the name's next
    syllable, not an English word: "Bac Ai" is a commune (not "AI"), "Tan An" and "Co Do"
    wards (not the stop words "an" and "do"). An acronym typed in capitals ("AI") is looked up."""
    word = original[i]
    previous = out[-1] if out else None
    return bool(
        previous is not None  # so i > 0: a term was read before this word
        and not previous.known
        and previous.forms == (original[i - 1],)
        and not original[i - 1].isdigit()
        and word[:1].isupper()
        and not word.isupper()
        and is_vietnamese_syllable(word.lower())
    )


def _kept(word: str) -> bool:
    """Names typed without accents ("Dong", "Nai") and numbers are searchable as typed;
    capitalised English words at a sentence start ("Under") are not."""
    return word.isdigit() or is_vietnamese_syllable(word) or len(word) > 3


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[str] = set()
    out = []
    for t in terms:
        if t.english not in seen:
            seen.add(t.english)
            out.append(t)
    return out


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    return Glossary.parse(path.read_text(encoding="utf-8"))


def default_glossary() -> Glossary:
    return load_glossary(GLOSSARY_FILE)


def glossary_for(ranking: Ranking) -> Glossary:
    """The glossary the settings name (``glossary_file``), else the shipped one."""
    return load_glossary(Path(ranking.glossary_file)) if ranking.glossary_file else default_glossary()


def vietnamese_rendering(terms: list[Term]) -> str:
    """A Vietnamese keyword rendering of the question for the dense side: each term's first
    form, in order ("vắc xin mục tiêu tháng 2 2022")."""
    return " ".join(t.forms[0] for t in terms)
