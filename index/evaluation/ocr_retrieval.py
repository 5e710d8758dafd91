"""Retrieval on OCR'd scans against the born-digital originals of the same pages (issue 18).

``python -m index.evaluation.ocr_retrieval SCANS [--condition degraded300] [--data DIR]``

The PDFs of the scan set (``index.evaluation.scan_set``) whose text layer is right: their scanned
pages (read by OCR through the product's loader, from the bench's OCR cache) and the same pages
cut from the born-digital PDF are indexed in two indexes with the default model. The queries are
sentences of the born-digital text (every 4th sentence of 8-30 words of each page): a query is
found when the first hit is that document's passage on that page, and "doc" when the first hit is
that document. Both indexes get the same queries, so the difference is what OCR costs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from config import load_settings
from corpus.readers import read_pdf


def born_digital_copy(original: Path, pages: list[int], dest: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    reader = PdfReader(original)
    for n in pages:
        writer.add_page(reader.pages[n - 1])
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") as handle:
        writer.write(handle)


def queries(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(sentence, doc_id, page) from the born-digital text of the scanned pages."""
    out = []
    for row in rows:
        pages = read_pdf(Path(row["original"]).read_bytes())
        for n in row["pages"]:
            text = " ".join(pages[n - 1].split())
            sentences = [s for s in re.split(r"(?<=[.;:])\s+", text) if 8 <= len(s.split()) <= 30]
            out += [(s, f"{row['name']}.pdf", n) for s in sentences[::4]]
    return out


def evaluate(data: Path, archive: Path, asked: list[tuple[str, str, int]], embedder: object) -> dict:
    from index import api

    settings = load_settings(data_dir=data)
    report = api.build_index(archive, settings, embedder, progress=False, rebuild=True)
    reader = api.open_index(settings, embedder)
    page = doc = 0
    try:
        for sentence, doc_id, number in asked:
            hits = api.search(reader, sentence, k=1)
            doc += int(bool(hits) and hits[0].doc.doc_id == doc_id)
            page += int(bool(hits) and hits[0].doc.doc_id == doc_id and hits[0].page == number)
    finally:
        reader.close()
    n = len(asked)
    return {
        "skipped": len(report.skipped),
        "queries": n,
        "doc@1": round(doc / n, 3),
        "page@1": round(page / n, 3),
    }


def main(argv: list[str] | None = None) -> int:
    from index import api

    parser = argparse.ArgumentParser(
        prog="python -m index.evaluation.ocr_retrieval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("scans")
    parser.add_argument("--condition", default="degraded300")
    parser.add_argument("--data", required=True, help="data folder holding the built model (models/)")
    args = parser.parse_args(argv)
    scans, data = Path(args.scans), Path(args.data)
    rows = [r for r in json.loads((scans / "sources.json").read_text()) if r["original"].endswith(".pdf")]
    work = scans / f"retrieval-{args.condition}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "ocr").mkdir(parents=True)
    for row in rows:
        shutil.copy2(scans / args.condition / f"{row['name']}.pdf", work / "ocr" / f"{row['name']}.pdf")
        born_digital_copy(Path(row["original"]), row["pages"], work / "original" / f"{row['name']}.pdf")
    # The scans' OCR cache of the benchmark: the same text, not read again.
    (work / "data-ocr").mkdir()
    shutil.copy2(
        scans / f"cache-{args.condition}-300" / "ocr_cache.sqlite", work / "data-ocr" / "ocr_cache.sqlite"
    )
    settings = load_settings(data_dir=data)
    embedder = api.load_model(settings)
    asked = queries(rows)
    for name in ("original", "ocr"):
        result = evaluate(work / f"data-{name}", work / name, asked, embedder)
        print(json.dumps({"index": name, "condition": args.condition, **result}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
