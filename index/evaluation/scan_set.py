"""A scan test set made from real documents whose text is known (issue 18).

The pages of born-digital PDFs (and DOCX converted to PDF by LibreOffice headless) are rendered
to images and packed back into files the way an archive receives scans:

- ``scan300``: clean 300 dpi pages, in a PDF without a text layer (images only, lossless);
- ``degraded300``: the same pages turned 0.4-1.5°, blurred, with a red stamp-like circle
  printed over the text, saved as JPEG (quality 45) inside a PDF;
- ``scan150``: clean 150 dpi pages in a multi-page TIFF (the image-file path).

The images stay out of git (``python -m index.evaluation.scan_set OUT`` writes them); the known
text is the born-digital file itself, read by ``index.evaluation.ocr_bench``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from config import PROJECT_ROOT

CONDITIONS = ("scan300", "degraded300", "scan150")


@dataclass(frozen=True)
class Source:
    """A born-digital original, the PDF its pages are rendered from, and the pages taken."""

    name: str
    original: Path
    pdf: Path
    pages: tuple[int, ...]


def render_pages(pdf: Path, pages: tuple[int, ...], dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[n - 1].render(scale=dpi / 72).to_pil().convert("RGB") for n in pages if n <= len(doc)]
    finally:
        doc.close()


def red_stamp(image: Image.Image, rng: random.Random) -> Image.Image:
    """A round red seal (two rings, a star, letters round the rim) printed over the text: multiply
    blending, as ink on paper, so the text under it stays darker than the stamp."""
    w, h = image.size
    r = int(w * rng.uniform(0.08, 0.11))
    cx, cy = int(w * rng.uniform(0.3, 0.7)), int(h * rng.uniform(0.25, 0.75))
    layer = Image.new("RGB", image.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    red = (205, 35, 45)
    ring = max(3, r // 14)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=ring)
    ri = int(r * 0.72)
    draw.ellipse((cx - ri, cy - ri, cx + ri, cy + ri), outline=red, width=max(2, ring // 2))
    star = [
        (cx + (ri * 0.45 if k % 2 == 0 else ri * 0.18) * math.sin(k * math.pi / 5),
         cy - (ri * 0.45 if k % 2 == 0 else ri * 0.18) * math.cos(k * math.pi / 5))
        for k in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    for k in range(24):  # the rim's lettering, as blocks
        a = k * 2 * math.pi / 24
        x, y = cx + (r + ri) / 2 * math.cos(a), cy + (r + ri) / 2 * math.sin(a)
        s = (r - ri) / 4
        draw.rectangle((x - s, y - s, x + s, y + s), fill=red)
    return ImageChops.multiply(image, layer)


def degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    """Turned slightly, blurred, stamped: the usual flaws of an office scan (JPEG noise comes when
    it is saved)."""
    out = red_stamp(image, rng)
    angle = rng.choice((-1, 1)) * rng.uniform(0.4, 1.5)
    out = out.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    return out.filter(ImageFilter.GaussianBlur(radius=0.9))


def save_scan_pdf(images: list[Image.Image], path: Path, dpi: int, jpeg_quality: int | None) -> None:
    """A PDF of page images only (no text layer); JPEG-compressed when ``jpeg_quality`` is set."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if jpeg_quality:
        import io

        images = [Image.open(io.BytesIO(_jpeg(im, jpeg_quality))) for im in images]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi, quality=jpeg_quality or 95)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def sources(corpus: Path, work: Path, pdf_pages: int = 2, docx_pages: int = 1) -> list[Source]:
    """The PDFs of ``corpus/pdf`` (first ``pdf_pages`` pages) and the DOCX of ``corpus/docx``
    converted by LibreOffice (first ``docx_pages`` pages: their headers), when soffice is here."""
    found = [
        Source(p.stem, p, p, tuple(range(1, pdf_pages + 1))) for p in sorted((corpus / "pdf").glob("*.pdf"))
    ]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    docx = sorted((corpus / "docx").glob("*.docx"))
    if soffice is None:
        print("soffice not found: the DOCX are left out (apt-get install libreoffice-writer-nogui)")
        return found
    out = work / "_pdf"
    out.mkdir(parents=True, exist_ok=True)
    todo = [d for d in docx if not (out / f"{d.stem}.pdf").is_file()]
    if todo:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, todo)],
            check=False,
            capture_output=True,
            timeout=600,
        )
    for d in docx:
        pdf = out / f"{d.stem}.pdf"
        if pdf.is_file():
            found.append(Source(d.stem, d, pdf, tuple(range(1, docx_pages + 1))))
    return found


def make(corpus: Path, out: Path, seed: int = 18) -> list[dict]:
    """Write every condition's scans under ``out`` and ``out/sources.json``; returns its rows."""
    rng = random.Random(seed)
    rows = []
    for src in sources(corpus, out):
        clean = render_pages(src.pdf, src.pages, 300)
        save_scan_pdf(clean, out / "scan300" / f"{src.name}.pdf", 300, None)
        save_scan_pdf([degrade(im, rng) for im in clean], out / "degraded300" / f"{src.name}.pdf", 300, 45)
        low = render_pages(src.pdf, src.pages, 150)
        (out / "scan150").mkdir(parents=True, exist_ok=True)
        tif = out / "scan150" / f"{src.name}.tif"
        low[0].save(tif, save_all=True, append_images=low[1:], dpi=(150, 150), compression="tiff_deflate")
        rows.append(
            {"name": src.name, "original": str(src.original), "pdf": str(src.pdf), "pages": list(src.pages)}
        )
        print(f"{src.name}: {len(clean)} pages")
    (out / "sources.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m index.evaluation.scan_set", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", help="folder for the scans (keep it out of git)")
    parser.add_argument("--corpus", default=str(PROJECT_ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    rows = make(Path(args.corpus), Path(args.out), args.seed)
    print(f"{len(rows)} documents, {sum(len(r['pages']) for r in rows)} pages per condition in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
