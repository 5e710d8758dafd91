"""Answer latency with questions embedded by ONNX Runtime against torch, paired.

    python -m index.evaluation.query_runtime_bench QUESTIONS.jsonl [...] --corpus DIR [--limit 120]

Opens the eval index of DIR (as ``python -m index eval`` builds it) once and asks each question
twice, once with each runtime, alternating which goes first and forgetting the question's vector
in between, so the machine's load falls on both alike. Prints p50/p95 of each and how many
answers are identical (same citations and highlights).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from config import load_settings
from index import api
from index.evaluation.evaluate import eval_settings, load_questions
from index.evaluation.latency import ask_paired, p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=120)
    args = parser.parse_args(argv)
    settings = eval_settings(load_settings(), args.corpus)
    embedder = api.load_model(settings)
    if embedder.query_model is None:
        raise SystemExit("ONNX Runtime is not in use here (see the log): nothing to compare.")
    api.build_index(args.corpus, settings, embedder, progress=False)
    reader = api.open_index(settings, embedder)
    questions = [q["question"] for path in args.questions for q in load_questions(path)][: args.limit]
    onnx = embedder.query_model

    def asked_with(runtime):
        def asker(question: str):
            embedder.query_model = runtime
            reader._query_cache.clear()  # the question is embedded again, by this runtime
            return api.ask(reader, question)

        return asker

    times, same = ask_paired({"onnx": asked_with(onnx), "torch": asked_with(None)}, questions)
    embedder.query_model = onnx
    print(f"questions {len(questions)}; identical citations and highlights {same}")
    for name, values in times.items():
        print(f"questions by {name:5s} p50 {statistics.median(values):6.0f} ms  p95 {p95(values):6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
