"""The official header (thể thức) of a Vietnamese document, and its signature block.

A header is the issuer in capitals, the national motto ("CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM", or "ĐẢNG CỘNG SẢN VIỆT NAM" for the Party), "Số: 2820/QĐ-UBND",
"<place>, ngày 19 tháng 11 năm 2025", then the type in capitals ("QUYẾT ĐỊNH")
and the subject (trích yếu). A Công văn has no type line: its subject follows
the number as "V/v …". Headers that lost their issuer row start at "Số:".

Everything works on ``view_lines``: the cleaner's text with any leftover table
pipes, rule lines, emphasis marks and glued cells ("VIỆT NAMĐộc lập") undone,
so the parser tolerates text that was cleaned differently or not at all.
"""

from __future__ import annotations

import re
from datetime import date

from corpus.dates import find_dates
from corpus.doctypes import TYPE_NAME_PATTERN, canonical_doc_type, symbol_doc_type
from corpus.issuers import issuer_from_authority, issuer_from_header
from corpus.numbers import find_doc_numbers
from corpus.types import DocNumber, HeaderFields
from corpus.vietnamese import fold, nfc

UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LO = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
MAX_TITLE = 300
_HEADER_LINES = 400  # a header is looked for this far down (some pages open with a summary)

# --- the view ---------------------------------------------------------------------

_RULE = re.compile(r"(?:---|___|===|–––|———)[-_=–—]*")  # a literal start scans far faster than a class
_HASHES = re.compile(r"^#+[ \t]*", re.MULTILINE)
_GLUE_SPAN = 40_000  # glued cells only occur in headers and signature blocks
_GLUED_CAPS = re.compile(rf"([{UP}]{{2}})(?=[{UP}][{LO}])")
_GLUED_ROLE = re.compile(rf"(?<=[{UP}])(KT\.|TM\.|TL\.|TUQ\.)")
_SIGNED = re.compile(r"\(\s*(?:đã ký|Đã ký|ĐÃ KÝ|đã kí|Đã kí)\s*\)")
_SPACES = re.compile(r"  +|[\t\u00a0]")  # single spaces are left alone: much faster


def _unglue(text: str) -> str:
    text = _SIGNED.sub("\n(Đã ký)\n", text)
    return _GLUED_ROLE.sub("\n\\1", _GLUED_CAPS.sub("\\1\n", text))


def view_lines(text: str) -> list[str]:
    """Non-empty lines of ``text``, one cell each, markup removed, NFC."""
    view = nfc(text).replace("\r", "\n").replace("|", "\n").replace("*", "")
    view = _RULE.sub("\n", view)
    if "#" in view:
        view = _HASHES.sub("", view)
    if len(view) <= 2 * _GLUE_SPAN:
        view = _unglue(view)
    else:  # long acts: only the header and the closing signature block
        view = _unglue(view[:_GLUE_SPAN]) + view[_GLUE_SPAN:-_GLUE_SPAN] + _unglue(view[-_GLUE_SPAN:])
    lines = (line.strip() for line in _SPACES.sub(" ", view).split("\n"))
    return [line for line in lines if line]


def is_caps(text: str) -> bool:
    """Mostly capitals, as header lines are (a lower-case "điện:" may trail)."""
    letters = [ch for ch in text[:160] if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def clip(text: str) -> str | None:
    """Whitespace tidied, at most ``MAX_TITLE`` characters cut at a word."""
    text = " ".join(text.split()).strip(" :;,-")
    if not text:
        return None
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return text


# --- the header ---------------------------------------------------------------

_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do")
_SO = re.compile(r"(?:^|[\s(])(?:Số|SỐ|(?:Luật|LUẬT|Bộ luật|Pháp lệnh)\s+(?:số|SỐ))\s*:?\s*$")
_SO_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*\d")
_SO_ANYWHERE = re.compile(r"(?:^|\s)(?:Số|SỐ|số)\s*:?\s*\d")
_NUMBER_CELL = re.compile(r"\s+(?=(?:Luật|Bộ luật|Pháp lệnh)?\s*(?:Số|SỐ|số)\s*:?\s*\d)")
# The date of a "<place>, ngày … tháng … năm …" line; the place is read back from
# the line (a lazy "(.*?), ngày" prefix would rescan long lines from every position).
# Lower-case "ngày" only: the all-caps "NGÀY" belongs to subjects that cite other acts.
PLACE_DATE = re.compile(r"[,\s]*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*,?\s*năm\s*(?P<y>\d{4})")
_TITLE_TYPE = re.compile(rf"^(?P<type>{TYPE_NAME_PATTERN})(?!\w)", re.IGNORECASE)  # callers check capitals
_SUBJECT = re.compile(r"(?:^|\s)((?:V/v|V/V|v/v|Về việc|Về)\b.*)$")
_BODY_START = re.compile(
    r"\s(?=(?:Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Xét đề nghị|Triển khai|Điều 1\.|Trong (?:các|những) ngày)\b)"
)
# A whole line naming the enacting authority under the subject ("ỦY BAN NHÂN DÂN TỈNH X",
# "CHỦ TỊCH ỦY BAN NHÂN DÂN …", "THỦ TƯỚNG CHÍNH PHỦ điện:"); it ends the subject.
_AUTHORITY_LINE = re.compile(
    r"(?:(?:CHỦ TỊCH|BỘ TRƯỞNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH ÁN|TỔNG KIỂM TOÁN|"
    rf"THỐNG ĐỐC|ỦY BAN|UỶ BAN|HỘI ĐỒNG|BAN CHẤP HÀNH)\b[^{LO[3:]}a-z]{{0,70}}"
    r"|CHÍNH PHỦ|THỦ TƯỚNG CHÍNH PHỦ|QUỐC HỘI|BỘ CHÍNH TRỊ|BAN BÍ THƯ)(?:\s+điện)?\s*:?"
)
# The same authority glued to the end of a subject in capitals ("… CỦA SỞ TÀI CHÍNH
# CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X"), but not one the subject names ("CỦA PHÓ THỦ TƯỚNG …").
_AUTHORITY_TAIL = re.compile(
    r"\s(?<!CỦA\s)(?<!CHO\s)(?<!VỚI\s)(?<!THUỘC\s)(?<!VÀ\s)(?<!PHÓ\s)(?<!TƯỚNG\s)(?<!VỤ\s)(?=(?:"
    r"(?:(?:CHỦ TỊCH\s)?(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BỘ TRƯỞNG BỘ|CỤC TRƯỞNG CỤC|GIÁM ĐỐC SỞ)"
    rf"(?:\s[{UP}]+){{0,6}}"
    r"|THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|TỔNG KIỂM TOÁN NHÀ NƯỚC"
    r"|HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO)(?:\s+điện)?\s*:?$)"
)


def date_of(m: re.Match) -> date | None:
    found = find_dates(f"{m.group('d')}/{m.group('m')}/{m.group('y')}")
    return found[0].value if found else None


def _dated_place(line: str) -> bool:
    """A "<place>, ngày … tháng … năm …" line, not a sentence that mentions a date."""
    m = PLACE_DATE.search(line)
    return bool(m) and len(line) < 90 and m.start() < 50


def find_anchor(lines: list[str]) -> int | None:
    """Index of the motto line of an official header, or of its "Số:" line when
    the motto is missing; None for text without a header."""
    for i, line in enumerate(lines[:_HEADER_LINES]):
        pair = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        m = _MOTTO.search(pair)
        if m and m.start() < len(line):
            near = lines[max(0, i - 2) : i + 10]  # a header also has a number or a dated place
            pairs = (a + " " + b for a, b in zip(near, [*near[1:], ""]))  # either may wrap a line
            if _SO_ANYWHERE.search("\n".join(near)) or any(_dated_place(x) for x in pairs):
                return i
    for i, line in enumerate(lines[:15]):
        if _SO_LINE.match(line):
            following = lines[i + 1 : i + 7]
            typed = any(_TITLE_TYPE.match(x) and is_caps(x[:12]) for x in following)
            if typed or any(_dated_place(x) for x in following):
                return i
    return None


def _issuer_lines(lines: list[str], motto: int) -> tuple[list[str], int]:
    """Capitals right above the motto (and before it on the motto's own line),
    and the index of the first header line."""
    found: list[str] = []
    first = motto
    m = _MOTTO.search(lines[motto])
    if m and m.start() > 0 and is_caps(lines[motto][: m.start()]):
        found.append(lines[motto][: m.start()])
    for i in range(motto - 1, max(-1, motto - 7), -1):
        line = lines[i]
        if len(line) < 90 and (_SO_LINE.match(line) or PLACE_DATE.search(line)):
            first = i
            continue
        line = _NUMBER_CELL.split(line, maxsplit=1)[0]  # "QUỐC HỘI Luật số: 91/2015/QH13"
        if len(line) > 90 or len(found) >= 5 or not is_caps(line):
            break
        found.insert(0, line)
        first = i
    return found, first


def _title_index(lines: list[str], start: int) -> int | None:
    for i in range(start, min(len(lines), start + 16)):
        line = lines[i]
        m = _TITLE_TYPE.match(line)
        if not m or not is_caps(m.group("type")):
            continue
        if line.endswith(":") and line.rstrip(" :") == m.group("type"):
            continue  # "QUYẾT ĐỊNH:" opens the operative part, it is not the title
        return i
    return None


def _header_number(block: str) -> DocNumber | None:
    candidates = find_doc_numbers(block)
    for doc, start, _ in candidates:
        if _SO.search(block[max(0, start - 14) : start]):
            return doc
    return candidates[0][0] if candidates else None


def _place(raw: str) -> str | None:
    """The trailing capitalised words before ", ngày": "Thành phố Hồ Chí Minh", "Hà Nội"."""
    words = raw.strip(" ,|:").split()
    for k in range(min(len(words), 6), 0, -1):
        tail = words[-k:]
        if tail[0][:1].isupper() and all(w[:1].isupper() or w in ("phố", "xã") for w in tail):
            if not any(ch.isdigit() for ch in "".join(tail)):
                return " ".join(tail)
    return None


def _title_from(lines: list[str], idx: int, type_text: str, issuer: str | None) -> str | None:
    """The subject after the type line: capitals run on until sentence case starts,
    a sentence-case subject until capitals or the body start."""
    first = lines[idx][len(type_text) :].strip()
    parts = [first] if first else []
    caps = is_caps(first) if first else None
    for line in lines[idx + 1 : idx + 8]:
        short_label = line.endswith(":") and len(line) < 40  # "QUYẾT ĐỊNH:", "Kính gửi:"
        if _AUTHORITY_LINE.fullmatch(line) or short_label or _BODY_START.match(" " + line):
            break
        if issuer and fold(line) == fold(issuer):
            break
        if sum(ch.isalpha() for ch in line) >= 2:  # "2026 - 2030" continues either kind
            if caps is None:
                caps = is_caps(line)
            elif caps != is_caps(line):
                break
        if fold(line) in fold(" ".join(parts)):  # pages that print the subject twice
            continue
        parts.append(line)
        if sum(len(p) for p in parts) > MAX_TITLE:
            break
    title = _BODY_START.split(" ".join(parts), maxsplit=1)[0]
    return clip(_AUTHORITY_TAIL.split(title, maxsplit=1)[0])


def parse_header(lines: list[str], anchor: int) -> HeaderFields:
    """Fields of the header at ``anchor``; ``body_start`` is where the body begins."""
    issuer_lines, first = _issuer_lines(lines, anchor)
    title_idx = _title_index(lines, anchor + 1)
    end = title_idx if title_idx is not None else min(len(lines), anchor + 8)
    block = "\n".join(lines[first:end])
    number = _header_number(block)
    out = HeaderFields(number=number, issuer=issuer_from_header(issuer_lines) if issuer_lines else None)
    body_start = anchor + 1
    for i in range(first, end):  # the dated place line, never a date cited in the preamble
        line, used = lines[i], 1
        if not _dated_place(line) and i + 1 < end and "ngày" in line:  # "…, ngày 19" / "tháng 11 năm 2025"
            line, used = f"{line} {lines[i + 1]}", 2
        m = PLACE_DATE.search(line) if _dated_place(line) else None
        if m:
            out.issue_date, out.place = date_of(m), _place(line[: m.start()])
            body_start = i + used
            break
    if number and fold(number.symbol).upper().startswith("VBHN"):
        out.doc_type = "Văn bản hợp nhất"  # keeps the type line of the act it consolidates
    if title_idx is not None:
        type_text = _TITLE_TYPE.match(lines[title_idx]).group("type")  # type: ignore[union-attr]
        if out.doc_type is None:
            out.doc_type = canonical_doc_type(type_text)
        out.title = _title_from(lines, title_idx, type_text, out.issuer)
        body_start = title_idx + 1
        for line in lines[body_start : body_start + 4]:  # the enacting line, when the issuer row is lost
            if not out.issuer and _AUTHORITY_LINE.fullmatch(line):
                out.issuer = issuer_from_authority(line)
    else:  # no type line: a Công văn, whose subject is "V/v …" under its number
        subject = next((s.group(1) for s in map(_SUBJECT.search, lines[first:end]) if s), None)
        if subject and PLACE_DATE.search(subject):
            subject = None
        if subject or any(line.startswith("Kính gửi") for line in lines[anchor : anchor + 14]):
            out.doc_type, out.title = "Công văn", clip(subject) if subject else None
        else:  # a subject printed without its type line
            nxt = body_start
            while nxt < end and (
                _MOTTO.search(lines[nxt]) or _SO_LINE.match(lines[nxt]) or _dated_place(lines[nxt])
            ):
                nxt += 1
            if nxt < len(lines) and not _BODY_START.match(" " + lines[nxt]) and not is_caps(lines[nxt]):
                out.title = clip(lines[nxt])
    if out.doc_type is None:
        out.doc_type = symbol_doc_type(number.symbol) if number else None
    out.body_start = body_start
    return out


# --- the signature block ------------------------------------------------------------

_ROLE = re.compile(
    r"\b(?:CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|VỤ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG BAN|"
    r"CHÁNH VĂN PHÒNG|BÍ THƯ|CHÁNH ÁN|THỐNG ĐỐC|TỔNG KIỂM TOÁN|TỔNG GIÁM ĐỐC|TỔNG THANH TRA|CHỦ NHIỆM|"
    r"TỔNG THƯ KÝ|TRƯỞNG PHÒNG|CHI CỤC TRƯỞNG|THỦ TRƯỞNG|THƯỜNG TRỰC)\b"
)
_SIGN_PREFIX = re.compile(r"^(?:TM|T/M|KT|TL|TUQ|Q)\.?\s")  # on behalf of / deputising / by order
_RANKS = "Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá"
_RANK = re.compile(rf"^(?:{_RANKS})\s+")
_NAME = re.compile(rf"^(?:[{UP}][{LO}]*\s+){{1,5}}[{UP}][{LO}]*$")
_ROLE_THEN_NAME = re.compile(
    rf"^(?P<role>[{UP}0-9 .,/\-]+?)\s*(?:(?:{_RANKS})\s+)?(?P<name>(?:[{UP}][{LO}]+\s+){{1,5}}[{UP}][{LO}]*)$"
)


def find_signer(lines: list[str], start: int) -> str | None:
    """The name under the first signature block after ``start``: a title in
    capitals ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "(Đã ký)" perhaps, then the name.
    Military ranks before the name are dropped."""
    for i in range(start, len(lines)):
        line = lines[i]
        if len(line) > 120 or not (_ROLE.search(line) or _SIGN_PREFIX.match(line)):
            continue
        joined = _ROLE_THEN_NAME.match(line)  # "KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Văn A" on one line
        if joined and is_caps(joined.group("role")):
            return joined.group("name")
        if not is_caps(line):
            continue
        for nxt in lines[i + 1 : i + 7]:
            if nxt == "(Đã ký)" or (is_caps(nxt) and len(nxt) < 70) or _SIGN_PREFIX.match(nxt):
                continue  # the rest of the title block ("PHÓ CHỦ TỊCH"), misspelt ones included
            nxt = _RANK.sub("", nxt)
            if _NAME.match(nxt) and len(nxt) <= 40:
                return nxt
            break
    return None
