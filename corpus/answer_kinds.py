"""The kinds of answer a passage or sentence holds (a person or body, a date, a number, an
amount), counted by text rules on directive text: the ranker weighs them against the kind a
question wants (``index.retrieval.answer_type``), and the build stores them per passage and per
sentence (``index.store.chunk_facts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.sentences import sentences
from corpus.vietnamese import fold, words

_DATE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b|\bngay\s+\d{1,2}\s+thang\s+\d{1,2}|\bthang\s+\d{1,2}(?:\s*[/.-]\s*|\s+nam\s+)\d{4}"
    r"|\bquy\s+[iv1-4]+\b|\bnam\s+(?:19|20)\d\d\b"
    # A day without its year ("trước ngày 20/11", "từ ngày 01/10"): plans' yearly deadlines.
    r"|\bngay\s+\d{1,2}\s*/\s*\d{1,2}\b(?!\s*[/.-]\s*\d)"
    # A time limit ("trong thời hạn 20 ngày", "05 ngày làm việc"), not a date's "15 tháng 12".
    r"|\b\d{1,3}\s+(?:ngay|tuan|thang|gio)\b(?!\s*(?:[/.-]\s*)?\d)"
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_AMOUNT = re.compile(r"\b\d+(?:[.,]\d+)*\s*(?:dong|ty|trieu|nghin|usd|%|phan tram)\b|\d\s*%")
# Bodies and office holders as directives write them (capitalised: "Sở Y tế", "UBND tỉnh").
_BODY = re.compile(
    r"(?<!\w)(Sở|Bộ|Ủy ban|Uỷ ban|UBND|HĐND|Cục|Tổng cục|Vụ|Ban|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|"
    r"Công an|Trung tâm|Hội đồng|Chính phủ|Thủ tướng|Chủ tịch|Phó Chủ tịch|Giám đốc|Bộ trưởng|Bí thư|Thứ trưởng)"
    r"(?!\w)"
)
# A named person: "đồng chí Nguyễn Xuân Ký", "Ông Lê Văn A" (a title, then capitalised names).
_PERSON = re.compile(r"\b(?:[ÔôOo]ng|[Bb]à|[Đđ]ồng chí)\s+[A-ZĐ]\w+(?:\s+[A-ZĐ]\w+)+")


@dataclass(frozen=True)
class Holds:
    """What kinds of answer a text holds, counted."""

    who: int
    when: int
    amount: int
    number: int


def text_holds(text: str, folded: str | None = None) -> Holds:
    """``folded``: the text folded already (the index stores it), saving the work."""
    folded = fold(text) if folded is None else folded
    return Holds(
        who=len(_BODY.findall(text)) + 2 * len(_PERSON.findall(text)),
        when=len(_DATE.findall(folded)),
        amount=len(_AMOUNT.findall(folded)),
        number=len(_NUMBER.findall(folded)),
    )


@dataclass(frozen=True)
class SentenceKinds:
    """One sentence of a passage that holds some kind of answer."""

    words: str  # its folded words, " w1 w2 … ", for word tests by substring: f" {w} " in words
    holds: Holds


def sentence_kinds(text: str) -> tuple[SentenceKinds, ...]:
    """The sentences of a passage (``corpus.sentences``, the rule that splits a cited passage)
    that hold some kind of answer, each with its folded words; sentences holding none are left
    out: nothing in them can be the answer a "who / when / how many" question wants."""
    # Folded once for the whole passage and sliced by the sentences' spans where folding kept
    # every character in place (NFC Vietnamese text), else folded sentence by sentence.
    whole = fold(text)
    found = []
    for start, end in sentences(text):
        folded = whole[start:end] if len(whole) == len(text) else fold(text[start:end])
        holds = text_holds(text[start:end], folded)
        if holds.who or holds.when or holds.amount or holds.number:
            found.append(SentenceKinds(" " + " ".join(words(folded)) + " ", holds))
    return tuple(found)
