"""What kind of answer a question wants (a person or body, a date, a number, an amount) and
whether a passage or sentence holds one. Pure text rules, Vietnamese (with or without
accents) and English; the ranker and the highlighter weigh them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.answer_kinds import Holds, SentenceKinds
from corpus.vietnamese import fold
from index.retrieval.query import detect_language

# Question cues: Vietnamese ones on folded text (typed with or without accents), English
# ones on English questions only (folded Vietnamese "cap", "may" are other words).
_VI_CUES: dict[str, re.Pattern[str]] = {
    "who": re.compile(r"\b(ai|co quan nao|don vi nao|bo nao|so nao|ben nao|nguoi nao|chu tri)\b"),
    "when": re.compile(
        r"\b(khi nao|bao gio|ngay nao|thang nao|nam nao|thoi han|han chot|truoc ngay|cham nhat|thoi diem|"
        r"thoi gian nao|bao lau|(?:bao nhieu|may) (?:ngay|tuan|thang)|han (?:nop|cuoi|hoan thanh|xong))\b"
        # "hạn" alone ("Hải Phòng hạn xếp loại công chức"), not "giới hạn", "hạn chế", "hạn mức".
        r"|(?<!gioi )(?<!cuc )\bhan\b(?! (?:che|muc|han|ngach))"
    ),
    "amount": re.compile(
        r"\b(bao nhieu tien|muc phi|le phi|muc thu|muc ho tro|muc chi|kinh phi|bao nhieu dong|ty dong|trieu dong)\b"
    ),
    "number": re.compile(r"\b(bao nhieu|may|so luong|ty le|phan tram|toi da|toi thieu)\b"),
}
_EN_CUES: dict[str, re.Pattern[str]] = {
    "who": re.compile(
        r"\b(who|whom|which (?:agency|body|ministry|department|unit|authority|office|organi[sz]ation|committee)|"
        r"chaired|chairs)\b"
    ),
    "when": re.compile(
        r"\b(when|what date|which date|deadline|by what date|how long|time limit|due|how quickly|how soon|"
        r"what period|within how many|how many (?:working )?(?:days|weeks|months))\b"
    ),
    "amount": re.compile(
        r"\b(how much|amount|fee|cost|price|budget|allowance|salary|subsid\w*|funding|dong|vnd)\b"
    ),
    "number": re.compile(
        r"\b(how many|how much|what percentage|what share|number of|percent\w*|minimum|maximum|at least|at most|"
        r"limit|rate)\b"
    ),
}
TYPES = ("who", "when", "amount", "number")


@dataclass(frozen=True)
class Wants:
    """The answer kinds a question asks for (several can hold: "how much, by when")."""

    who: bool = False
    when: bool = False
    amount: bool = False
    number: bool = False

    def any(self) -> bool:
        return self.who or self.when or self.amount or self.number


def question_wants(question: str, language: str | None = None) -> Wants:
    """``language`` as ``query.detect_language`` gives it (detected when not given)."""
    language = language or detect_language(question)
    cues = _EN_CUES if language == "en" else _VI_CUES
    text = question.lower() if language == "en" else fold(question)
    return Wants(**{kind: bool(cues[kind].search(text)) for kind in TYPES})


def match(wants: Wants, holds: Holds) -> float:
    """Share of the wanted kinds the text holds (0 when the question wants none)."""
    wanted = [kind for kind in TYPES if getattr(wants, kind)]
    if not wanted:
        return 0.0
    return sum(1 for kind in wanted if getattr(holds, kind) > 0) / len(wanted)


def kind_cover(
    sentences: tuple[SentenceKinds, ...],
    wants: Wants,
    keys: list[tuple[tuple[str, ...], float]],
    total: float,
) -> float:
    """The largest share of the question's key weight (``keys``: alternative folded forms and a
    weight; ``total``: their whole weight) that one of a passage's ``sentences`` holds beside the
    kind of answer the question wants, times the share of wanted kinds it holds (0 when the
    question wants none)."""
    best = 0.0
    if total <= 0 or not wants.any():
        return best
    for sentence in sentences:
        kind = match(wants, sentence.holds)
        if kind:
            held = sum(w for forms, w in keys if any(f" {x} " in sentence.words for x in forms))
            best = max(best, kind * held / total)
    return best


# A question asks for the list of targets when it names targets, quotas, deadlines or how much is
# to be reached. Vietnamese on folded text (typed with or without accents), English on English.
_VI_TARGETS = re.compile(
    r"\b(muc tieu|chi tieu|phan dau|dat bao nhieu|ty le|thoi han|han chot|han hoan thanh|han nop|"
    r"truoc ngay nao|cham nhat|den khi nao|bao gio phai|dinh muc|kinh phi bao nhieu|bao nhieu phan tram)\b"
)
_EN_TARGETS = re.compile(
    r"\b(targets?|goals?|quotas?|deadlines?|due dates?|how much|how many|what percentage|what share|"
    r"by when|by what date|time limits?|objectives?)\b"
)


def asks_for_targets(question: str, language: str | None = None) -> bool:
    """Whether ``question`` asks for targets, deadlines, amounts or quotas ("Mục tiêu tiêm vắc xin
    trong tháng 2/2022 là gì?", "What are the vaccine targets for February 2022?"): the answer
    then lists the targets its passages state."""
    language = language or detect_language(question)
    if language == "en":
        return bool(_EN_TARGETS.search(question.lower()))
    return bool(_VI_TARGETS.search(fold(question)))
