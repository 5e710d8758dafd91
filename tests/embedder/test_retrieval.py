"""The real default model puts Vietnamese, unaccented and English questions next to their passage."""

from __future__ import annotations

import numpy as np
import pytest

QUESTIONS = [
    # natural Vietnamese
    ("Trong tháng 2/2022 phải hoàn thành tiêm mũi 1 cho những ai?", "vaccine"),
    ("Học sinh có triệu chứng ho, sốt thì phải làm gì?", "school"),
    ("Năm 2022 tỉnh trồng mới bao nhiêu ha rừng?", "forest"),
    ("Hạn quán triệt Kết luận 20 đối với các huyện là ngày nào?", "deadline"),
    # typed without diacritics: the model's weakest case (margins ~0.02 over the next passage,
    # against ~0.06 with diacritics), which is why lexical search also matches folded words
    ("tiem mui 1 cho nguoi tu du 12 tuoi tro len", "vaccine"),
    ("kiem soat nguoi nhap canh tu vung dich bien the Omicron", "omicron"),
    ("han quan triet ket luan 20 chi thi 18", "deadline"),
    # English question, Vietnamese passage
    ("Which age group must get the first vaccine dose in February 2022?", "vaccine"),
    ("How does the province stop the Omicron variant from spreading?", "omicron"),
    ("How many hectares of forest will be planted in 2022?", "forest"),
]


@pytest.mark.parametrize(("question", "gold"), QUESTIONS, ids=[q[:40] for q, _ in QUESTIONS])
def test_question_finds_its_passage(e5, passage_vectors, question, gold):
    q = e5.embed([question], "query")[0]
    scores = {key: float(vec @ q) for key, vec in passage_vectors.items()}
    best = max(scores, key=scores.get)
    assert best == gold, f"{question!r}: {best} {scores[best]:.3f} beat {gold} {scores[gold]:.3f}"


def test_vectors_are_unit_float32_rows(e5, passages):
    vecs = e5.embed(list(passages.values()), "passage")
    assert vecs.dtype == np.float32 and vecs.shape == (len(passages), e5.dim) and e5.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert e5.embed([], "query").shape == (0, e5.dim)
    with pytest.raises(ValueError, match="kind"):
        e5.embed(["x"], "document")


def test_nfd_input_embeds_like_nfc(e5):
    import unicodedata

    text = "Đẩy nhanh tiến độ tiêm vắc xin mũi 3"
    nfc, nfd = e5.embed([text, unicodedata.normalize("NFD", text)], "query")
    assert float(nfc @ nfd) > 0.9999


def test_prompts_are_applied(e5, passages):
    assert e5.prompts == {"query": "query: ", "passage": "passage: "}
    text = passages["omicron"]
    as_query, as_passage = e5.embed([text], "query")[0], e5.embed([text], "passage")[0]
    assert float(as_query @ as_passage) < 0.999  # the prefix changes the vector
    manual = e5.model.encode(["query: " + text, "passage: " + text], normalize_embeddings=True)
    np.testing.assert_allclose(manual[0], as_query, atol=1e-5)
    np.testing.assert_allclose(manual[1], as_passage, atol=1e-5)
    assert e5.count_tokens(["xin chào"], "passage") == [6]  # <s> ▁passage : ▁xin ▁chào </s>


def test_long_passage_is_reported_not_silently_cut(e5, passages, caplog):
    long = " ".join([passages["vaccine"]] * 12)
    assert e5.count_tokens([long])[0] > e5.max_tokens == 512
    before = e5.truncated
    with caplog.at_level("WARNING", logger="embedder.st_embedder"):
        e5.embed([long, passages["school"]], "passage")
    assert e5.truncated == before + 1
    assert "1 of 2 passages are longer than 512 tokens" in caplog.text


def test_int8_is_close_to_fp32_and_still_ranks(e5, e5_int8, passages, passage_vectors):
    texts = list(passages.values())
    cos = np.sum(e5_int8.embed(texts, "passage") * e5.embed(texts, "passage"), axis=1)
    assert cos.min() > 0.98, cos
    q = e5_int8.embed(["Which age group must get the first vaccine dose?"], "query")[0]
    int8_passages = dict(zip(passages, e5_int8.embed(texts, "passage")))
    assert max(int8_passages, key=lambda k: float(int8_passages[k] @ q)) == "vaccine"
