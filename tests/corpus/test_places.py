"""Provinces named in questions and directives (corpus.places)."""

from __future__ import annotations

import pytest

from corpus.places import places_named, provinces


def _names(text: str) -> list[str]:
    return [m.place.name for m in places_named(text)]


@pytest.mark.parametrize(
    "text, names",
    [
        # Real headers and questions of the archive's kind.
        ("UBND TỈNH QUẢNG NINH ... Quảng Ninh, ngày 09 tháng 02 năm 2022", ["Quảng Ninh"]),
        ("Mức học phí mầm non công lập tỉnh Sơn La năm học 2025-2026", ["Sơn La"]),
        ("muc thu phi ve sinh rac thai sinh hoat ho gia dinh o da nang nam 2026", ["Đà Nẵng"]),
        ("What is Hanoi's standard social assistance level from 2026?", ["Hà Nội"]),
        ("Ở TP.HCM, cơ quan nào là đầu mối thực hiện Đề án?", ["Hồ Chí Minh"]),
        ("How much does Ho Chi Minh City support?", ["Hồ Chí Minh"]),
        ("UBND tỉnh Thừa Thiên Huế; thành phố Huế", ["Thừa Thiên Huế"]),
        ("tỉnh Bà Rịa - Vũng Tàu và tỉnh Đắk Lắk", ["Bà Rịa - Vũng Tàu", "Đắk Lắk"]),
        # Capitalised text: a lower-case "hòa bình" is peace, not the province.
        ("Giữ vững hòa bình, ổn định tại Thanh Hóa", ["Thanh Hóa"]),
        ("Tỉnh Hòa Bình sáp nhập với Phú Thọ", ["Hòa Bình", "Phú Thọ"]),
        ("Kết luận 20-KL/TW của Ban Chấp hành Trung ương", []),
    ],
)
def test_places_named(text, names):
    assert _names(text) == names


def test_table_has_every_province_once():
    table = provinces()
    assert len(table) == 63
    forms = [f for p in table for f in p.forms]
    assert len(forms) == len(set(forms))
