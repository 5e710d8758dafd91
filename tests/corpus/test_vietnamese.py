"""Vietnamese helpers: folding and the syllable shape used to tell English from unaccented Vietnamese."""

from __future__ import annotations

import pytest

from corpus.vietnamese import fold, is_vietnamese_syllable, strip_diacritics


def test_fold_handles_d_stroke_and_marks():
    assert fold("Đồng chí Bí thư Tỉnh ủy") == "dong chi bi thu tinh uy"


@pytest.mark.parametrize(
    "word",
    ["nghiêng", "Quảng", "Ninh", "thường", "trực", "khuya", "giữ", "tiêm", "vắc", "xin", "đẩy", "oanh"],
)
def test_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(fold(word))


@pytest.mark.parametrize(
    "word", ["airport", "through", "with", "foreigners", "vaccine", "February", "strength"]
)
def test_english_words_are_not_syllables(word):
    assert not is_vietnamese_syllable(word)


def test_tone_words_match_either_tone_placement_but_not_another_tone():
    from corpus.vietnamese import tone_words

    # Old and new placements of the same tone, as both occur in real directives.
    assert tone_words("Hoà Bình, thuỷ lợi") == tone_words("Hòa Bình, thủy lợi")
    assert tone_words("sao Hỏa") != tone_words("hóa chất")[:2]
    assert tone_words("sao Hỏa")[1] != tone_words("Thanh Hóa")[1]
    assert tone_words("Quảng Ninh 2030") == tone_words("QUẢNG NINH 2030")


def _strip_by_category(text: str) -> str:
    """The definition: drop every character of Unicode category Mn after NFD (đ→d first)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def test_strip_diacritics_equals_its_definition_on_real_text_and_any_code_point():
    import random

    from config import SAMPLE_ARCHIVE

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_ARCHIVE.glob("*.txt"))]
    assert texts and any("Đ" in t for t in texts)
    rng = random.Random(7)
    # Any code point (marks of other scripts, beyond the BMP: U+1D167 is a combining mark).
    texts += ["".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(200)) for _ in range(500)]
    texts += ["a\u0301\U0001d167đ\u0323Ư\u031b" * 3, "", "ASCII only"]
    for text in texts:
        assert strip_diacritics(text) == _strip_by_category(text)
