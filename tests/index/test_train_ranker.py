"""train-ranker end to end on the sample archive with the real model: features, grouped
cross-validation, held-out answers, the not-found model, the ranker file a build accepts."""

from __future__ import annotations

import argparse
import json

import pytest

from config import SAMPLE_ARCHIVE
from index.retrieval.ranker import load_ranker

pytestmark = pytest.mark.model

QUESTIONS = [
    (
        "Doanh nghiệp sử dụng từ bao nhiêu lao động phải tự xét nghiệm nhanh ngẫu nhiên?",
        "2022-02-16-cong-van-412-SYT-NVY-xet-nghiem-mui-nhac-lai.html",
        "Doanh nghiệp sử dụng từ 200 lao động trở lên tự tổ chức xét nghiệm nhanh ngẫu nhiên",
    ),
    (
        "Kế hoạch 112 đặt mục tiêu trồng bao nhiêu cây xanh phân tán?",
        "2023-03-20-ke-hoach-112-KH-UBND-trong-rung.txt",
        "Trồng 1,2 triệu cây xanh phân tán",
    ),
    (
        "ty le che phu rung toan tinh cuoi nam 2023",
        "2023-03-20-ke-hoach-112-KH-UBND-trong-rung.txt",
        "Tỷ lệ che phủ rừng toàn tỉnh đạt 54,8% vào cuối năm 2023",
    ),
    (
        "How strong were the winds near the centre of storm No. 1 in July 2023?",
        "2023-07-17-cong-dien-09-CD-UBND-ung-pho-bao.md",
        "sức gió mạnh nhất vùng gần tâm bão cấp 11 - 12, giật cấp 14",
    ),
]
UNANSWERABLE = ["Giá vé tàu vũ trụ lên sao Hỏa năm 2030 là bao nhiêu?", "Cách nấu phở bò cần gia vị gì?"]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_train_ranker_writes_a_ranker_the_index_uses(tmp_path, real_settings):
    from index.api import ask, build_index, open_index
    from index.evaluation.train_ranker import main

    for _, doc, gold in QUESTIONS:  # each gold text verbatim in its document
        assert gold in (SAMPLE_ARCHIVE / doc).read_text(encoding="utf-8", errors="ignore")
    questions = _write(
        tmp_path / "q.jsonl",
        [
            {"id": f"t{i}", "question": q, "gold_docs": [d], "gold_text": g, "kind": "vi"}
            for i, (q, d, g) in enumerate(QUESTIONS)
        ],
    )
    negatives = _write(
        tmp_path / "n.jsonl", [{"id": f"n{i}", "question": q} for i, q in enumerate(UNANSWERABLE)]
    )
    # Questions named by their documents only (no gold text), as vicov19qa-dev's are: they
    # train beside the others and get held-out document hits of their own.
    by_documents = _write(
        tmp_path / "d.jsonl",
        [{"id": f"d{i}", "question": q, "gold_docs": [d]} for i, (q, d, _) in enumerate(QUESTIONS[:2])],
    )
    out, rows = tmp_path / "ranker.json", tmp_path / "rows.jsonl"
    args = argparse.Namespace(
        questions=[questions],
        corpus=str(SAMPLE_ARCHIVE),
        out=str(out),
        folds=2,
        quick=True,
        seeds=1,
        no_answer=[negatives],
        rows=str(rows),
        question_side="tower",
        also=[(str(SAMPLE_ARCHIVE), by_documents)],
    )
    assert main(args, real_settings) == 0
    ranker = load_ranker(out)
    assert ranker.info["model"] == "multilingual-e5-small" and ranker.info["groups"] == 6
    assert ranker.info["held_out_answers"]["all"]["questions"] == 4
    [also] = ranker.info["also"]
    assert also["questions"] == by_documents and also["held_out_documents"]["questions"] == 2
    assert 0 <= also["held_out_documents"]["hit@5"] <= 1
    assert set(ranker.info["cross_validation"]["also"]) == {str(SAMPLE_ARCHIVE)}
    assert ranker.answerability and len(ranker.answerability["coef"]) == len(ranker.answerability["features"])
    out_of_fold = ranker.info["answerability"]["training"]["out_of_fold"]  # the figure to compare on
    assert 0 <= out_of_fold["said_not_found"] <= 1 and 0 <= out_of_fold["answerable_kept"] <= 1
    # The question tower (LoRA updates of the model's 72 linear layers) ships in the file.
    assert (
        ranker.tower is not None
        and len(ranker.tower.updates) == 72
        and ranker.info["question_side"] == "tower"
    )
    assert ranker.adapter is None
    written = [json.loads(line) for line in rows.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 6 and sum(r["answerable"] for r in written) == 4

    # An index built for it answers with it (the manifest records its fingerprint).
    settings = real_settings.with_(index_name="index-trained", ranker_file=str(out))
    build_index(SAMPLE_ARCHIVE, settings, progress=False)
    answer = ask(open_index(settings), QUESTIONS[0][0])
    assert answer.hits and answer.hits[0].doc.doc_id == QUESTIONS[0][1]
