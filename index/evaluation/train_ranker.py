"""python -m index train-ranker QUESTIONS.jsonl... --corpus DIR: learn the passage ranking.

For every training question (with ``gold_docs`` and a verbatim ``gold_text``), the same
candidates and features a user's question gets are computed on the corpus's eval index;
each candidate passage is labelled 2 when it holds the gold text, 1 when it is another
passage of a gold document, 0 otherwise. A LightGBM LambdaMART model is chosen by
cross-validation grouped by question (folds never split a question), then trained on all
questions and written to the ranker file with its training record.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from config import Settings
from index.evaluation.evaluate import eval_settings, load_questions
from index.retrieval.candidates import gather
from index.retrieval.features import FEATURES, feature_matrix
from index.retrieval.query import parse_query
from index.retrieval.ranker import Ranker, save_ranker

# Chosen by grouped cross-validation on the training questions (docs/BENCHMARKS.md).
GRID = [
    {"num_leaves": leaves, "min_data_in_leaf": min_leaf, "n_estimators": trees, "learning_rate": 0.05}
    for leaves in (7, 15)
    for min_leaf in (20, 50)
    for trees in (150, 400)
]
COMMON = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 20,
    "verbose": -1,
    "num_threads": 2,
    "seed": 7,
}


@dataclass
class Group:
    """One question's candidates: features, labels and the document of each passage."""

    qid: str
    kind: str
    matrix: np.ndarray
    labels: np.ndarray
    docs: list[str]
    fusion_first: int  # index of the passage the hand-set order puts first


def gold_span(text: str, gold: str) -> tuple[int, int] | None:
    """Where ``gold`` stands in ``text``, whitespace runs and case aside."""
    parts = [re.escape(p) for p in gold.split()]
    m = re.search(r"\s+".join(parts), text, re.IGNORECASE) if parts else None
    return m.span() if m else None


def label_passages(
    rows: dict, ids: list[int], gold_docs: set[str], spans: dict[str, tuple[int, int]]
) -> np.ndarray:
    labels = np.zeros(len(ids), dtype=np.int32)
    for i, cid in enumerate(ids):
        row = rows[cid]
        doc = row.info.doc_id
        if doc not in gold_docs:
            continue
        labels[i] = 1
        span = spans.get(doc)
        if span:
            overlap = min(row.end, span[1]) - max(row.start, span[0])
            if overlap >= 0.5 * (span[1] - span[0]):
                labels[i] = 2
    return labels


def collect(reader, questions: list[dict]) -> list[Group]:
    from index.retrieval.search import fusion_order

    groups = []
    with reader.snapshot():
        indexed = {r[0] for r in reader.conn.execute("SELECT doc_id FROM documents")}
    for n, item in enumerate(questions, 1):
        if not item.get("gold_docs") or not set(item["gold_docs"]) <= indexed:
            continue  # no answer in the corpus, or a gold document the index lacks
        q = parse_query(item["question"])
        with reader.snapshot():
            pool = gather(reader, q, None)
            ids, matrix = feature_matrix(reader, pool)
            spans = {}
            for doc_id in item["gold_docs"]:
                found = reader.conn.execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
                span = (
                    gold_span(found[0], item.get("gold_text", ""))
                    if found and item.get("gold_text")
                    else None
                )
                if span:
                    spans[doc_id] = span
            labels = label_passages(pool.rows, ids, set(item["gold_docs"]), spans)
            first = fusion_order(reader, pool)[0].chunk_id if ids else None
        if not ids:
            continue
        groups.append(
            Group(
                item.get("id", str(n)),
                item.get("kind", ""),
                matrix,
                labels,
                [pool.rows[c].info.doc_id for c in ids],
                ids.index(first) if first in ids else 0,
            )
        )
        if n % 25 == 0:
            print(f"  features: {n}/{len(questions)} questions", file=sys.stderr)
    return groups


def _metrics(groups: list[Group], scores: list[np.ndarray]) -> dict:
    """Passage@1/@5 (a passage holding the gold text) and document hit@1 of an order, plus
    how often the gold passage is among the candidates at all (the ceiling)."""
    p1 = p5 = d1 = reachable = 0
    for g, s in zip(groups, scores):
        order = np.argsort(-s, kind="stable")
        p1 += g.labels[order[0]] == 2
        p5 += bool((g.labels[order[:5]] == 2).any())
        d1 += g.labels[order[0]] >= 1
        reachable += bool((g.labels == 2).any())
    n = len(groups) or 1
    return {
        "passage@1": round(p1 / n, 3),
        "passage@5": round(p5 / n, 3),
        "doc@1": round(d1 / n, 3),
        "gold_in_candidates": round(reachable / n, 3),
    }


def _fit(groups: list[Group], params: dict):
    import lightgbm

    matrix = np.vstack([g.matrix for g in groups])
    labels = np.concatenate([g.labels for g in groups])
    model = lightgbm.LGBMRanker(**COMMON, **params)
    model.fit(matrix, labels, group=[len(g.labels) for g in groups])
    return model


def cross_validate(groups: list[Group], params: dict, folds: int) -> tuple[dict, dict[str, object]]:
    """Metrics of the out-of-fold scores, and each question's out-of-fold model."""
    order = np.random.default_rng(11).permutation(len(groups))
    scores: list[np.ndarray | None] = [None] * len(groups)
    held_out_by: dict[str, object] = {}
    for f in range(folds):
        test = set(order[f::folds].tolist())
        model = _fit([g for i, g in enumerate(groups) if i not in test], params)
        for i in test:
            scores[i] = model.predict(groups[i].matrix, num_threads=1)
            held_out_by[groups[i].qid] = model
    return _metrics(groups, scores), held_out_by  # type: ignore[arg-type]


def fusion_metrics(groups: list[Group]) -> dict:
    """The hand-set order's first passage, on the same candidates (for comparison)."""
    scores = []
    for g in groups:
        s = np.zeros(len(g.labels))
        s[g.fusion_first] = 1.0
        scores.append(s)
    out = _metrics(groups, scores)
    out.pop("passage@5")  # only the first place is recorded for it
    return out


def _as_ranker(model: object) -> Ranker:
    return Ranker("", FEATURES, {}, model)


def train_answerability(
    reader, positives: list[dict], negatives: list[dict], held_out_by: dict[str, object], final: object
) -> dict:
    """A logistic model of "the archive answers this" over ``answerable.EVIDENCE``. Each
    answerable training question is answered with the ranker of the fold that did not
    see it (its scores are those of an unseen question), each unanswerable one with the
    final ranker. The threshold is the highest that keeps every answerable question the
    ranker answered correctly but 2 in 100."""
    from sklearn.linear_model import LogisticRegression

    from index.answer.answerable import EVIDENCE
    from index.answer.ask import ask
    from index.evaluation.evaluate import norm

    rows, labels, correct = [], [], []
    for item in positives + negatives:
        held = held_out_by.get(item.get("id", "")) if item.get("gold_docs") else final
        if held is None:
            continue
        answer = ask(reader, item["question"], ranker=_as_ranker(held))
        ev = answer.notes.get("evidence")
        if not ev:
            continue
        rows.append([ev[k] for k in EVIDENCE])
        labels.append(1 if item.get("gold_docs") else 0)
        gold = norm(item["gold_text"]) if item.get("gold_text") else None
        # Judged on the hits (a "not found" answer cites nothing but lists them).
        correct.append(bool(gold and any(gold in norm(h.text) for h in answer.hits[:10])))
    x = np.array(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit((x - mean) / scale, labels)
    p = lr.predict_proba((x - mean) / scale)[:, 1]
    keep = sorted(p[i] for i in range(len(p)) if labels[i] and correct[i])
    threshold = float(keep[int(0.02 * len(keep))]) if keep else 0.5
    negatives_p = [p[i] for i in range(len(p)) if not labels[i]]
    training = {
        "answerable": int(sum(labels)),
        "unanswerable": len(negatives_p),
        "said_not_found": round(sum(1 for v in negatives_p if v < threshold) / (len(negatives_p) or 1), 3),
        "answerable_kept": round(
            sum(1 for i in range(len(p)) if labels[i] and p[i] >= threshold) / (sum(labels) or 1), 3
        ),
    }
    print(f"  answerability: {training}", file=sys.stderr)
    return {
        "features": list(EVIDENCE),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coef": lr.coef_[0].tolist(),
        "intercept": float(lr.intercept_[0]),
        "threshold": threshold,
        "training": training,
    }


def main(args: argparse.Namespace, settings: Settings) -> int:
    from index.api import build_index, open_index

    corpus = Path(args.corpus)
    questions = [q for path in args.questions for q in load_questions(Path(path))]
    out = Path(args.out) if args.out else settings.with_(ranker="learned").ranker_path
    settings = eval_settings(settings, corpus).with_(ranker="fusion")
    build_index(corpus, settings, progress=False)
    reader = open_index(settings)
    t0 = time.perf_counter()
    groups = collect(reader, questions)
    print(f"features of {len(groups)} questions in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    results = []
    for params in GRID if not args.quick else GRID[:1]:
        cv, held_out_by = cross_validate(groups, params, args.folds)
        results.append((params, cv, held_out_by))
        print(f"  {params} → {cv}", file=sys.stderr)
    best_params, best_cv, held_out_by = max(results, key=lambda r: (r[1]["passage@1"], r[1]["passage@5"]))
    model = _fit(groups, best_params)
    answerability = None
    if args.no_answer:
        negatives = [q for path in args.no_answer for q in load_questions(Path(path))]
        answerability = train_answerability(reader, questions, negatives, held_out_by, model)
    info = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "questions": [str(p) for p in args.questions],
        "groups": len(groups),
        "params": best_params,
        "cross_validation": best_cv,
        "fusion_on_same_candidates": fusion_metrics(groups),
        "grid": [{"params": p, "cv": c} for p, c, _ in results],
        "answerability": {k: v for k, v in (answerability or {}).items() if k in ("training", "threshold")},
        "importance": dict(zip(FEATURES, (int(x) for x in model.booster_.feature_importance("gain")))),
    }
    fingerprint = save_ranker(out, model.booster_.model_to_string(), info, answerability)
    print(
        json.dumps(
            {k: info[k] for k in ("groups", "params", "cross_validation", "fusion_on_same_candidates")}
        )
    )
    print(f"ranker {fingerprint} written to {out}; run `python -m index build ARCHIVE` to use it")
    return 0
