"""OCR accuracy and speed on the scan test set (``index.evaluation.scan_set``).

``python -m index.evaluation.ocr_bench SCANS [--condition scan300 …] [--dpi 300] [--workers 2]``

Each scan goes through the product's own path (``corpus.loader.load_document``: OCR, cleaning,
header parsing), with an OCR cache of its own per condition and resolution (``SCANS/cache-…``;
``--fresh`` empties it). Reported per condition:

- CER and WER of each OCR'd page against the born-digital text of the same page (pypdf's text
  layer of the original PDF; whitespace runs collapsed, NFC), for the PDFs whose text layer is
  known to be right (the DOCX-made PDFs have a broken layer: they count for metadata only);
- metadata recovered: type, number, issuer and date of each scan equal to what the loader reads
  from the original file (DOCX or PDF), over the originals that have the field;
- pages/s over the wall time with ``--workers`` processes, and the mean seconds a page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from config import Settings, load_settings
from corpus.loader import load_document
from corpus.types import Document, DocumentMeta, LoadIssue

FIELDS = ("type", "number", "issuer", "date")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def error_rates(ocr: str, truth: str) -> tuple[int, int, int, int]:
    """(character edits, truth characters, word edits, truth words)."""
    from rapidfuzz.distance import Levenshtein

    a, b = norm(ocr), norm(truth)
    return Levenshtein.distance(a, b), len(b), Levenshtein.distance(a.split(), b.split()), len(b.split())


def fields(meta: DocumentMeta) -> dict[str, str | None]:
    return {
        "type": meta.doc_type,
        "number": meta.number.key if meta.number else None,
        "issuer": meta.issuer,
        "date": meta.issue_date.isoformat() if meta.issue_date else None,
    }


@dataclass(frozen=True)
class Job:
    scan: Path
    settings: Settings


def _load(job: Job) -> Document | LoadIssue:
    return load_document(job.scan, job.scan.parent, job.settings)


def truth_pages(row: dict) -> list[str] | None:
    """The born-digital text of the scanned pages, when the original is a PDF with a good layer."""
    if not row["original"].endswith(".pdf"):
        return None
    from corpus.readers import read_pdf

    pages = read_pdf(Path(row["original"]).read_bytes())
    return [pages[n - 1] for n in row["pages"]]


def run_condition(
    scans: Path, condition: str, dpi: int, workers: int, fresh: bool, grey: str = "red"
) -> dict:
    rows = json.loads((scans / "sources.json").read_text(encoding="utf-8"))
    cache = scans / f"cache-{condition}-{dpi}" if grey == "red" else scans / f"cache-{condition}-{dpi}-{grey}"
    if fresh and cache.exists():
        for f in cache.glob("ocr_cache.sqlite*"):
            f.unlink()
    settings = load_settings(data_dir=cache, ocr_dpi=dpi, ocr_grey=grey)
    suffix = ".tif" if condition.startswith("scan150") else ".pdf"
    jobs = [Job(scans / condition / f"{r['name']}{suffix}", settings) for r in rows]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_load, jobs))
    wall = time.perf_counter() - started
    edits = chars = wedits = words = pages = 0
    seconds: list[float] = []
    recovered = {f: [0, 0] for f in FIELDS}
    problems = []
    for row, result in zip(rows, results):
        if isinstance(result, LoadIssue):
            problems.append(str(result))
            continue
        pages += len(result.ocr)
        seconds += [p.seconds for p in result.ocr]
        truth = truth_pages(row)
        for page, known in zip(result.ocr, truth or []):
            e, c, we, w = error_rates(page.text, known)
            edits, chars, wedits, words = edits + e, chars + c, wedits + we, words + w
        original = load_document(Path(row["original"]), Path(row["original"]).parent, Settings(ocr=False))
        if isinstance(original, LoadIssue):
            continue
        want, got = fields(original.meta), fields(result.meta)
        for f in FIELDS:
            if want[f]:
                recovered[f][1] += 1
                recovered[f][0] += int(got[f] == want[f])
                if got[f] != want[f]:
                    problems.append(f"{row['name']}: {f} {got[f]!r} != {want[f]!r}")
    return {
        "condition": condition,
        "ocr_dpi": dpi,
        "grey": grey,
        "documents": len(rows),
        "pages": pages,
        "cer_percent": round(100 * edits / chars, 2) if chars else None,
        "wer_percent": round(100 * wedits / words, 2) if words else None,
        "cer_truth_chars": chars,
        "metadata_recovered": {f: f"{a}/{n}" for f, (a, n) in recovered.items()},
        "header_percent": round(
            100 * sum(a for a, _ in recovered.values()) / max(1, sum(n for _, n in recovered.values())), 1
        ),
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 3) if wall else None,
        "mean_page_s": round(sum(seconds) / len(seconds), 1) if seconds else None,
        "workers": workers,
        "load": os.getloadavg()[0],
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m index.evaluation.ocr_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("scans", help="folder written by python -m index.evaluation.scan_set")
    parser.add_argument("--condition", action="append", help="scan300, degraded300, scan150 (default: all)")
    parser.add_argument(
        "--dpi", type=int, action="append", help="ocr_dpi to render scanned PDFs at (default 300)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--grey", default="red", help="'red' (the default pipeline) or 'luminance'")
    parser.add_argument("--fresh", action="store_true", help="empty the OCR cache first (time OCR itself)")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per worker (corpus.ocr)
    for condition in args.condition or ["scan300", "degraded300", "scan150"]:
        for dpi in args.dpi or [300]:
            result = run_condition(Path(args.scans), condition, dpi, args.workers, args.fresh, args.grey)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
