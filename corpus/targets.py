"""Targets and deadlines as directives state them: "phấn đấu ... đạt ít nhất 90%",
"tiêm mũi 3 cho ít nhất 90% người từ 18 tuổi trở lên", "giải ngân đạt 100% kế hoạch vốn",
"thu ngân sách 51.000 tỷ đồng", "hoàn thành trước ngày 28/02/2022".

Pure rules on one passage. A sentence (``corpus.sentences``: clauses end at ";") is read in
its *period*, the run of clauses joined by ";" or opened by ":" and a list, because a
directive states the goal word and the deadline once ("Phấn đấu hoàn thành trước ngày
28/02/2022 các mục tiêu: …") and the values clause by clause after it. A value counts as a
target only when its clause or period carries a goal word (phấn đấu, mục tiêu, chỉ tiêu,
bảo đảm, tối thiểu…): "tăng 5,2% so với cùng kỳ" reports a result and is not one. A clause
with no value but a deadline word and a date ("báo cáo trước ngày 15/3") is a deadline row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.target_parts import DEADLINE_ONLY, TASK, deadline_in, due_date, responsible_body
from corpus.vietnamese import nfc

EXTRACTOR_VERSION = "2"  # bump when the rules change: the index re-extracts every passage


@dataclass(frozen=True)
class Target:
    """One target or deadline in a passage; offsets index the passage text."""

    measure: str  # "tiêm mũi 3 (mũi nhắc lại)"
    population: str  # "người từ 18 tuổi trở lên đã tiêm mũi 2 đủ 3 tháng"
    value: float | None  # 90.0; None for a deadline alone
    unit: str  # "%", "tỷ đồng", "" (deadline)
    comparator: str  # "≥", ">", "≤", "<", "="
    value_text: str  # as written: "ít nhất 90%", "tất cả"
    deadline: str  # "trước ngày 28/02/2022", "năm 2025", ""
    due: date | None  # the deadline's last day when it names one (a date, month, quarter, year)
    responsible: str  # "Sở Y tế" when the passage says who, else ""
    start: int  # the sentence (clause) holding the value
    end: int

    @property
    def display_value(self) -> str:
        if self.value is None:
            return ""
        whole = self.value == int(self.value)
        number = f"{int(self.value):,}".replace(",", ".") if whole else f"{self.value:g}".replace(".", ",")
        return f"{self.comparator} {number} {self.unit}".replace("= ", "").strip()


_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_COMPARATOR = (
    r"(?P<cmp>ít nhất|tối thiểu|không dưới|không thấp hơn|trên|hơn|tối đa|không quá|dưới|khoảng|từ)?\s*"
)
_PERCENT = re.compile(
    rf"{_COMPARATOR}(?P<num>{_NUM})(?:\s*%?\s*[-–]\s*(?P<hi>\d+(?:,\d+)?))?\s*(?P<unit>%(?:/năm)?|phần trăm)",
    re.IGNORECASE,
)
_MONEY = re.compile(
    rf"{_COMPARATOR}(?P<num>{_NUM})\s*(?P<unit>(?:nghìn |ngàn |triệu |tỷ |tỉ )?(?:tỷ |tỉ )?(?:đồng|USD))",
    re.IGNORECASE,
)
# "đạt trên 39.000 tấn", "đạt 20 triệu lượt khách": a count after "đạt", its unit the next word.
_COUNT = re.compile(
    rf"(?:(?<=đạt )\s*{_COMPARATOR}|(?P<cmp2>ít nhất|tối thiểu|không dưới)\s+)(?P<num>{_NUM})\s+"
    r"(?P<unit>(?:nghìn |ngàn |triệu |tỷ )?(?:lượt )?"
    # A one-syllable unit ("tấn", "lần", "tin, bài"), else a two-syllable word ("doanh nghiệp").
    r"(?:(?:tấn|ha|km|lần|người|khách|tin|bài|điểm|xã|hộ|sàn|cơ sở)(?!\w)(?:, [^\W\d_]+(?=[\s;.]))?"
    r"|[^\W\d_]+(?: [^\W\d_]+)?))",
    re.IGNORECASE,
)
# A value that reports the present or a share held, not a goal: "(đến nay mới đạt 39,5%)",
# "Nhà nước nắm giữ 100% vốn điều lệ", "chiếm 34,86%".
_NOT_GOAL_BEFORE = re.compile(r"(?:đến nay|hiện nay|mới đạt|đã đạt|nắm giữ|sở hữu|chiếm|góp)\s*[^\d]{0,12}$")
_ALL = re.compile(r"(?<!\w)(?P<num>tất cả|toàn bộ)(?!\w)", re.IGNORECASE)
_CMP_SIGN = {
    "ít nhất": "≥",
    "tối thiểu": "≥",
    "không dưới": "≥",
    "không thấp hơn": "≥",
    "từ": "≥",
    "trên": ">",
    "hơn": ">",
    "tối đa": "≤",
    "không quá": "≤",
    "dưới": "<",
    "khoảng": "≈",
}

# Goal words, on the lower-cased text with its accents: folded, "cổ phần Đầu tư" would read as
# "phan dau". "đạt" alone is also how results are reported ("đã đạt", "ước đạt"), so it counts
# only as "phải đạt", "đạt tối thiểu"…, never after đã/ước.
_GOAL = re.compile(
    r"(?<!\w)(phấn đấu|mục tiêu|chỉ tiêu|phải đạt|cần đạt|đạt tối thiểu|đạt ít nhất|nhằm đạt|yêu cầu đạt|quyết tâm)(?!\w)"
    r"|(?<!\w)(?:bảo đảm|đảm bảo) (?:[^\W\d_]+ ){0,3}\d+(?:,\d+)? ?%"
)
_REPORTED = re.compile(
    r"(?<!\w)(đã đạt|ước đạt|đã hoàn thành|so với cùng kỳ|so cùng kỳ|đạt được|kết quả)(?!\w)"
)
_LEAD_WORDS = re.compile(
    r"^(?:[-+•*]\s*|[a-zđ0-9]{1,2}[.)]\s*|\(\d+\)\s*)?(?:phấn đấu|mục tiêu|chỉ tiêu|bảo đảm|đảm bảo|"
    r"(?:và|trong đó|đồng thời|cụ thể)[:,]?)?\s*(?:(?:đến|trong|trước|vào)\s+[^,:]*?\d{4}\s*[,:]?\s*)?",
    re.IGNORECASE,
)
_POP_STOP = re.compile(
    r"\s+(?:được|có|đạt|tham gia|sử dụng|thực hiện|hoàn thành|trong|trước|đến năm|vào năm)\s|[;:.(]|,\s+(?:trong đó|nhất là|bảo đảm|đảm bảo)"
)
_VERB_BEFORE = re.compile(
    r"(?:\s*(?:cho|đối với|đạt|là|ở mức|bằng|lên|xuống|còn|phấn đấu|phải|cần|dự kiến))+\s*$", re.IGNORECASE
)
_LIMIT = 140


def _lower(text: str) -> str:
    """Lower case, NFC; "chương trình mục tiêu quốc gia" names a programme and sets no goal."""
    return nfc(text).lower().replace("chương trình mục tiêu", "")


def _number(raw: str) -> float:
    return float(raw.replace(".", "").replace(",", "."))


_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\n")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans, trimmed. Like ``corpus.sentences`` (";" ends a clause, "39.000" and
    "28/02/2022" do not end one), but a number with a dot never swallows the rest of the line."""
    spans, start = [], 0
    for m in _CLAUSE_END.finditer(text + "\n"):
        s, e = start, m.end() if m.group(0) != "\n" else m.start()
        start = m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 3:
            spans.append((s, e))
    return spans


def _periods(text: str) -> list[list[tuple[int, int]]]:
    """Clauses grouped by period: ";" joins the next clause, and a clause ending ":" opens a
    list whose lines ("- …", "a) …") belong to it."""
    groups: list[list[tuple[int, int]]] = []
    joined = False
    for s, e in _clauses(text):
        line = text[s:e]
        bullet = bool(re.match(r"[-+•*]|[a-zđ]\)|\d{1,2}\)", line))
        if groups and (joined or (bullet and groups[-1][0] != (s, e) and _opens_list(text, groups[-1]))):
            groups[-1].append((s, e))
        else:
            groups.append([(s, e)])
        joined = text[e - 1] in ";:" or text[e - 1 : e + 1] == ":\n"
    return groups


def _opens_list(text: str, group: list[tuple[int, int]]) -> bool:
    return any(text[e - 1] == ":" for _, e in group)


def _clip(text: str, keep_end: bool = False) -> str:
    """``text`` on one line, at most ``_LIMIT`` characters: its start, or its end (``keep_end``:
    the words right before a deadline say what is due)."""
    text = " ".join(text.split()).strip(" ,;:-–")
    if len(text) <= _LIMIT:
        return text
    return "…" + text[-_LIMIT + 1 :].lstrip() if keep_end else text[: _LIMIT - 1].rstrip() + "…"


def _roles(clause: str, m: re.Match[str], after: int = 0) -> tuple[str, str]:
    """(measure, population) around the value ``m`` in ``clause``; ``after``: where the previous
    value of the clause ended ("quý I tăng 6,8%, quý II tăng 8,0%": the second one's measure is
    "quý II tăng")."""
    left = clause[after : m.start()].lstrip(" ,;")
    left = _LEAD_WORDS.sub("", left[left.rfind(":") + 1 :].strip(), count=1)
    right = clause[m.end() :]
    stop = _POP_STOP.search(right)
    population = right[: stop.start()] if stop else right
    comma = re.search(r",\s.*\d", population)
    population = population[: comma.start()] if comma else population
    if _VERB_BEFORE.search(left):
        return _clip(_VERB_BEFORE.sub("", left)), _clip(population)
    if left.strip():
        return _clip(left), _clip(population)
    rest = right[stop.start() :] if stop else ""
    return _clip(rest), _clip(population)


def _values(clause: str) -> list[re.Match[str]]:
    """The values a goal clause states. Each pattern runs only where its mark is (a passage is read
    at every build: most clauses hold none)."""
    lower = clause.lower()
    found = list(_PERCENT.finditer(clause)) if "%" in clause or "phần trăm" in lower else []
    if "đồng" in lower or "usd" in lower:
        found += list(_MONEY.finditer(clause))
    money = {m.start("num") for m in found}
    if any(w in lower for w in ("đạt", "ít nhất", "tối thiểu", "không dưới")):
        found += [m for m in _COUNT.finditer(clause) if m.start("num") not in money and "%" not in m.group(0)]
    if "tất cả" in lower or "toàn bộ" in lower:
        found += [
            m
            for m in _ALL.finditer(clause)
            if re.search(r"(?:\bcho|hoàn thành(?: cao nhất| tốt)?)\s*$", clause[: m.start()], re.I)
        ]
    found = [m for m in found if not _NOT_GOAL_BEFORE.search(clause[max(0, m.start() - 30) : m.start()])]
    found.sort(key=lambda m: m.start())
    return found


_HEADING_NUMBER = re.compile(r"(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
_NUMBER_PREFIX = re.compile(r"\s*(?:[IVX]+|\d+(?:\.\d+)*)\.\s*")
_GOAL_HEADING = re.compile(r"(?<!\w)(mục tiêu|chỉ tiêu)(?!\w)")


def _heading(text: str, s: int, e: int) -> bool:
    """A short line without final punctuation, numbered ("II. MỤC TIÊU", "1.6. Mục tiêu 6 …") or
    in capitals: the section title a list of targets sits under."""
    line = text[s:e]
    whole_line = e >= len(text) or text[e] == "\n"
    # "1. Mục tiêu chung": the clause split leaves "1." before the clause, on its line.
    prefix = text[text.rfind("\n", 0, s) + 1 : s]
    numbered = bool(_HEADING_NUMBER.match(line) or _NUMBER_PREFIX.fullmatch(prefix))
    return whole_line and len(line) <= 100 and line[-1] not in ".;:," and (numbered or line.isupper())


@dataclass(frozen=True)
class _Period:
    """What a period's clauses share: its deadline and body (stated in its first clause) and
    whether it, or the section it sits under, states a goal."""

    deadline: str
    body: str
    goal: bool


def _target(
    clause: str, m: re.Match[str], after: int, own: str, period: _Period, span: tuple[int, int]
) -> Target:
    measure, population = _roles(clause, m, after if after < m.start() else 0)
    raw_cmp = (m.groupdict().get("cmp") or m.groupdict().get("cmp2") or "").lower()
    is_all = m.re is _ALL
    return Target(
        measure=measure,
        population=population,
        value=100.0 if is_all else _number(m.group("num")),
        unit="%" if is_all or m.group("unit").lower() == "phần trăm" else m.group("unit").strip(),
        comparator="≥" if m.groupdict().get("hi") else _CMP_SIGN.get(raw_cmp, "="),
        value_text=" ".join(m.group(0).split()),
        deadline=own,
        due=due_date(own) if own else None,
        responsible=period.body,
        start=span[0],
        end=span[1],
    )


def _clause_targets(text: str, s: int, e: int, period: _Period) -> list[Target]:
    clause = text[s:e]
    lower = _lower(clause)
    own_goal = bool(_GOAL.search(lower))
    reported = bool(_REPORTED.search(lower)) and not own_goal  # its values are results, not goals
    own = deadline_in(clause) or period.deadline
    out = []
    if (period.goal or own_goal) and not reported:
        after = 0
        for m in _values(clause):
            out.append(_target(clause, m, after, own, period, (s, e)))
            after = m.end()
    if not out and deadline_in(clause) and DEADLINE_ONLY.search(lower) and TASK.search(lower):
        head = _LEAD_WORDS.sub("", clause.strip(), count=1)
        measure = head[: head.lower().find(own.lower())] if own.lower() in head.lower() else head
        out.append(
            Target(
                _clip(measure, keep_end=True), "", None, "", "=", "", own, due_date(own), period.body, s, e
            )
        )
    return out


def extract_targets(text: str) -> tuple[Target, ...]:
    """Every target and deadline in passage ``text``, in order."""
    found: list[Target] = []
    under_goal = False  # inside a section titled "Mục tiêu …" / "Chỉ tiêu …"
    heading_deadline = ""  # "II. CHỈ TIÊU XUẤT KHẨU ĐẾN NĂM 2030": its targets are due then
    for group in _periods(text):
        s0, e0 = group[0]
        if len(group) == 1 and _heading(text, s0, e0):
            under_goal = bool(_GOAL_HEADING.search(_lower(text[s0:e0])))
            # A sub-heading ("a) Mục tiêu chung") keeps the year of the section above it.
            heading_deadline = (deadline_in(text[s0:e0]) or heading_deadline) if under_goal else ""
            continue
        goal = under_goal or any(_GOAL.search(_lower(text[s:e])) for s, e in group)
        deadline = deadline_in(text[s0:e0]) or heading_deadline
        period = _Period(deadline, responsible_body(text[s0:e0]), goal)
        for s, e in group:
            found.extend(_clause_targets(text, s, e, period))
    return tuple(found)
