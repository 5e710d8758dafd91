"""Training questions answered as a user's would be, each by the ranker of the
cross-validation fold that did not see it (``train-ranker``): the numbers to tune on
(passage@1/@5, highlight@1 by kind) and the evidence the "not found" model is fitted on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from index.evaluation.evaluate import Metrics, Outcome, highlight_covers, norm
from index.retrieval.query import parse_query
from index.retrieval.ranker import Ranker


def held_out_answers(reader, items: list[dict], ranker_of: Callable[[dict], Ranker | None]) -> list[dict]:
    """Each question answered (not yet judged) with ``ranker_of(item)``: its evidence, and
    for answerable ones whether the 1st / any of 5 cited passages holds the gold text and
    whether the 1st passage's highlight covers it."""
    from index.answer.ask import draft
    from index.retrieval.search import search_parsed

    top = reader.settings.ranking.answer_top
    k = max(reader.settings.ranking.answer_candidates, top)
    out = []
    for item in items:
        ranker = ranker_of(item)
        if ranker is None:
            continue
        q = parse_query(item["question"])
        with reader.snapshot():
            hits = search_parsed(reader, q, k, ranker=ranker)
            if not hits:
                continue
            d = draft(reader, q, hits, top)
        gold = item.get("gold_text")
        found = [bool(gold) and norm(gold) in norm(c.passage) for c in d.citations]
        first = d.citations[0] if d.citations else None
        out.append(
            {
                "id": item.get("id", ""),
                "kind": item.get("kind", ""),
                "answerable": bool(item.get("gold_docs")),
                "evidence": d.evidence,
                "passage@1": bool(found[:1] and found[0]),
                "passage@5": any(found[:5]),
                "highlight@1": bool(found[:1] and found[0] and highlight_covers(d.citations[0], gold)),
                # For reading the misses (--rows): where the first citation came from.
                "question": item["question"],
                "gold_docs": item.get("gold_docs", []),
                "first": f"{first.doc.doc_id} {first.section}".strip() if first else "",
                "gold_rank": next((i + 1 for i, f in enumerate(found) if f), 0),
            }
        )
    return out


def summarise(rows: list[dict]) -> dict:
    def rates(sub: list[dict]) -> dict:
        n = len(sub) or 1
        right = [r for r in sub if r["passage@1"]]
        return {
            "questions": len(sub),
            "passage@1": round(sum(r["passage@1"] for r in sub) / n, 3),
            "passage@5": round(sum(r["passage@5"] for r in sub) / n, 3),
            "highlight@1": round(sum(r["highlight@1"] for r in right) / (len(right) or 1), 3),
        }

    rows = [r for r in rows if r["answerable"]]
    kinds = defaultdict(list)
    for r in rows:
        kinds[r["kind"]].append(r)
    return {"all": rates(rows), **{k: rates(v) for k, v in sorted(kinds.items())}}


def held_out_documents(reader, items: list[dict], ranker_of: Callable[[dict], Ranker | None]) -> dict:
    """Document hit@1/@5/@10 and MRR@10 of questions answered by documents only (no gold text,
    e.g. vicov19qa-dev), each ranked with ``ranker_of(item)`` and scored by ``eval``'s own
    ``Outcome`` and ``Metrics`` (the answer's hits, distinct documents)."""
    from index.retrieval.search import search_parsed

    depth = max(reader.settings.ranking.answer_candidates, reader.settings.ranking.answer_top)
    outcomes = []
    for item in items:
        ranker = ranker_of(item)
        if ranker is None:
            continue
        with reader.snapshot():
            hits = search_parsed(reader, parse_query(item["question"]), depth, ranker=ranker)
        outcomes.append(
            Outcome(
                qid=item.get("id", ""),
                kind=item.get("kind", ""),
                question=item["question"],
                gold=list(item.get("gold_docs", [])),
                ranked_docs=list(dict.fromkeys(h.doc.doc_id for h in hits)),
                passage_hits=[],
                latency_ms=0.0,
            )
        )
    summary = Metrics._summary(outcomes)
    return {k: summary[k] for k in ("questions", "hit@1", "hit@5", "hit@10", "mrr@10")}
