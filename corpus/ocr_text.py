"""Repairs of what Tesseract's Vietnamese model misreads in the words the header parser needs.

Only narrow, unambiguous fixes, applied to OCR text (never to born-digital text): "số" with the
wrong tone before a number ("Só 55", "SÔ: 12" → "Số 55", "SỐ: 12"; Tesseract often drops the
acute of ố), a number whose slashes came out as "I" ("26I2018IAL" → "26/2018/AL"), look-alike
letters (Ð → Đ), and a footnote mark glued to a document symbol read as "!" or "|"
("55/2022/AL!" → "55/2022/AL"). Issuer names misread in their diacritics are matched by
their folded form instead (``corpus.issuers.known_name``).
"""

from __future__ import annotations

import re

_SO_LOWER = re.compile(r"(?<![\w])([Ss])[óòỏõọôồổỗộ6](?=\s*:?\s*\d)")
_SO_UPPER = re.compile(r"(?<![\w])S[ÓÒỎÕỌÔỒỔỖỘ](?=\s*:?\s*\d)")
# "26I2018IAL": the slashes of an italic number read as I, l or |.
_SLASHED_NUMBER = re.compile(r"(?<![\w/])(\d{1,5})[Il|/](\d{4})[Il|/](?=[A-ZĐ]{2})")
# Look-alikes of Vietnamese letters: Icelandic eth for Đ, the fraction slash for "/".
_LOOKALIKES = str.maketrans({"Ð": "Đ", "⁄": "/"})
_SYMBOL_MARK = re.compile(r"(\d[\w.\-]*/[A-ZĐ][\w.\-]*?)[!|]+(?=[\s.,;:)]|$)", re.MULTILINE)


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")) or len(line) < 3:
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def merge_header_rows(text: str) -> str:
    """The two-column header OCR reads line by line ("| CHÍNH PHỦ | CỘNG HÒA … |", "| Số: … | Hà Nội,
    ngày … |") as one table row of two cells, the way a DOCX or web page lays it out (one cell
    per column): the header parser takes the issuer's lines together ("HỘI ĐỒNG THẨM PHÁN" +
    "TÒA ÁN NHÂN DÂN TỐI CAO"). Only a run of two-cell rows at the top of the page."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or (_cells(lines[first]) or []).__len__() != 2:
        return text
    columns: list[list[str]] = [[], []]
    end = first
    for i in range(first, len(lines)):
        cells = _cells(lines[i])
        if not lines[i].strip():
            continue
        if cells is None or len(cells) != 2:
            break
        for column, cell in zip(columns, cells):
            column.append(cell)
        end = i + 1
    row = "| " + " | ".join(" ".join(c for c in column if c) for column in columns) + " |"
    return "\n".join([*lines[:first], row, *lines[end:]])


def repair(text: str) -> str:
    text = merge_header_rows(text).translate(_LOOKALIKES)
    text = _SLASHED_NUMBER.sub(r"\1/\2/", text)
    text = _SO_UPPER.sub("SỐ", text)
    text = _SO_LOWER.sub(lambda m: m.group(1) + "ố", text)
    return _SYMBOL_MARK.sub(r"\1", text)
