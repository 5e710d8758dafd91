"""What a document does to the documents it names: replaces, amends, repeals, implements,
carries out, or only cites them.

Vietnamese directives state this in regular forms, read here from the verb phrase that governs
each mention in its sentence:

* "Chỉ thị này thay thế Chỉ thị số 15/CT-UBND" / "Quyết định này có hiệu lực ... và thay thế
  Quyết định số 512/QĐ-UBND" / "Thay thế Quyết định số 3089/QĐ-UBND" → replaces;
* "sửa đổi, bổ sung một số điều của Quyết định số 52/2024/QĐ-UBND" → amends (partial);
* "Bãi bỏ Điều 3 của Quyết định số ..." → repeals, partial; "Quyết định số 11/2022/QĐ-UBND
  ... hết hiệu lực kể từ ngày Quyết định này có hiệu lực" → repeals;
* "Thông tư này hướng dẫn thực hiện Nghị định số ..." → implements;
* "Kế hoạch triển khai thực hiện Chỉ thị số 18-CT/TU", "Thực hiện Quyết định số 7619/QĐ-BCA
  ..., UBND ban hành Kế hoạch" → carries out.

Only what THIS document does counts: a sentence where another document is the subject
("Nghị định số 92/2017/NĐ-CP sửa đổi, bổ sung ..."), a passive ("được sửa đổi, bổ sung bởi
Luật số ..."), a basis ("Căn cứ ..."), a proposal or a task ("đề nghị ban hành Nghị quyết thay
thế ...", "tham mưu sửa đổi ...") or a quoted phrase leaves the mention a plain citation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from corpus.references import find_mentions
from corpus.sentences import sentences
from corpus.types import DocNumber, Reference
from corpus.vietnamese import nfc

KINDS = ("cites", "replaces", "amends", "repeals", "implements", "carries_out")
# When one document is named several times, the strongest statement wins.
_STRENGTH = {"replaces": 5, "repeals": 4, "amends": 3, "implements": 2, "carries_out": 1, "cites": 0}

_FORWARD = re.compile(
    r"(?P<replaces>thay thế(?: cho)?)"
    r"|(?P<amends>sửa đổi,? bổ sung|sửa đổi)"
    r"|(?P<repeals>bãi bỏ(?: toàn bộ| một phần)?|hủy bỏ|huỷ bỏ)"
    r"|(?P<implements>hướng dẫn (?:thực hiện|thi hành)|quy định chi tiết(?: và hướng dẫn thi hành)?)"
    r"|(?P<carries_out>triển khai(?: thực hiện| thi hành)?)"
)
# "Thực hiện Chỉ thị số 18-CT/TU ..., UBND tỉnh ban hành Kế hoạch": at the start of a sentence.
_OPENING_CARRY = re.compile(r"^[\W\d]*(?:[a-zđ]\)\s*)?(?:(?:tiếp tục|khẩn trương|tập trung)\s+)?thực hiện\s+")
_EXPIRES = re.compile(r"(?<!chưa )(?<!không )(?<!còn )hết hiệu lực")
_BASIS = re.compile(r"^[\W\d]*(?:[a-zđ]\)\s*)?(?:căn cứ|xét|theo đề nghị|trên cơ sở)\b")
# A proposal, a task, a negation or a past account just before the verb: not this document's act.
# "trình" is "submit", not the tail of "chương trình" (a programme), "quy trình", "tờ trình".
_NOT_AN_ACT = re.compile(
    r"\b(?:không|chưa|đề nghị|đề xuất|kiến nghị|tham mưu|dự thảo|nghiên cứu|xem xét|hoàn thiện|"
    r"(?<!chương )(?<!quy )(?<!lộ )(?<!tờ )trình|sẽ|dự kiến|sau \d+ năm|sau khi)(?:\W+\w+){0,10}\W*$"
)
# "được sửa đổi, bổ sung, bãi bỏ": a passive, the act of another document.
_PASSIVE = re.compile(
    r"(?:\bđã\s*$)|\b(?:được|bị)\s+(?:(?:sửa đổi|bổ sung|thay thế|bãi bỏ|hủy bỏ|huỷ bỏ)\W*(?:và|hoặc)?\s*)*$"
)
# "23/02/2023 của UBND thành phố ... sửa đổi ...": the tail of a document named just before.
_REFERENCE_TAIL = re.compile(r"^\W*(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|^\W*của\b")
_OWN_TITLE = re.compile(r"^\W*(?:về việc|v/v)?\W*$")
_TYPE_WORD = re.compile(
    r"(?:chỉ thị|quyết định|nghị quyết|nghị định|thông tư|kế hoạch|kết luận|thông báo|công văn|"
    r"hướng dẫn|luật|văn bản|công điện|quy định)(?:\s+(?:mới|khác))?\s*$"
)
_THIS = re.compile(r"\bnày\b")
_PLAN = re.compile(r"(?:kế hoạch|chương trình)\s*$")
_PART = re.compile(
    r"\b(?:điều|khoản|điểm|mục|phụ lục|chương|phần|một số|một phần|nội dung|cụm từ|tthc|thủ tục|danh mục)\b"
)
_ATTACHED = re.compile(r"(?:kèm theo|của|tại)\s*$")
_PREPOSITION = re.compile(r"\b(?:tại|theo|trong|về|cho|của)\b")
_CONNECTOR = re.compile(r"(?:,|và|;|cùng)\s*(?:các\s+)?$")
_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•*]|[a-zđ]\)|\d+[.)])")


@dataclass(frozen=True)
class Relation:
    """What this document does to one document it names, and the sentence that says so."""

    number_key: str  # the named document's number key (corpus.numbers.number_key)
    kind: str  # one of KINDS
    partial: bool  # only some articles, items or procedures ("bãi bỏ Điều 3 của ...")
    evidence: str  # the sentence, as written
    start: int  # the sentence's offsets in the text (NFC)
    end: int


def _lower(text: str) -> str:
    """Lower case with the length kept, so offsets hold in both forms."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class _Clause:
    low: str  # the sentence (with its list head, if any), lower case
    spans: tuple[tuple[int, int], ...]  # every mention's span in ``low``


def _gap_ok(kind: str, gap: str) -> tuple[bool, bool]:
    """Whether the words between a verb and the document it names let the verb govern it,
    and whether they name a part ("Điều 3 của", "một số điều của")."""
    partial = bool(_PART.search(gap))
    if "(" in gap:
        return False, partial
    if re.search(r"[.;“”\"]", gap) and kind in ("carries_out", "implements"):
        return False, partial
    if re.search(r"[“\"]\s*$", gap):  # a quoted phrase: "thay thế cụm từ “Quyết định số ...”"
        return False, partial
    words = _words(gap)
    if kind in ("carries_out", "implements"):
        plain = re.sub(r"\bmột số (?:điều|nội dung)(?: của)?\b", " ", gap)
        return words <= 8 and not _PREPOSITION.search(plain), partial
    limit = 45 if _ATTACHED.search(gap) else 12
    return words <= limit and ";" not in gap, partial


def _subject_ok(head: str, kind: str) -> bool:
    """Whether the words before the verb leave this document as its subject."""
    if _NOT_AN_ACT.search(head) or _PASSIVE.search(head):
        return False
    # "ban hành Nghị quyết thay thế ...": another, unnamed document; but "xây dựng kế hoạch triển
    # khai thực hiện Kết luận số 20-KL/TW" asks for X to be carried out, which is this text's aim.
    if _TYPE_WORD.search(head) and not (kind == "carries_out" and _PLAN.search(head)):
        return False
    if _REFERENCE_TAIL.search(head):
        return False
    # "Thông tư này hướng dẫn thực hiện ..." or a title; "Bộ ... hướng dẫn thực hiện" is another's.
    return kind != "implements" or bool(_OWN_TITLE.match(head) or _THIS.search(head))


def _forward(c: _Clause, i: int) -> tuple[str, bool] | None:
    """The verb before mention ``i`` that governs it, if any: (kind, partial)."""
    s, _ = c.spans[i]
    prefix = c.low[:s]
    cues = [(m.lastgroup, m.start(), m.end()) for m in _FORWARD.finditer(prefix)]
    opening = _OPENING_CARRY.match(prefix)
    if opening:
        cues.append(("carries_out", opening.start(), opening.end()))
    if not cues:
        return None
    kind, cs, ce = max(cues, key=lambda cue: cue[2])
    head = prefix[:cs]
    earlier = [j for j, (ms, me) in enumerate(c.spans) if me <= cs]
    if earlier and not _THIS.search(c.low[c.spans[earlier[-1]][1] : cs]):
        return None  # another document is the subject: "Nghị định số 92/2017 sửa đổi ..."
    if kind != "carries_out" or not opening or cs != opening.start():
        if not _subject_ok(head, kind):
            return None
    between = [j for j, (ms, me) in enumerate(c.spans) if ms >= ce and j < i]
    if not between:
        ok, partial = _gap_ok(kind, prefix[ce:])  # type: ignore[arg-type]
        return (kind, partial) if ok else None  # type: ignore[return-value]
    first = _forward(c, between[0])
    if first is None:
        return None
    tail = c.low[c.spans[i - 1][1] : s]
    if not _CONNECTOR.search(tail) or _words(tail) > 30:
        return None
    return first[0], first[1] or bool(_PART.search(tail))


def _backward(c: _Clause, i: int) -> tuple[str, bool] | None:
    """ "Quyết định số 11/2022/QĐ-UBND ... hết hiệu lực": the named document is the subject."""
    s, e = c.spans[i]
    m = _EXPIRES.search(c.low, e)
    if not m:
        return None
    mid = c.low[e : m.start()]
    if any(ms >= e and ms < m.start() for ms, _ in c.spans) or ";" in mid or _THIS.search(mid):
        return None
    if _words(mid) > 80:
        return None
    head = c.low[:s]
    if any(me <= s for _, me in c.spans) and not _CONNECTOR.search(head):
        return None
    return "repeals", bool(_PART.search(head))


def _classify(c: _Clause, i: int) -> tuple[str, bool]:
    if _BASIS.match(c.low):
        return "cites", False
    s, _ = c.spans[i]
    if re.search(r"[“\"]\s*$", c.low[:s]):
        return "cites", False
    return _forward(c, i) or _backward(c, i) or ("cites", False)


def _list_head(text: str, spans: list[tuple[int, int]], k: int) -> int | None:
    """For a list item ("a) Quyết định số ...;"), the sentence ending with ":" that opens the
    list ("Bãi bỏ các văn bản sau:"), up to 12 items back."""
    if not _LIST_ITEM.match(text[spans[k][0] : spans[k][1]]) and not text[: spans[k][0]].rstrip().endswith(
        ":"
    ):
        return None
    for j in range(k - 1, max(-1, k - 13), -1):
        s, e = spans[j]
        if text[s:e].rstrip().endswith(":"):
            return j
        if not _LIST_ITEM.match(text[s:e]):
            return None
    return None


def find_relations(text: str, own_number: DocNumber | None = None) -> tuple[Relation, ...]:
    """One relation per document ``text`` names (other than itself), in order of first mention:
    the strongest statement made about it anywhere in the text, with its sentence."""
    text = nfc(text)
    mentions = find_mentions(text, own_number)
    spans = sentences(text)
    starts = [s for s, _ in spans]
    best: dict[str, Relation] = {}
    by_sentence: dict[int, list[Reference]] = {}
    for ref in mentions:
        k = bisect.bisect_right(starts, ref.start) - 1
        if k >= 0 and ref.start < spans[k][1]:
            by_sentence.setdefault(k, []).append(ref)
    for k, refs in sorted(by_sentence.items()):
        s, e = spans[k]
        head_k = _list_head(text, spans, k)
        lead = text[spans[head_k][0] : spans[head_k][1]] + " " if head_k is not None else ""
        clause = _Clause(
            low=_lower(lead + text[s:e]),
            spans=tuple((len(lead) + r.start - s, len(lead) + min(r.end, e) - s) for r in refs),
        )
        for i, ref in enumerate(refs):
            kind, partial = _classify(clause, i)
            key = ref.number.key  # type: ignore[union-attr]
            kept = best.get(key)
            if kept is None or _STRENGTH[kind] > _STRENGTH[kept.kind]:
                best[key] = Relation(key, kind, partial if kind != "cites" else False, text[s:e], s, e)
    return tuple(best.values())
