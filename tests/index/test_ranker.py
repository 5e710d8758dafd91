"""The learned ranker's file: train/save/load round trip, and the index refusing a ranker
it was not built for until a build records it (no re-embedding)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.api import build_index, open_index, search
from index.errors import IndexMismatch
from index.retrieval.features import FEATURES
from index.retrieval.ranker import load_ranker, save_ranker


def _train(seed: int) -> str:
    """A small LambdaMART model over the real feature columns (plumbing data: passages
    whose first feature is high are the relevant ones)."""
    import lightgbm

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, len(FEATURES)))
    y = (x[:, 0] > 0.8).astype(int) + (x[:, 0] > 1.5).astype(int)
    model = lightgbm.LGBMRanker(n_estimators=20, num_leaves=4, min_data_in_leaf=5, verbose=-1)
    model.fit(x, y, group=[40] * 10)
    return model.booster_.model_to_string()


def test_round_trip(tmp_path):
    path = tmp_path / "ranker.json"
    model = _train(1)
    fingerprint = save_ranker(path, model, {"note": "test"})
    ranker = load_ranker(path)
    assert ranker.fingerprint == fingerprint
    assert ranker.features == FEATURES and ranker.info == {"note": "test"}
    x = np.random.default_rng(2).normal(size=(30, len(FEATURES))).astype(np.float32)
    import lightgbm

    assert np.allclose(ranker.score(x), lightgbm.Booster(model_str=model).predict(x))
    assert np.argmax(ranker.score(np.eye(len(FEATURES), dtype=np.float32) * 3)) == 0  # feature 0 learned
    # Another training writes another fingerprint.
    assert save_ranker(path, _train(3), {}) != fingerprint


def test_models_of_several_seeds_are_saved_together_and_their_scores_averaged(tmp_path):
    import lightgbm

    path = tmp_path / "ranker.json"
    models = [_train(seed) for seed in (1, 2, 3)]
    fingerprint = save_ranker(path, models, {"seeds": 3})
    ranker = load_ranker(path)
    assert ranker.fingerprint == fingerprint and ranker.info == {"seeds": 3}
    x = np.random.default_rng(4).normal(size=(30, len(FEATURES))).astype(np.float32)
    each = [lightgbm.Booster(model_str=m).predict(x) for m in models]
    assert np.allclose(ranker.score(x), np.mean(each, axis=0))
    assert not np.allclose(ranker.score(x), each[0])  # not just the first model
    assert save_ranker(path, models[:2], {"seeds": 2}) != fingerprint


def test_a_ranker_of_other_features_is_refused(tmp_path):
    path = tmp_path / "ranker.json"
    save_ranker(path, _train(1), {})
    data = json.loads(path.read_text())
    data["features"] = data["features"][:-1]
    path.write_text(json.dumps(data))
    load_ranker.cache_clear()
    with pytest.raises(IndexMismatch, match="train-ranker"):
        load_ranker(path)


def test_index_built_with_another_ranker(tmp_path, archive, fake_settings, fake_embedder):
    path = tmp_path / "ranker.json"
    save_ranker(path, _train(1), {})
    settings = fake_settings.with_(ranker="learned", ranker_file=str(path))
    build_index(archive, settings, fake_embedder, progress=False)
    reader = open_index(settings, fake_embedder)
    assert search(reader, "tiêm vắc xin", k=3)
    save_ranker(path, _train(5), {})  # retrained
    with pytest.raises(IndexMismatch, match="python -m index build"):
        search(reader, "tiêm vắc xin", k=3)
    report = build_index(archive, settings, fake_embedder, progress=False)
    assert report.chunks_embedded == 0 and not report.changed  # nothing re-embedded or reloaded
    assert search(open_index(settings, fake_embedder), "tiêm vắc xin", k=3)


def test_an_index_of_another_model_is_ranked_by_fusion(
    tmp_path, archive, fake_settings, fake_embedder, caplog
):
    """The shipped ranker learned e5-small similarities: an index of other vectors (here the
    hashing embedder's) is ranked by fusion, said in the log; the same ranker file naming
    the hashing model ranks that index itself (a retrained one changes the order)."""
    from index.retrieval.ranker import _say_fusion_once, ranker_for

    _say_fusion_once.cache_clear()  # said once per process: other tests may have said it
    path = tmp_path / "ranker.json"
    save_ranker(path, _train(1), {"model": "multilingual-e5-small"})
    settings = fake_settings.with_(ranker="learned", ranker_file=str(path))
    build_index(archive, settings, fake_embedder, progress=False)
    reader = open_index(settings, fake_embedder)
    with caplog.at_level("WARNING"):
        assert ranker_for(settings, reader.manifest.model) is None
    assert "hand-set fusion" in caplog.text
    fusion = [
        h.chunk_id
        for h in search(open_index(settings.with_(ranker="fusion"), fake_embedder), "tiêm vắc xin", k=5)
    ]
    assert [h.chunk_id for h in search(reader, "tiêm vắc xin", k=5)] == fusion

    save_ranker(path, _train(1), {"model": fake_embedder.name})
    assert ranker_for(settings, reader.manifest.model) is not None
    build_index(archive, settings, fake_embedder, progress=False)  # records the new fingerprint
    learned = [h.chunk_id for h in search(open_index(settings, fake_embedder), "tiêm vắc xin", k=5)]
    assert learned != fusion


def test_within_document_columns_place_each_passage_among_its_own_documents():
    from index.retrieval.features import (
        BASE_FEATURES,
        DOCUMENT_CONTRAST,
        SENTENCE_KIND,
        WITHIN_DOCUMENT,
        set_within_document,
    )

    matrix = np.zeros((4, len(FEATURES)), dtype=np.float32)
    cos = BASE_FEATURES.index("cos_own")
    matrix[:, cos] = [0.8, 0.9, 0.7, 0.6]
    docs = np.array([5, 5, 9, 5])
    set_within_document(matrix, docs)
    under = FEATURES.index("cos_own_under_doc_best")
    rank = FEATURES.index("cos_own_doc_rank")
    assert np.allclose(matrix[:, under], [0.1, 0.0, 0.0, 0.3])  # document 9's one passage is its best
    assert matrix[:, rank].tolist() == [1, 0, 0, 2]
    assert len(FEATURES) == len(BASE_FEATURES) + 2 * len(WITHIN_DOCUMENT) + len(DOCUMENT_CONTRAST) + len(
        SENTENCE_KIND
    )
    matrix[:, cos] = [0.95, 0.9, 0.7, 0.6]  # a base column changed (training sets the tower's later)
    set_within_document(matrix, docs)
    assert matrix[:, rank].tolist() == [0, 1, 0, 2]


def test_contrast_cover_weighs_the_keys_a_documents_other_passages_lack():
    from index.retrieval.features import contrast_columns

    # "Who chaired the conference on Conclusion 20-KL/TW?" over the seed bulletin: every one of
    # its three passages holds "hội nghị" and "kết luận", one holds "chủ trì"; the fourth row is
    # another document's only candidate, which holds "hội nghị" alone.
    keys = ["hoi nghi", "ket luan", "chu tri"]
    held = np.array([[1, 1, 0], [1, 1, 1], [1, 1, 0], [1, 0, 0]], dtype=np.float64)
    weights = np.array([1.0, 1.0, 2.0])  # the rarer key weighs more
    out = contrast_columns(held, weights, np.array([3, 3, 3, 8]))
    assert len(keys) == held.shape[1]
    # In the bulletin the shared keys weigh nothing: the chairing passage holds all that is
    # left, the others none of it.
    assert np.allclose(out[:3, 0], [0.0, 1.0, 0.0]) and out[:3, 1].tolist() == [1, 0, 2]
    assert np.isclose(out[3, 0], 1 / 4) and out[3, 1] == 0  # alone: its keys as weighed
    assert contrast_columns(np.zeros((2, 0)), np.zeros(0), np.array([1, 1])).tolist() == [[0, 0], [0, 0]]


def test_the_second_stage_reorders_only_the_first_documents_places():
    from index.retrieval.ranker import first_document_rows, reorder_rows

    first = np.array([5.0, 4.0, 4.9, 4.8, 4.7])
    docs = np.array([1, 2, 1, 1, 1])  # document 1 holds places 1-4, document 2 place 5
    second = np.array([-10.0, 50.0, 0.0, 0.0, 10.0])  # against row 0; rows 2 and 4 even
    rows = first_document_rows(first, docs)
    assert rows.tolist() == [0, 2, 3, 4]
    out = reorder_rows(first, rows, second[rows])
    order = np.argsort(-out, kind="stable").tolist()
    # Standardised sums -0.07, 0.45, -0.45, 0.07 for rows 0, 2, 3, 4: row 2 first. Row 1, of
    # another document, keeps its place whatever the second stage thinks of it.
    assert order == [2, 4, 0, 3, 1]
    assert sorted(out.tolist(), reverse=True) == sorted(first.tolist(), reverse=True)  # scores kept
    alone = np.array([1, 2, 3, 4, 5])
    assert first_document_rows(first, alone).tolist() == [0]  # nothing to reorder


def test_a_ranker_with_a_second_stage_round_trips(tmp_path):
    import lightgbm

    path = tmp_path / "ranker.json"
    first, within = _train(1), _train(2)
    fingerprint = save_ranker(path, first, {}, within=within)
    ranker = load_ranker(path)
    assert ranker.within is not None and fingerprint != save_ranker(tmp_path / "plain.json", first, {})
    x = np.random.default_rng(5).normal(size=(30, len(FEATURES))).astype(np.float32)
    docs = np.repeat(np.arange(6), 5)
    expected = lightgbm.Booster(model_str=first).predict(x)
    assert np.allclose(ranker.score(x), expected)  # without documents: the first stage alone
    assert np.allclose(ranker.score(x, np.arange(30)), expected)  # one passage per document: the same
    scores = ranker.score(x, docs)
    assert sorted(scores.tolist()) == sorted(expected.tolist())
    top_doc = docs[np.argmax(expected)]
    others = docs != top_doc
    assert np.allclose(scores[others], expected[others])


def test_sentence_kind_columns_on_real_text():
    """The answer beside the question's keys in one sentence (Thông báo số 508-TB/TU, items 3
    and 4 of the sample archive's bulletin)."""
    from corpus.answer_kinds import sentence_kinds
    from corpus.vietnamese import fold
    from index.retrieval.answer_type import question_wants
    from index.retrieval.features import sentence_kind_columns
    from index.retrieval.passage_facts import spaced_words

    item4 = (
        "4. Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022. Phấn đấu hoàn thành trước ngày "
        "28/02/2022 các mục tiêu: tiêm mũi 3 (mũi nhắc lại) cho ít nhất 90% người từ 18 tuổi trở lên."
    )
    item3 = (
        "3. Chuyển sang xét nghiệm có trọng tâm, trọng điểm. Tiêm mũi 3 cho người có nguy cơ cao. "
        "Ngày 15/02/2022 báo cáo Thường trực Tỉnh ủy."
    )
    keys = [(("mui 3", "mui nhac lai"), 2.0), (("tiem",), 1.0), (("18 tuoi",), 1.0)]
    docs = np.array([7, 7, 9])
    wants = question_wants("Bao nhiêu phần trăm người từ 18 tuổi phải tiêm mũi 3?")
    texts = [item3, item4, "Không có số liệu nào ở đây."]
    held = np.array(
        [[any(f" {x} " in spaced_words(fold(t)) for x in forms) for forms, _ in keys] for t in texts]
    )
    out = sentence_kind_columns([sentence_kinds(t) for t in texts], keys, held, wants, docs)
    # Item 4's second sentence holds every key beside "90%"; item 3's second sentence holds "tiêm
    # mũi 3" (whose "3" is itself a number) without "18 tuổi"; the third passage holds no key.
    assert out[1, 0] == pytest.approx(1.0) and out[0, 0] == pytest.approx(0.75) and out[2, 0] == 0.0
    assert out[:, 1].tolist() == [1.0, 0.0, 0.0]  # ranks within each document
    # A question that asks for no number, date or body: nothing to weigh.
    none = sentence_kind_columns(
        [sentence_kinds(item4)],
        keys,
        held[1:2],
        question_wants("Tỉnh ủy chỉ đạo gì về tiêm vắc xin?"),
        docs[:1],
    )
    assert none.tolist() == [[0.0, 0.0]]
