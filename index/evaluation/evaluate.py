"""python -m index eval QUESTIONS.jsonl --corpus DIR: retrieval and answer quality on a question set.

Questions go through the same ``ask`` the page and CLI use. The index of the
corpus lives in its own sub-folder of the data folder (``eval-<name>``), so an
evaluation never replaces the user's index, while the embedding cache is shared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from config import Settings
from index.evaluation.latency import p95

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace runs collapsed and case folded, as the question sets' gold_text is compared."""
    import unicodedata

    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


@dataclass
class Outcome:
    qid: str
    kind: str
    question: str
    gold: list[str]
    ranked_docs: list[str]
    passage_hits: list[bool]
    latency_ms: float
    first: str = ""
    found: bool = True
    passage_chars: int = 0  # length of the first cited passage (0: nothing cited)
    highlight_hit: bool = False  # the first passage's highlighted sentence covers the gold text

    @property
    def rank(self) -> int | None:
        for i, d in enumerate(self.ranked_docs[:10], 1):
            if d in self.gold:
                return i
        return None


@dataclass
class Metrics:
    outcomes: list[Outcome] = field(default_factory=list)

    @staticmethod
    def _summary(rows: list[Outcome]) -> dict:
        n = len(rows) or 1
        has_gold_text = [o for o in rows if o.passage_hits]
        m = len(has_gold_text)
        right = [o for o in has_gold_text if o.passage_hits[0]]
        return {
            "questions": len(rows),
            "hit@1": round(sum(1 for o in rows if o.rank == 1) / n, 3),
            "hit@5": round(sum(1 for o in rows if o.rank and o.rank <= 5) / n, 3),
            "hit@10": round(sum(1 for o in rows if o.rank and o.rank <= 10) / n, 3),
            "mrr@10": round(sum(1 / o.rank for o in rows if o.rank) / n, 3),
            # None when the set has no gold_text: passage hits cannot be judged.
            "passage_hit@1": round(sum(1 for o in has_gold_text if o.passage_hits[0]) / m, 3) if m else None,
            "passage_hit@5": round(sum(1 for o in has_gold_text if any(o.passage_hits[:5])) / m, 3)
            if m
            else None,
            # Of the questions whose first passage is right: its highlight covers the gold text.
            "highlight@1": round(sum(o.highlight_hit for o in right) / len(right), 3) if right else None,
            # Answerable questions the user was told "not found" (nothing cited: every passage
            # hit above counts them as misses); the price of the "not found" that unanswerable
            # questions get.
            "said_not_found": round(sum(1 for o in rows if not o.found) / n, 3),
        }

    @staticmethod
    def _no_answer(rows: list[Outcome]) -> dict:
        return {
            "questions": len(rows),
            "said_not_found": round(sum(1 for o in rows if not o.found) / (len(rows) or 1), 3),
        }

    @staticmethod
    def _by_kind(rows: list[Outcome], summary: Callable[[list[Outcome]], dict]) -> dict:
        kinds = defaultdict(list)
        for o in rows:
            kinds[o.kind].append(o)
        return {k: summary(v) for k, v in sorted(kinds.items())}

    def report(self, misses: int = 15) -> dict:
        # Questions without gold documents have no answer in the archive: the right
        # answer is "not found", counted apart from the retrieval metrics.
        answerable = [o for o in self.outcomes if o.gold]
        unanswerable = [o for o in self.outcomes if not o.gold]
        out = self._summary(answerable)
        out["by_kind"] = self._by_kind(answerable, self._summary)
        cited = [o.passage_chars for o in answerable if o.passage_chars]
        out["first_passage_chars"] = {
            "mean": round(statistics.mean(cited)) if cited else 0,
            "max": max(cited, default=0),
        }
        if unanswerable:
            out["no_answer"] = self._no_answer(unanswerable)
            out["no_answer"]["by_kind"] = self._by_kind(unanswerable, self._no_answer)
        lat = [o.latency_ms for o in self.outcomes] or [0.0]
        out["latency_ms"] = {"p50": round(statistics.median(lat), 1), "p95": round(p95(lat), 1)}

        def miss(o: Outcome) -> dict:
            expected = o.gold or ["(not found)"]
            return {
                "id": o.qid,
                "kind": o.kind,
                "question": o.question,
                "expected": expected,
                "first": o.first,
            }

        out["misses"] = [
            miss(o) for o in answerable if o.rank != 1 or (o.passage_hits and not o.passage_hits[0])
        ][:misses]
        out["misses"] += [miss(o) for o in unanswerable if o.found][:misses]
        return out


def highlight_covers(citation, gold: str) -> bool:
    """Whether a highlighted sentence of ``citation`` overlaps ``gold`` in its passage."""
    parts = [re.escape(p) for p in gold.split()]
    m = re.search(r"\s+".join(parts), citation.passage, re.IGNORECASE) if parts else None
    return bool(m and any(s < m.end() and e > m.start() for s, e in citation.highlights))


def load_questions(path: Path, limit: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def eval_settings(settings: Settings, corpus: Path) -> Settings:
    slug = re.sub(r"[^a-z0-9]+", "-", corpus.resolve().parent.name.lower() + "-" + corpus.name.lower()).strip(
        "-"
    )
    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:8]
    # Another embedding backend or precision gets its own eval index (vectors never mixed),
    # so backends are compared side by side without rebuilding each other's index.
    variant = (
        ""
        if (settings.backend, settings.quantize) == ("torch", "none")
        else f"-{settings.backend}-{settings.quantize}"
    )
    return settings.with_(index_name=f"eval-{slug}-{digest}{variant}")


def evaluate(reader, questions: list[dict]) -> Metrics:
    """Every question through ``ask`` exactly as the page, the CLI and the API call it: the
    same settings (``ranking.answer_top`` passages from ``answer_candidates`` hits)."""
    from index.answer.ask import ask

    metrics = Metrics()
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(reader, q["question"])
        latency = (time.perf_counter() - t0) * 1000
        ranked = list(dict.fromkeys(h.doc.doc_id for h in answer.hits))
        gold_text = norm(q["gold_text"]) if q.get("gold_text") else None
        passage_hits = [gold_text in norm(c.passage) for c in answer.citations] if gold_text else []
        if gold_text and not passage_hits:
            passage_hits = [False]
        metrics.outcomes.append(
            Outcome(
                qid=q.get("id", ""),
                kind=q.get("kind", "all"),
                question=q["question"],
                gold=list(q["gold_docs"]),
                ranked_docs=ranked,
                passage_hits=passage_hits,
                latency_ms=latency,
                first=ranked[0] if ranked else "",
                found=answer.found,
                passage_chars=len(answer.citations[0].passage) if answer.citations else 0,
                highlight_hit=bool(
                    passage_hits and passage_hits[0] and highlight_covers(answer.citations[0], q["gold_text"])
                ),
            )
        )
    return metrics


def print_report(report: dict, title: str) -> None:
    print(f"\n== {title}: {report['questions']} questions")
    keys = ["hit@1", "hit@5", "hit@10", "mrr@10", "passage_hit@1", "passage_hit@5", "highlight@1"]

    def fmt(r: dict) -> str:
        return "  ".join(f"{k}={r[k]:.3f}" if r[k] is not None else f"{k}=n/a" for k in keys)

    print("  " + fmt(report))
    print(f"  answerable questions said not found: {report['said_not_found']:.3f}")
    print(f"  latency p50={report['latency_ms']['p50']} ms  p95={report['latency_ms']['p95']} ms")
    chars = report["first_passage_chars"]
    print(f"  first cited passage: mean {chars['mean']} characters, max {chars['max']}")
    if "no_answer" in report:
        na = report["no_answer"]
        print(f"  no-answer questions: {na['questions']}, said not found {na['said_not_found']:.3f}")
        for kind, r in na["by_kind"].items():
            print(f"    {kind:16s} n={r['questions']:3d}  said_not_found={r['said_not_found']:.3f}")
    print("  by kind:")
    for kind, r in report["by_kind"].items():
        print(f"    {kind:16s} n={r['questions']:3d}  " + fmt(r))
    if report["misses"]:
        print("  misses (first shown):")
        for m in report["misses"]:
            print(f"    {m['id']} [{m['kind']}] {m['question'][:90]}")
            print(f"        expected {m['expected'][0]}  first {m['first']}")


def main(args: argparse.Namespace, settings: Settings) -> int:
    from index.api import build_index, open_index

    corpus = Path(args.corpus)
    questions = load_questions(Path(args.questions), args.limit)
    if args.no_answer:
        questions += load_questions(Path(args.no_answer))
    settings = eval_settings(settings, corpus)
    report_build = build_index(corpus, settings, progress=not args.json)
    if not args.json:
        print(report_build.summary().splitlines()[0], file=sys.stderr)
    reader = open_index(settings)
    report = evaluate(reader, questions).report(args.misses)
    r = settings.ranking
    report["configuration"] = {
        "ranker": r.ranker
        if r.ranker != "learned"
        else f"learned {reader.manifest.ranker if reader.manifest else ''}",
        "answer_top": r.answer_top,
        "answer_candidates": r.answer_candidates,
    }
    if args.baseline == "bm25":
        from index.evaluation.baseline import bm25_report

        report["baseline_bm25"] = bm25_report(reader, questions)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report, f"{Path(args.questions).parent.name} ({settings.model})")
        print(
            "  configuration (as users get it): "
            + ", ".join(f"{k} {v}" for k, v in report["configuration"].items())
        )
        if "baseline_bm25" in report:
            for name, r in report["baseline_bm25"].items():
                print(
                    f"  baseline {name}: "
                    + "  ".join(f"{k}={r[k]:.3f}" for k in ("hit@1", "hit@5", "hit@10", "mrr@10"))
                )
    return 0
