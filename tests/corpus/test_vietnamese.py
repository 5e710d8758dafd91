"""Vietnamese helpers: folding and the syllable shape used to tell English from unaccented Vietnamese."""

from __future__ import annotations

import pytest

from corpus.vietnamese import fold, is_vietnamese_syllable


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
