"""Issuing bodies: from the header's capitals to a name as Vietnamese writes it.

Headers print the issuer in capitals, often as two levels ("BỘ TÀI CHÍNH /
CỤC THUẾ", "BAN CHẤP HÀNH TRUNG ƯƠNG / VĂN PHÒNG"). The document is issued by
the lower level, so that is the name returned, completed with its parent's
place or the Party's "Trung ương" when the lower level alone says too little.
Casing follows the official rules (Nghị định 30/2020/NĐ-CP, Phụ lục II): the
kind of body in lower case after its first letter, the proper part capitalised
("Ủy ban nhân dân tỉnh Lai Châu", "Bộ Khoa học và Công nghệ"), with the
special case "Thành phố Hồ Chí Minh".
"""

from __future__ import annotations

import re

from corpus.vietnamese import fold

_WS = re.compile(r"\s+")

# Fixed names, keyed by their folded capitals; checked before the generic rules.
_FIXED: dict[str, str] = {
    "UY BAN THUONG VU QUOC HOI": "Ủy ban Thường vụ Quốc hội",
    "HOI DONG THAM PHAN TOA AN NHAN DAN TOI CAO": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "TOA AN NHAN DAN TOI CAO": "Tòa án nhân dân tối cao",
    "VIEN KIEM SAT NHAN DAN TOI CAO": "Viện kiểm sát nhân dân tối cao",
    "THU TUONG CHINH PHU": "Thủ tướng Chính phủ",
    "VAN PHONG CHINH PHU": "Văn phòng Chính phủ",
    "CHINH PHU": "Chính phủ",
    "QUOC HOI": "Quốc hội",
    "CHU TICH NUOC": "Chủ tịch nước",
    "BAN CHAP HANH TRUNG UONG": "Ban Chấp hành Trung ương",
    "BAN CHAP HANH TRUNG UONG DANG": "Ban Chấp hành Trung ương Đảng",
    "BAN BI THU": "Ban Bí thư",
    "BO CHINH TRI": "Bộ Chính trị",
    "NGAN HANG NHA NUOC VIET NAM": "Ngân hàng Nhà nước Việt Nam",
    "KIEM TOAN NHA NUOC": "Kiểm toán nhà nước",
    "THANH TRA CHINH PHU": "Thanh tra Chính phủ",
    "BAO HIEM XA HOI VIET NAM": "Bảo hiểm xã hội Việt Nam",
    "BO CONG THUONG": "Bộ Công Thương",
    "BO CONG AN": "Bộ Công an",
}

# Heads of a lower level inside a two-level header; the words a head must not
# follow keep "ỦY BAN", "CƠ SỞ", "THƯỜNG VỤ", "DỊCH VỤ" whole.
_SUB_HEADS = (
    ("TONG", "CUC"),
    ("CHI", "CUC"),
    ("CUC",),
    ("SO",),
    ("VAN", "PHONG"),
    ("BAN",),
    ("VU",),
    ("THANH", "TRA"),
    ("TRUNG", "TAM"),
    ("KHO", "BAC"),
)
_NOT_AFTER = {"UY", "CO", "THUONG", "DICH", "NHIEM", "TONG", "CHI", "NGHIA", "NOI", "PHUC"}

# Administrative levels before a place name; "xã hội" and "tỉnh ủy" are not places.
_ADMIN = (
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "thành phố",
    "tỉnh",
    "huyện",
    "quận",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
)
_ADMIN_RE = re.compile(r"\b(" + "|".join(_ADMIN) + r")\s+(?!hội\b|ủy\b)(.+)$")
_BODY_HEADS = (
    "tổng cục",
    "chi cục",
    "cục",
    "bộ",
    "sở",
    "ban",
    "vụ",
    "văn phòng",
    "trung tâm",
    "thanh tra",
    "kho bạc",
    "ủy ban",
    "hội đồng",
    "viện",
    "học viện",
    "trường",
)
_HEAD_RE = re.compile(r"^(" + "|".join(sorted(_BODY_HEADS, key=len, reverse=True)) + r")\s+(\S)")
_PROPER = {
    "chính phủ": "Chính phủ",
    "quốc hội": "Quốc hội",
    "trung ương": "Trung ương",
    "việt nam": "Việt Nam",
    "thường vụ": "Thường vụ",
    "nhà nước": "Nhà nước",
}

# Issuer codes at the end of a symbol, for documents whose header lost its issuer.
SYMBOL_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "HDTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "AL": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Ban Chấp hành Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BGDDT": "Bộ Giáo dục và Đào tạo",
    "BNV": "Bộ Nội vụ",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BNG": "Bộ Ngoại giao",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "KTNN": "Kiểm toán nhà nước",
    "CHQ": "Cục Hải quan",
}


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _case_place(place: str) -> str:
    return " ".join(_cap(w) for w in place.split())


def _case_body(low: str) -> str:
    """ "bộ khoa học và công nghệ" -> "bộ Khoa học và Công nghệ": the field after the
    head, and each field after "và" or a comma."""
    head = _HEAD_RE.match(low)
    if not head or low.startswith(("ủy ban nhân dân", "hội đồng nhân dân")):
        return low
    cut = head.end(2) - 1
    rest = re.sub(r"(^|, |\bvà |- )(\w)", lambda x: x.group(1) + x.group(2).upper(), low[cut:])
    return low[:cut] + rest


def case_name(caps: str) -> str:
    """Capitals to official casing: "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" -> "Ủy ban nhân dân tỉnh Lai Châu"."""
    caps = _WS.sub(" ", caps).strip()
    fixed = _FIXED.get(fold(caps).upper())
    if fixed:
        return fixed
    if fold(caps).upper().startswith("CHU TICH ") and len(caps.split()) > 3:  # the Chairman as issuer
        return "Chủ tịch " + case_name(caps.split(" ", 2)[2])
    low = caps.lower().replace("uỷ", "ủy")
    for phrase, proper in _PROPER.items():
        low = re.sub(rf"\b{phrase}\b", proper, low)
    m = _ADMIN_RE.search(low)
    body, place_part = (low[: m.start()], "") if m else (low, "")
    if m:
        admin, place = m.group(1), _case_place(m.group(2))
        if admin == "thành phố" and fold(place) == "ho chi minh":
            admin = "Thành phố"  # the one city whose "Thành phố" is part of its name
        place_part = f"{admin} {place}"
    body = _case_body(body.strip())
    return _cap(f"{body} {place_part}".strip())


def _split_units(words: list[str]) -> list[list[str]]:
    folded = [fold(w).upper() for w in words]
    cuts = [0]
    for i in range(1, len(words)):
        if folded[i - 1] in _NOT_AFTER:
            continue
        for head in _SUB_HEADS:
            if tuple(folded[i : i + len(head)]) == head and i + len(head) <= len(words):
                cuts.append(i)
                break
    cuts.append(len(words))
    return [words[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _place_of(unit: str) -> str | None:
    m = re.search(r"\b(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\s+(.+)$", unit)
    return f"{m.group(1)} {m.group(2)}" if m else None


def issuer_from_header(lines: list[str]) -> str | None:
    """The issuer from the header lines above the national motto, in official casing."""
    text = _WS.sub(" ", " ".join(lines)).strip(" -_*.")
    if not text:
        return None
    if not _is_caps(text):
        return text
    units = _split_units(text.split())
    last = " ".join(units[-1])
    if len(units) == 1:
        return case_name(last)
    parent = " ".join(units[-2])
    parent_f = fold(parent).upper()
    if parent_f.startswith("BAN CHAP HANH TRUNG UONG"):
        if fold(last).upper() == "VAN PHONG":
            return "Văn phòng Trung ương Đảng"
        return case_name(last) + " Trung ương"
    if tuple(fold(w).upper() for w in units[-1]) in _SUB_HEADS:  # a bare "VĂN PHÒNG": whose office
        return case_name(last) + " " + case_name(parent)
    place = _place_of(parent)
    if place and fold(place).upper() not in fold(last).upper() and not fold(last).upper().startswith("CUC"):
        return case_name(f"{last} {place}")
    return case_name(last)


# OCR splits or joins words ("T òa án"): compared without spaces.
_FIXED_SPACELESS = {key.replace(" ", ""): name for key, name in _FIXED.items()}


def known_name(name: str) -> str:
    """A fixed body's name as written when ``name`` is it, whatever its case or diacritics (an
    OCR'd "Hội đông Thẩm phán …" is the Hội đồng Thẩm phán); else ``name`` unchanged."""
    return _FIXED_SPACELESS.get(_WS.sub("", fold(name).upper()), name)


def issuer_from_authority(line: str) -> str | None:
    """The body named by an enacting line: "BỘ TRƯỞNG BỘ NỘI VỤ" -> "Bộ Nội vụ"."""
    text = _WS.sub(" ", line).strip(" :")
    text = re.sub(r"\s+(?:điện|ĐIỆN)\s*:?$", "", text)
    if not _is_caps(text) or len(text) > 90:
        return None
    m = re.match(
        r"^(?:CHỦ TỊCH|BỘ TRƯỞNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH ÁN)\s+(.+)$", text
    )
    if m:
        text = m.group(1)
    if not re.match(
        r"^(?:ỦY|UỶ|HỘI ĐỒNG|CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|BỘ|CỤC|TỔNG CỤC|SỞ|BAN|VĂN PHÒNG|TÒA|NGÂN HÀNG)",
        text,
    ):
        return None
    return case_name(text)


def issuer_from_symbol(symbol: str) -> str | None:
    """Guess the issuer from a symbol's last code: "NĐ-CP" -> Chính phủ, "QH15" -> Quốc hội."""
    last = re.split(r"[-/]", fold(symbol).upper())[-1]
    return SYMBOL_ISSUERS.get(re.sub(r"\d+$", "", last))
