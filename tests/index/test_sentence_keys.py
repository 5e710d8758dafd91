"""Choosing the answering sentence inside a passage: question words that most of the
passage's sentences hold name its subject and say little about which sentence answers."""

from __future__ import annotations

from index.answer.sentences import keyword_cover, passage_keys, spaced_words

# The opening of the Quảng Ninh bulletin of 22/10/2021 (../shared/corpus/bulletins/).
OPENING = [
    "Hội nghị học tập, quán triệt thực hiện Kết luận số 20 của BCH Trung ương Đảng và Chỉ thị số 18 "
    "của BTV Tỉnh ủy",
    "Ngày 22/10, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị học tập, quán triệt, triển khai thực hiện "
    "Kết luận số 20-KL/TW ngày 16/10/2021 tại Hội nghị lần thứ tư, BCH Trung ương Đảng (Khóa XIII).",
    "Đồng chí Nguyễn Xuân Ký, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh, chủ trì.",
    "Dự hội nghị còn có đồng chí Nguyễn Tường Văn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.",
]
# "Who chaired the conference on Conclusion 20-KL/TW?" through the glossary, equal weights.
KEYS = [(("chu tri",), 1.0), (("hoi nghi",), 1.0), (("ket luan",), 1.0)]
SPACED = [spaced_words(s) for s in OPENING]


def test_the_subject_words_of_a_passage_lose_weight_and_the_rare_one_keeps_it():
    local = dict((phrases[0], w) for phrases, w in passage_keys(KEYS, SPACED))
    assert local["chu tri"] == 1.0  # one sentence of four holds it
    assert 0.2 < local["hoi nghi"] < 0.21  # three of four name the conference: log(4/3) / log(4)
    assert local["ket luan"] == 0.5


def test_the_chairing_sentence_covers_more_than_the_one_naming_the_conference():
    local = passage_keys(KEYS, SPACED)
    chair, conference = OPENING[2], OPENING[1]
    # Without the passage's view the conference sentence wins (two keys against one) ...
    assert keyword_cover(KEYS, conference) > keyword_cover(KEYS, chair)
    # ... with it, the sentence holding the question's own verb does.
    assert keyword_cover(local, chair) > keyword_cover(local, conference)


def test_a_single_sentence_passage_keeps_the_keys():
    assert passage_keys(KEYS, SPACED[:1]) == KEYS
