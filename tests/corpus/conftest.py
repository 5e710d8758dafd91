"""Fixtures for corpus tests: builders for small real-format files, and the real archive.

``shared_dir`` (tests/conftest.py) skips when ``../shared`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.types import Document


def make_text_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF with a real text layer, one string per page (ASCII: the built-in Helvetica font)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for text in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        ops = ["BT /F1 11 Tf 14 TL 50 800 Td"]
        for line in text.split("\n"):
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def make_docx(path: Path, paragraphs: list[str], rows: list[list[str]] | None = None) -> Path:
    """A DOCX: an optional header table first (like real directives), then paragraphs."""
    import docx

    document = docx.Document()
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def normalise(text: str) -> str:
    """How evaluation compares gold excerpts: whitespace runs collapsed, case folded."""
    return " ".join(text.split()).casefold()


@pytest.fixture(name="make_text_pdf")
def _make_text_pdf_fixture():
    return make_text_pdf


@pytest.fixture(name="make_docx")
def _make_docx_fixture():
    return make_docx


@pytest.fixture(scope="session")
def shared_corpus(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def dev_questions(shared_dir: Path) -> list[dict]:
    path = shared_dir / "eval" / "archive-dev" / "questions.jsonl"
    if not path.is_file():
        pytest.skip("archive-dev questions absent")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_documents(shared_corpus: Path, dev_questions: list[dict]) -> dict[str, Document]:
    """The gold documents of archive-dev, loaded with the real loader (about 60 files)."""
    from corpus.loader import load_document

    docs = {}
    for doc_id in sorted({d for q in dev_questions for d in q["gold_docs"]}):
        loaded = load_document(shared_corpus / doc_id, shared_corpus)
        assert isinstance(loaded, Document), loaded
        docs[doc_id] = loaded
    return docs


@pytest.fixture(scope="session")
def archive_results(shared_corpus: Path) -> list:
    """Every file of the real archive loaded: Documents and LoadIssues (slow: ~15 s on 2 cores)."""
    from corpus.loader import load_archive

    return list(load_archive(shared_corpus, workers=2))


@pytest.fixture(scope="session")
def archive_documents(archive_results: list) -> list[Document]:
    return [d for d in archive_results if isinstance(d, Document)]
