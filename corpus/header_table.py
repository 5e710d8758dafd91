"""Flatten the table-laid header of a Vietnamese directive into fixed lines.

Scraped pages, DOCX and HTML lay the header out as a 2x2 table: issuer | national
motto, "Số: …" | place and date. ``corpus.metadata`` parses the flattened form:

    ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Độc lập - Tự do - Hạnh phúc
    Số: 2820/QĐ-UBND
    Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025

one line each, the subject of a Công văn ("V/v …") after the number, rule lines dropped.
"""

from __future__ import annotations

import re

from corpus.markup import is_complete_emphasis, is_upper, strip_emphasis, tidy

# The State's national line, or the Party's ("ĐẢNG CỘNG SẢN VIỆT NAM") in Party documents.
_NATION = re.compile(
    r"CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM|ĐẢNG\s*CỘNG\s*SẢN\s*VIỆT\s*NAM", re.IGNORECASE
)
_MOTTO = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc", re.IGNORECASE)
# "Số: 2820/QĐ-UBND"; Party documents write "Số 508-TB/TU".
_SO = re.compile(r"\bSố\s*(?::|(?=\s+\d))\s*([\w/.\-–]+)?")
_PLACE_DATE = re.compile(
    r"ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
    re.IGNORECASE,
)
_RULE_RUN = re.compile(r"[-_=]{3,}")
_PIPE_LINE = re.compile(r"^\s*\|[\s|]*$")
_KINH_GUI = re.compile(r"^\**\s*Kính\s+gửi", re.IGNORECASE)


def _header_end(lines: list[str], start: int) -> int | None:
    """Index just past the header table that starts at ``start``, or None if there is none."""
    anchor = None
    for i in range(start, min(len(lines), start + 25)):
        if _NATION.search(lines[i]) or _MOTTO.search(lines[i]) or _SO.search(lines[i]):
            anchor = i
            break
    if anchor is None:
        return None
    cell: list[str] = []
    seen_date = False
    for i in range(start, min(len(lines), start + 60)):
        raw = lines[i]
        s = raw.strip()
        if i > anchor and not s:
            following = next((x for x in lines[i + 1 : i + 3] if x.strip()), "")
            if seen_date or not ("|" in following or _SO.search(following) or _PLACE_DATE.search(following)):
                return i
            continue  # a blank line between the rows of one header table
        if _PIPE_LINE.match(s):
            if seen_date:
                return i + 1
            cell = []
            continue
        heading = is_complete_emphasis(s) and is_upper(strip_emphasis(s)) and not _NATION.search(s)
        if i > anchor and (_KINH_GUI.match(s) or heading):
            if seen_date or _SO.search(" ".join(lines[start:i])):
                return i
        cell.append(s)
        if _PLACE_DATE.search(strip_emphasis(" ".join(cell))):
            seen_date = True
            if s.endswith("|"):
                return i + 1
    return None


def _split_header_piece(piece: str) -> list[tuple[str, str]]:
    """Classify one cell's text into (kind, text) parts: issuer/nation/motto/so/vv/date/other."""
    parts: list[tuple[str, str]] = []
    rest = piece
    m = _NATION.search(rest)
    if m:
        before, after = rest[: m.start()], rest[m.end() :]
        parts += _split_header_piece(before) if before.strip() else []
        parts.append(("nation", tidy(m.group(0))))
        return parts + (_split_header_piece(after) if after.strip() else [])
    m = _MOTTO.search(rest)
    if m:
        before, after = rest[: m.start()], rest[m.end() :]
        parts += _split_header_piece(before) if before.strip() else []
        parts.append(("motto", tidy(m.group(0))))
        return parts + (_split_header_piece(after) if after.strip() else [])
    m = _SO.search(rest)
    if m:
        before, after = rest[: m.start()], rest[m.end() :]
        parts += _split_header_piece(before) if before.strip() else []
        parts.append(("so", f"Số: {m.group(1) or ''}".strip()))
        after = tidy(after)
        if not after:
            return parts
        if _PLACE_DATE.search(after) and not re.match(r"(?:V/v|Về việc)\b", after, re.IGNORECASE):
            return [*parts, ("date", after)]
        return [*parts, ("vv", after)]
    if _PLACE_DATE.search(rest):
        return [("date", tidy(rest))]
    return [("other", tidy(rest))]


def flatten_header(header_lines: list[str]) -> list[str]:
    """The header table as lines: issuer, nation, motto, "Số: X", V/v, place-date."""
    text = "\n".join(strip_emphasis(line) for line in header_lines)
    # Cells are separated by pipes and by the rule lines under issuer and motto.
    raw_pieces = re.split(r"\||" + _RULE_RUN.pattern, text)
    parts: list[tuple[str, str]] = []
    for piece in raw_pieces:
        piece = tidy(piece.replace("\n", " "))
        if piece:
            parts += [p for p in _split_header_piece(piece) if p[1]]
    kinds = [k for k, _ in parts]
    first_fixed = next((i for i, k in enumerate(kinds) if k in ("nation", "motto")), len(parts))
    issuer = " ".join(t for i, (k, t) in enumerate(parts) if k == "other" and i < first_fixed)
    out = [issuer] if issuer else []
    for kind in ("nation", "motto", "so", "vv", "date"):
        out += [t for k, t in parts if k == kind]
    out += [t for i, (k, t) in enumerate(parts) if k == "other" and i > first_fixed]
    return out


def _flatten_region(lines: list[str], start: int) -> tuple[int, list[str]] | None:
    """(end, flattened lines) for a header table starting at ``start``, if there is one."""
    end = _header_end(lines, start)
    if end is None:
        return None
    region = lines[start:end]
    # A "header" this long swallowed body text: leave the layout alone.
    if sum(len(line) for line in region) > 700:
        return None
    flat = flatten_header(region)
    if not any(_NATION.search(x) or x.startswith("Số:") or _MOTTO.search(x) for x in flat):
        return None
    return end, flat


def split_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """(flattened header lines, remaining body lines); no header gives ([], lines)."""
    start = next((i for i, line in enumerate(lines) if line.strip() and not _PIPE_LINE.match(line)), None)
    found = _flatten_region(lines, start) if start is not None else None
    if found is None:
        return [], lines
    end, flat = found
    return flat, lines[end:]


def find_inner_header(lines: list[str], begin: int) -> tuple[int, int, list[str]] | None:
    """The next header table at or after ``begin`` inside a text: (start, end, flattened lines).

    News pages quote the whole document after a summary, and bilingual pages
    repeat the header before the translation; the motto line anchors it, and
    the issuer cell is the run of short lines just above.
    """
    for k in range(begin, len(lines)):
        if not _MOTTO.search(lines[k]):
            continue
        start = k
        while start > begin and k - start < 12:
            above = strip_emphasis(lines[start - 1]).strip()
            if not above or (len(above) > 70 and "|" not in above) or above[-1] in ".;:!?":
                break
            start -= 1
        while start < k and _PIPE_LINE.match(lines[start]):
            start += 1
        found = _flatten_region(lines, start)
        if found is not None:
            return start, found[0], found[1]
    return None
