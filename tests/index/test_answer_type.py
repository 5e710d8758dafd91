"""Answer types: what a question wants, what a sentence of a real directive holds."""

from __future__ import annotations

from corpus.answer_kinds import sentence_kinds, text_holds
from index.retrieval.answer_type import Wants, kind_cover, match, question_wants

# Thông báo 508-TB/TU (Quảng Ninh, 09/02/2022), item 2 › 4, and the conference bulletin.
TARGET = (
    "Phấn đấu đến hết ngày 28/02/2022 hoàn thành tiêm mũi 3 cho ít nhất 90% số người từ 18 tuổi trở lên "
    "đã tiêm mũi 2 đủ 3 tháng."
)
CHAIR = "Đồng chí Nguyễn Xuân Ký, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, chủ trì hội nghị."


def test_questions():
    assert question_wants("Ai chủ trì hội nghị?").who
    assert question_wants("Who chaired the conference on Conclusion 20-KL/TW?").who
    assert question_wants("Thời hạn hoàn thành tiêm mũi 3 là khi nào?").when
    assert question_wants("by what date must the booster campaign finish").when
    assert question_wants("Mức hỗ trợ bao nhiêu tiền mỗi tháng?").amount
    assert question_wants("bao nhieu phan tram nguoi dan duoc tiem").number
    assert not question_wants("Chỉ thị 18-CT/TU nói gì về cấp độ dịch").any()


def test_sentences():
    target, chair = text_holds(TARGET), text_holds(CHAIR)
    assert target.when and target.number and target.amount  # a date, 90%
    assert chair.who and not chair.when
    assert match(Wants(who=True), chair) == 1.0
    assert match(Wants(who=True), target) == 0.0
    assert match(Wants(when=True, number=True), target) == 1.0
    assert match(Wants(), target) == 0.0


def test_a_passage_s_sentences_that_hold_an_answer_kind():
    passage = f"{CHAIR}\nHội nghị đánh giá tình hình phòng, chống dịch. {TARGET}\nCác địa phương tiếp tục triển khai."
    found = sentence_kinds(passage)
    # The chairing sentence (a person) and the target (a date, 90%); the two without any kind are left out.
    assert [s.holds for s in found] == [text_holds(CHAIR), text_holds(TARGET)]
    assert found[0].words.startswith(" dong chi nguyen xuan ky ") and found[0].words.endswith(
        " chu tri hoi nghi "
    )
    assert " mui 3 " in found[1].words and " 90 " in found[1].words
    assert sentence_kinds("Hội nghị đánh giá tình hình.") == ()


def test_kind_cover_needs_the_words_beside_the_kind_asked_for():
    # 508-TB/TU's target sentence holds "mũi 3", "18 tuổi" and "90%"; the chairing sentence a person.
    found = sentence_kinds(f"{CHAIR}\n{TARGET}")
    keys = [(("mui 3",), 2.0), (("18 tuoi",), 1.0), (("hai phong",), 1.0)]  # Hải Phòng: not in the passage
    how_many = question_wants("Bao nhiêu phần trăm người từ 18 tuổi phải tiêm mũi 3 ở Hải Phòng?")
    assert kind_cover(found, how_many, keys, 4.0) == 0.75
    # Who chaired: the target sentence holds the words but no person or body; the chair's none of them.
    assert (
        kind_cover(found, question_wants("Ai chủ trì việc tiêm mũi 3 cho người từ 18 tuổi?"), keys, 4.0)
        == 0.0
    )
    assert kind_cover(found, Wants(), keys, 4.0) == 0.0  # nothing asked for, nothing to weigh


def test_a_named_chair_is_a_who_answer():
    # The seed bulletin of 22/10/2021 (Quảng Ninh).
    sentence = (
        "Đồng chí Nguyễn Xuân Ký, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh, chủ trì."
    )
    assert text_holds(sentence).who >= 2  # the person counts twice as much as a body word
