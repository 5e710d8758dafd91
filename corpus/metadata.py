"""Document metadata read from the text itself: type, number, issuer, place, date, title, signer.

Three shapes of text, tried in this order:

1. An official header (see ``corpus.header``): issuer, motto, "Số: …",
   "<place>, ngày …", type line, subject; the signer from the signature block.
2. A court precedent: "ÁN LỆ SỐ 43/2021/AL" and "Được Hội đồng Thẩm phán …
   thông qua ngày …".
3. Anything else is read as news. The rule for bulletins: when the lead says
   an authority "vừa/đã ban hành <type> số <number>", the bulletin stands in
   for that document: its type, number and issuer, because that is what
   readers ask by. It is dated by a "Ngày 26/11/2025, …" opening that
   sentence, else by the bulletin's publication line ("09/02/2022 10:46"):
   the bulletin rarely gives the signing date, and publication follows it
   within days. Otherwise a dated article is a "Bản tin" with no number or
   issuer, and an undated page (an encyclopedia entry, a Q&A) gets no type.

Gaps are filled from the body: "được Quốc hội … thông qua ngày …" (laws and
court resolutions carry no dated place line), "Chính phủ ban hành Nghị định …"
in the preamble, the document citing itself with a date, the issuer code of
the symbol, and last the website's summary block when the cleaner left it in.
"""

from __future__ import annotations

import re
from datetime import date

from corpus.dates import find_dates, parse_date
from corpus.doctypes import TYPE_NAME_PATTERN, canonical_doc_type
from corpus.header import UP, clip, date_of, find_anchor, find_signer, parse_header, view_lines
from corpus.issuers import issuer_from_authority, issuer_from_symbol, known_name
from corpus.numbers import find_doc_numbers
from corpus.references import find_references, mention_date
from corpus.types import DocumentMeta, HeaderFields
from corpus.vietnamese import nfc

_AN_LE = re.compile(r"^(?:ÁN LỆ|Án lệ)\s+(?:SỐ|số)\s+")
_PASSED = re.compile(
    r"(?:[Đđ]ược|ĐƯỢC)\s+(?P<who>[^.;:\n]{3,160}?)\s*thông\s+qua\s+(?:vào\s+)?(?:các\s+)?ngày\s+"
    r"(?:\d{1,2}\s*,\s*)*(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_PASSED_WHO_END = re.compile(r"\s+(?:nước|khóa|khoá|kỳ họp|tại)\b.*$", re.DOTALL)
_ISSUES = re.compile(
    r"(?P<who>Chính phủ|Thủ tướng Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|"
    r"(?:Bộ trưởng|Thống đốc|Tổng Kiểm toán|Chánh án)\s+[^;,.\n]{3,60}?)"
    rf"\s+ban hành\s+(?P<type>{TYPE_NAME_PATTERN})"
)
_PUBLISHED = re.compile(
    r"^(?:[^\d\n]{0,20})?(\d{1,2}/\d{1,2}/\d{4})(?:\s*[-,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_LEAD_DATE = re.compile(r"^\(?(?:Ngày|NGÀY)\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?")
_REPORTED = re.compile(
    rf"(?P<who>[{UP}]\w*(?:\s+\w+){{0,7}}?)\s+(?:vừa|đã|mới)\s+(?:chính thức\s+)?(?:ký\s+)?"
    rf"(?:ban hành|phát hành|ký)\s+(?P<type>{TYPE_NAME_PATTERN})\s+(?:số\s+)?"
)
_ORG_START = re.compile(
    r"\b(?:Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Đảng ủy|Ban Thường vụ|Thường trực|UBND|HĐND|Ủy ban|"
    r"Uỷ ban|Hội đồng|Bộ|Thủ tướng|Chính phủ|Quốc hội|Sở|Cục|Ban|Văn phòng)\b"
)
# An appendix naming the act it belongs to: "(Kèm theo Công văn số 174/CV-BCĐ ngày 02 tháng 12
# năm 2025 của Ban Chỉ đạo)". For a letter whose header was lost, that act is the letter itself.
_ATTACHED = re.compile(
    rf"\((?:Ban hành\s+)?(?:[Kk]èm|KÈM)\s+theo\s+(?P<type>{TYPE_NAME_PATTERN})\s+(?:số|SỐ)?\s*:?\s*"
    r"(?P<rest>[^()\n]{5,160})\)"
)
_ATTACHED_OF = re.compile(r"\s(?:của|CỦA)\s+(?P<who>[^()]+?)\s*$")
# The website's summary above some pages ("Số hiệu:", "Người ký:" …).
_BANNER = {
    "number": "Số hiệu:",
    "doc_type": "Loại văn bản:",
    "issuer": "Nơi ban hành:",
    "signer": "Người ký:",
    "issue_date": "Ngày ban hành:",
}


def _parse_an_le(lines: list[str], idx: int) -> HeaderFields:
    found = find_doc_numbers(lines[idx])
    rest = lines[idx][found[0][2] :] if found else ""
    parts = [rest] if rest.strip() else []
    for line in lines[idx + 1 : idx + 5]:
        if line.startswith(("Được", "Nguồn án lệ")):
            break
        parts.append(line)
    title = re.split(r"\s(?=Được\s)", " ".join(parts), maxsplit=1)[0]  # "… Được Hội đồng Thẩm phán …"
    return HeaderFields(
        doc_type="Án lệ", number=found[0][0] if found else None, title=clip(title), body_start=idx + 1
    )


def _publication_date(lines: list[str]) -> date | None:
    """A bulletin's "09/02/2022 10:46" line, right under its headline."""
    for line in lines[:3]:
        m = _PUBLISHED.match(line)
        parsed = parse_date(m.group(1)) if m else None
        if parsed:
            return parsed.value
    return None


def _lead_date(line: str, text: str) -> date | None:
    """A lead opening "Ngày 26/11/2025, …"; "Ngày 22/10, …" takes the year of the
    first full date the article gives."""
    m = _LEAD_DATE.match(line)
    if not m:
        return None
    year = m.group("y")
    if not year:
        dates = find_dates(text)
        year = str(dates[0].value.year) if dates else None
    parsed = parse_date(f"{m.group('d')}/{m.group('m')}/{year}") if year else None
    return parsed.value if parsed else None


def _parse_news(lines: list[str], text: str) -> HeaderFields:
    if any(line.startswith("Kính gửi") for line in lines[:3]):
        return HeaderFields(doc_type="Công văn", body_start=0)  # a letter that lost its header, not news
    published = _publication_date(lines)
    for i, line in enumerate(lines[:8]):
        for m in _REPORTED.finditer(line[:3000]):
            found = find_doc_numbers(line[m.end() : m.end() + 60])
            if not found or found[0][1] != 0:
                continue
            who = m.group("who")
            org = _ORG_START.search(who)
            return HeaderFields(
                doc_type=canonical_doc_type(m.group("type")),
                number=found[0][0],
                issuer=who[org.start() :] if org else who,
                issue_date=_lead_date(line, text) or published,
                title=clip(lines[0]),
                body_start=i + 1,
            )
    when = published or next((d for d in (_lead_date(x, text) for x in lines[:8]) if d), None)
    return HeaderFields(doc_type="Bản tin" if when else None, issue_date=when, title=clip(lines[0]))


def _passed(view: str) -> tuple[str | None, date | None]:
    """Issuer and date from "được <X> … thông qua ngày …" (laws, court resolutions, precedents)."""
    m = _PASSED.search(view)
    if not m:
        return None, None
    who = re.split(r"\b[Đđ]ược\s+", m.group("who"))[-1]  # "người được nhận … Được Hội đồng …"
    who = _PASSED_WHO_END.sub("", who).strip()
    return (known_name(who) if who else None), date_of(m)


def _attached(view: str, meta: HeaderFields) -> None:
    """Number, date and issuer from the first "(Kèm theo <type> số … ngày … của …)"."""
    m = _ATTACHED.search(view)
    found = find_doc_numbers(m.group("rest")) if m else []
    if not m or not found or found[0][1] > 2:
        return
    meta.number = found[0][0]
    rest = m.group("rest")[found[0][2] :]
    when = find_dates(rest[:40])
    of = _ATTACHED_OF.search(rest)
    meta.fill(
        doc_type=canonical_doc_type(m.group("type")),
        issue_date=when[0].value if when else None,
        issuer=of.group("who") if of else None,
    )


def _fill_from_body(meta: HeaderFields, lines: list[str], text: str, body_start: int) -> None:
    view = "\n".join(lines)
    if not meta.number:
        _attached(view, meta)
    if not meta.issue_date or not meta.issuer:
        who, when = _passed(view)
        meta.fill(issue_date=when, issuer=who)
    if not meta.issuer:  # "Chính phủ ban hành Nghị định …" in the preamble of this very act
        m = _ISSUES.search(view[:20000])
        if m and canonical_doc_type(m.group("type")) == meta.doc_type:
            meta.issuer = issuer_from_authority(m.group("who").upper())
    number = meta.number
    if number and not meta.issuer:
        meta.issuer = issuer_from_symbol(number.symbol)
    if number and not meta.issue_date:
        meta.issue_date = mention_date(text, number)
    meta.signer = find_signer(lines, body_start)


def _banner(lines: list[str]) -> dict[str, object]:
    """Fields of the website summary, when the cleaner left it in."""
    found: dict = {}
    for i, line in enumerate(lines[:40]):
        for field, label in _BANNER.items():
            if field in found or not line.startswith(label):
                continue
            value = line[len(label) :].strip() or (lines[i + 1] if i + 1 < len(lines) else "")
            if field == "number":
                numbers = find_doc_numbers(value)
                found[field] = numbers[0][0] if numbers else None
            elif field == "issue_date":
                parsed = parse_date(value)
                found[field] = parsed.value if parsed else None
            elif field == "doc_type":
                found[field] = canonical_doc_type(value) if len(value) < 30 else None
            else:
                found[field] = value if 2 < len(value) < 80 else None
    return {k: v for k, v in found.items() if v}


def parse_metadata(text: str) -> DocumentMeta:
    """Metadata of one document from its cleaned text (never from its file name)."""
    text = nfc(text)
    lines = view_lines(text)
    if not lines:
        return DocumentMeta()
    anchor = find_anchor(lines)
    an_le = next((i for i, line in enumerate(lines[:6]) if _AN_LE.match(line)), None)
    if anchor is not None and (an_le is None or anchor < an_le):
        meta = parse_header(lines, anchor)
    elif an_le is not None:
        meta = _parse_an_le(lines, an_le)
    else:
        meta = _parse_news(lines, text)
    if meta.body_start is not None:  # an official document, or one a bulletin reports
        _fill_from_body(meta, lines, text, meta.body_start)
    meta.fill(**_banner(lines))  # the document's own words first
    return DocumentMeta(
        doc_type=meta.doc_type,
        number=meta.number,
        issuer=meta.issuer,
        place=meta.place,
        issue_date=meta.issue_date,
        title=meta.title,
        signer=meta.signer,
        references=find_references(text, own_number=meta.number),
    )
