"""Provinces and centrally-run cities a question or a document names.

A question about a province the archive holds nothing on ("mức học phí của tỉnh Sơn La")
is answered from another province's document unless the answer checks the place: this
is the one table of Vietnam's provinces (the 63 before the 2025 merger; the 34 after it
keep names from that list) with the forms people type — accented, unaccented, English
("Hanoi", "Ho Chi Minh City", "HCMC", "Danang"). Matching is on folded words, so "Thanh
Hóa", "thanh hoa" and "Thanh Hoa province" are one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.vietnamese import fold, nfc, words

_PROVINCES = """
An Giang; Bà Rịa - Vũng Tàu | Bà Rịa Vũng Tàu | Vũng Tàu | Ba Ria Vung Tau; Bắc Giang; Bắc Kạn | Bắc Cạn;
Bạc Liêu; Bắc Ninh; Bến Tre; Bình Định; Bình Dương; Bình Phước; Bình Thuận; Cà Mau; Cần Thơ;
Cao Bằng; Đà Nẵng | Danang; Đắk Lắk | Đắc Lắc | Dak Lak; Đắk Nông | Dak Nong; Điện Biên; Đồng Nai;
Đồng Tháp; Gia Lai; Hà Giang; Hà Nam; Hà Nội | Hanoi; Hà Tĩnh; Hải Dương; Hải Phòng | Haiphong;
Hậu Giang; Hòa Bình; Hưng Yên; Khánh Hòa; Kiên Giang; Kon Tum; Lai Châu; Lâm Đồng; Lạng Sơn;
Lào Cai; Long An; Nam Định; Nghệ An; Ninh Bình; Ninh Thuận; Phú Thọ; Phú Yên; Quảng Bình;
Quảng Nam; Quảng Ngãi; Quảng Ninh; Quảng Trị; Sóc Trăng; Sơn La; Tây Ninh; Thái Bình;
Thái Nguyên; Thanh Hóa; Thừa Thiên Huế | Thừa Thiên - Huế | Huế | Hue;
Tiền Giang; Hồ Chí Minh | TP.HCM | TPHCM | TP HCM | HCMC | Sài Gòn | Saigon; Trà Vinh;
Tuyên Quang; Vĩnh Long; Vĩnh Phúc; Yên Bái
"""


@dataclass(frozen=True)
class Place:
    name: str  # the province's name as the table writes it first ("Thừa Thiên Huế")
    forms: tuple[str, ...]  # its folded forms, longest first ("thua thien hue", "hue")


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    form: str  # the folded form found


@lru_cache(maxsize=1)
def provinces() -> tuple[Place, ...]:
    out = []
    for entry in _PROVINCES.split(";"):
        names = [n.strip() for n in entry.split("|") if n.strip()]
        forms = sorted({" ".join(words(fold(n))) for n in names}, key=lambda f: (-len(f), f))
        out.append(Place(names[0], tuple(forms)))
    return tuple(out)


@lru_cache(maxsize=1)
def _forms() -> dict[tuple[str, ...], Place]:
    return {tuple(f.split()): p for p in provinces() for f in p.forms}


_WORD = re.compile(r"\w+")


def places_named(text: str) -> list[PlaceMention]:
    """The provinces ``text`` names, in order of first mention, each once. Where the text
    capitalises names (any capital after its first letter), a place must be capitalised
    too: "Hòa Bình" is a province, "hòa bình" is peace."""
    text = nfc(text)
    tokens = [(m.group(), fold(m.group())) for m in _WORD.finditer(text)]
    capitalised = any(ch.isupper() for ch in text[1:])
    forms = _forms()
    longest = max(len(f) for f in forms)
    seen: dict[str, PlaceMention] = {}
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            place = forms.get(tuple(t[1] for t in tokens[i : i + n]))
            if place is not None and (not capitalised or tokens[i][0][0].isupper()):
                seen.setdefault(place.name, PlaceMention(place, " ".join(t[1] for t in tokens[i : i + n])))
                i += n - 1
                break
        i += 1
    return list(seen.values())
