"""The parts of a target besides its value: the deadline a clause states, the last day it
names, and the body made responsible ("Sở Y tế chủ trì", "giao Sở Kế hoạch và Đầu tư").
Used by ``corpus.targets``."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from corpus.dates import find_dates, parse_month_mentions

_DEADLINE = re.compile(
    r"(?P<text>(?:hoàn thành |xong |hoàn tất )?(?:trước|chậm nhất|muộn nhất|không muộn hơn|"
    r"đến hết|trong|đến|vào)\s+(?:là\s+)?(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?| tháng \d{1,2}(?: năm \d{4})?"
    r"| (?:hằng|hàng) (?:tháng|quý|năm))"
    r"|\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}(?:/\d{4}| năm \d{4})|quý\s+[IV]+(?:/|\s+năm\s+)\d{4}|năm\s+\d{4}))",
    re.IGNORECASE,
)
DEADLINE_ONLY = re.compile(r"(?<!\w)(trước ngày|chậm nhất|muộn nhất|không muộn hơn|xong trước)(?!\w)")
# A deadline binds an action someone must take; "đất sử dụng trước ngày 01/7/2014" is history.
TASK = re.compile(
    r"(?<!\w)(hoàn thành|hoàn tất|xong|báo cáo|gửi|trình|ban hành|triển khai|tổ chức|nộp|phê duyệt|cập nhật|"
    r"tổng hợp|xây dựng|rà soát|quán triệt|thực hiện|kết thúc|đưa vào)(?!\w)"
)
_BODY_HEAD = re.compile(
    r"(?<!\w)(?:Sở|Bộ|Ban|Cục|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Công an|Bảo hiểm xã hội|Kho bạc Nhà nước)(?!\w)"
)
_BODY_PLACE = re.compile(r"\s+(?:tỉnh|thành phố|huyện|xã|cấp tỉnh|cấp huyện|cấp xã)(?!\w)")
_TOKEN = re.compile(r"\s+([^\s,;:.()]+)")
# Words that end a body's name: what the body does next ("Sở Y tế chủ trì", "Bộ trưởng").
_NOT_NAME = frozenset(
    "chủ chịu phối chỉ có tổng báo hướng ban trình thực tham đề giao theo tổ xây rà kiểm khẩn cần phải được là "
    "trưởng phó các về tại để khi trong đến từ với cho".split()
)
_BODY_ROLE = re.compile(r"\s+(?:chủ trì|chịu trách nhiệm|có trách nhiệm|chỉ đạo|phối hợp)")


def due_date(deadline: str) -> date | None:
    dates = find_dates(deadline)
    if dates:
        return dates[0].value
    months = parse_month_mentions(deadline)
    if months:
        y, m = months[-1]
        return date(y, m, calendar.monthrange(y, m)[1])
    quarter = re.search(r"quý\s+(I{1,3}|IV)\b\D*(\d{4})", deadline, re.IGNORECASE)
    if quarter:
        q = {"I": 1, "II": 2, "III": 3, "IV": 4}[quarter.group(1).upper()]
        y, m = int(quarter.group(2)), 3 * q
        return date(y, m, calendar.monthrange(y, m)[1])
    year = re.search(r"năm\s+(\d{4})", deadline, re.IGNORECASE)
    return date(int(year.group(1)), 12, 31) if year else None


@functools.lru_cache(maxsize=4096)
def deadline_in(text: str) -> str:
    """The deadline a clause states ("trước ngày 28/02/2022", "trong quý I/2022"), else ""; a
    clause is asked twice (alone and as its period's first), hence the cache."""
    if not any(ch.isdigit() for ch in text):
        return ""
    found = [m.group("text") for m in _DEADLINE.finditer(text)]
    strong = [
        d for d in found if re.match(r"(?:hoàn thành |xong |hoàn tất )?(?:trước|chậm nhất|đến)", d, re.I)
    ]
    return (strong or found or [""])[0]


def _body_at(text: str, start: int, end: int) -> int:
    """Where the body name starting with the head ``text[start:end]`` ends: capitalised words, a
    lower-case word after one ("Sở Y tế"), "và"/"-" between them ("Giáo dục và Đào tạo")."""
    place = _BODY_PLACE.match(text, end)
    if place:
        return place.end()
    prev_cap = False
    while m := _TOKEN.match(text, end):
        word = m.group(1)
        nxt = _TOKEN.match(text, m.end())
        if word[0].isupper():
            prev_cap = True
        elif word in ("và", "-") and nxt and nxt.group(1)[0].isupper():
            prev_cap = False
        elif prev_cap and word not in _NOT_NAME:
            prev_cap = False
        else:
            break
        end = m.end()
    return end


def responsible_body(text: str) -> str:
    """A body named as the subject of the period, or given the task ("giao Sở Y tế")."""
    for m in _BODY_HEAD.finditer(text):
        end = _body_at(text, m.start(), m.end())
        if end == m.end() and m.group(0) in ("Sở", "Bộ", "Ban", "Cục"):
            continue  # "Bộ trưởng", "Ban hành": not a body's name
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if m.start() < 3 or "giao" in before or _BODY_ROLE.match(text, end):
            return text[m.start() : end]
    return ""
