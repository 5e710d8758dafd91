"""The CLI's evaluation commands: ``eval``, ``train-ranker``, ``bench``, ``loadtest`` (argument parsing
only; the work is imported when a command runs)."""

from __future__ import annotations

import argparse
import os

from index.admin_cli import Add


def _settings(args: argparse.Namespace):
    from config import load_settings

    return load_settings(data_dir=args.data)


def cmd_eval(args: argparse.Namespace) -> int:
    from index.evaluation.evaluate import main as eval_main

    return eval_main(args, _settings(args))


def cmd_train_ranker(args: argparse.Namespace) -> int:
    from index.evaluation.train_ranker import main as train_main

    return train_main(args, _settings(args))


def cmd_bench(args: argparse.Namespace) -> int:
    if args.ask:
        from index.evaluation.ask_scale import main as ask_main

        return ask_main(args, _settings(args))
    if args.ann:
        from index.evaluation.ann_bench import main as ann_main

        return ann_main(args, _settings(args))
    from index.evaluation.bench import main as bench_main

    return bench_main(args, _settings(args))


def cmd_loadtest(args: argparse.Namespace) -> int:
    from index.evaluation.loadtest import main as loadtest_main

    if not args.token:
        raise ValueError("No API token: pass --token TOKEN or set CHITHI_API_TOKEN.")
    if args.clients < 1 or args.requests < 1:
        raise ValueError("--clients and --requests need at least 1.")
    return loadtest_main(args)


def add_commands(add: Add) -> None:
    sp = add("eval", cmd_eval, "evaluate retrieval and answers on a question file")
    sp.add_argument("questions")
    sp.add_argument("--corpus", required=True, help="folder the gold_docs paths are relative to")
    sp.add_argument(
        "--baseline", choices=["bm25"], help="also run a plain BM25 baseline over the same chunks"
    )
    sp.add_argument("--limit", type=int, help="first N questions only")
    sp.add_argument(
        "--no-answer",
        help="also ask these questions that the corpus does not answer (gold_docs []): "
        "reports how often the answer says so, e.g. docs/eval/no-answer.jsonl for ../shared/corpus",
    )
    sp.add_argument("--misses", type=int, default=15, help="misses to print")
    sp = add("train-ranker", cmd_train_ranker, "learn the passage ranking from training questions")
    sp.add_argument("questions", nargs="+", help="training question files (JSON Lines with gold_text)")
    sp.add_argument("--corpus", required=True, help="folder the gold_docs paths are relative to")
    sp.add_argument("--out", help="ranker file to write (default: the configured ranker file)")
    sp.add_argument("--folds", type=int, default=5, help="cross-validation folds, grouped by question")
    sp.add_argument(
        "--question-side",
        choices=["tower", "adapter", "none"],
        default="tower",
        help="what gives the cos_adapted features: the question tower (the model's question side "
        "fine-tuned, default), the linear question adapter, or nothing (they repeat the plain cosine)",
    )
    sp.add_argument(
        "--no-adapter",
        dest="question_side",
        action="store_const",
        const="none",
        help="same as --question-side none",
    )
    sp.add_argument("--quick", action="store_true", help="one parameter set instead of the grid")
    sp.add_argument(
        "--seeds", type=int, default=1, help="models trained with other seeds and averaged (less variance)"
    )
    sp.add_argument("--rows", help="write each held-out answer (JSON Lines) here, to read the misses")
    sp.add_argument(
        "--also",
        nargs=2,
        action="append",
        metavar=("CORPUS", "QUESTIONS"),
        help="questions over another corpus (gold_docs; gold_text optional: without it the gold "
        "documents are the answers) that also train the question tower; held-out document "
        "hits reported apart (repeatable)",
    )
    sp.add_argument(
        "--no-answer",
        action="append",
        help="questions the corpus does not answer (gold_docs []): also train the 'not found' model (repeatable)",
    )
    sp = add("bench", cmd_bench, "latency/size benchmarks on synthetic scale-ups")
    sp.add_argument("--sizes", default="10000,100000", help="comma-separated vector counts")
    sp.add_argument("--queries", type=int, default=50)
    sp.add_argument("--corpus", help="scale up the eval index of this corpus instead of the main index")
    sp.add_argument(
        "--ann", action="store_true", help="vectors only: flat vs HNSW vs IVF-PQ memory, latency, recall"
    )
    sp.add_argument(
        "--ask", help="JSON Lines questions: time the whole answer (ask) at each size (--queries of them)"
    )
    sp = add("loadtest", cmd_loadtest, "many clients asking a running `python -m index serve` at once")
    sp.add_argument("--url", default="http://127.0.0.1:8000", help="the server (default: %(default)s)")
    sp.add_argument(
        "--token",
        default=os.environ.get("CHITHI_API_TOKEN"),
        help="a reader token (default: $CHITHI_API_TOKEN)",
    )
    sp.add_argument("--questions", nargs="+", required=True, help="JSON Lines files with a 'question' field")
    sp.add_argument("--clients", type=int, default=8, help="concurrent clients (default: %(default)s)")
    sp.add_argument("--requests", type=int, default=300, help="questions asked in all (default: %(default)s)")
    sp.add_argument("--max-seconds", type=float, help="stop asking after this long")
    sp.add_argument("--server-pid", type=int, help="the server's process id: report its peak memory")
    sp.add_argument("--reindex-files", help="upload this folder's files and reindex while the load runs")
    sp.add_argument("--reindex-token", help="an archivist token for --reindex-files (default: --token)")
