"""Chunking: exact offsets, sections, headings, pages, sizes — on real documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corpus.chunking import chunk_document
from corpus.loader import load_document
from corpus.numbers import parse_doc_number
from corpus.sections import SectionIndex, find_markers, section_path
from corpus.types import Document, DocumentMeta, Page

SIZE, OVERLAP = 1000, 150

LEGAL = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 03/2026/NĐ-CP
Hà Nội, ngày 09 tháng 01 năm 2026
NGHỊ ĐỊNH
Về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về tổ chức, hoạt động và quản lý nhà nước về quỹ xã hội, quỹ từ thiện.
Điều 2. Nguyên tắc tổ chức và hoạt động của quỹ
1. Thành lập và hoạt động không vì mục tiêu lợi nhuận.
2. Tự nguyện, tự chủ, tự trang trải và tự chịu trách nhiệm trước pháp luật:
a) Công khai, minh bạch về tổ chức, hoạt động;
b) Không phân chia tài sản.
Chương II
THÀNH LẬP QUỸ
Điều 3. Điều kiện thành lập
Quỹ được thành lập khi có đủ các điều kiện sau."""


def make_doc(text: str, meta: DocumentMeta | None = None, pages: tuple[Page, ...] = ()) -> Document:
    return Document("test.txt", Path("test.txt"), "0" * 64, "txt", text, meta or DocumentMeta(), pages)


def assert_well_formed(doc: Document, chunks, size: int = SIZE) -> None:
    covered = 0
    for i, c in enumerate(chunks):
        assert c.ordinal == i and c.doc_id == doc.doc_id
        assert doc.text[c.start : c.end] == c.text, (doc.doc_id, i)
        assert c.text == c.text.strip() and c.text
        # Nothing longer than size unless it cannot be split (one unbroken run).
        assert len(c.text) <= size or " " not in c.text, (doc.doc_id, i, len(c.text))
        if i:
            assert c.start > chunks[i - 1].start and c.end > chunks[i - 1].end
            assert c.start <= chunks[i - 1].end + 2  # no text falls between chunks
        covered = max(covered, c.end)
    assert not doc.text[covered:].strip()


def test_sections_nest_legal_structure():
    markers = find_markers(LEGAL)
    assert [m.label for m in markers] == [
        "Chương I", "Điều 1", "Điều 2", "1", "2", "a)", "b)", "Chương II", "Điều 3",
    ]  # fmt: skip
    index = SectionIndex(LEGAL)
    assert section_path(index.at(LEGAL.index("b) Không phân chia"))) == "Chương I › Điều 2 › 2 › b)"
    assert section_path(index.at(LEGAL.index("Quỹ được thành lập"))) == "Chương II › Điều 3"
    assert index.at(0) == ()
    assert markers[0].title == "Chương I QUY ĐỊNH CHUNG"


def test_numbering_restart_opens_a_child_list():
    # The 508-TB/TU bulletin: "1. … (1) … (4)", "2. …" then 1-10 again inside "2.".
    text = "1. Về Tết\n(1) Quán triệt\n(2) Tập trung\n2. Về phòng chống dịch\n1. Các cấp ủy\n2. Kiểm soát\n"
    text += "3. Tầm soát\n4. Đẩy nhanh tiến độ tiêm vắc xin\n3. Về du lịch\n"
    index = SectionIndex(text)
    assert section_path(index.at(text.index("(2) Tập"))) == "1 › (2)"
    assert section_path(index.at(text.index("4. Đẩy nhanh"))) == "2 › 4"
    assert section_path(index.at(text.index("3. Về du lịch"))) == "3"


def test_small_document_is_one_chunk_with_context_heading():
    meta = DocumentMeta(
        doc_type="Nghị định",
        number=parse_doc_number("03/2026/NĐ-CP"),
        issuer="Chính phủ",
        issue_date=date(2026, 1, 9),
    )
    doc = make_doc(LEGAL, meta)
    chunks = chunk_document(doc, SIZE, OVERLAP)
    assert len(chunks) == 1
    assert chunks[0].text == LEGAL and chunks[0].heading == "Nghị định 03/2026/NĐ-CP · Chính phủ · 09/01/2026"
    assert chunks[0].embed_text.startswith(chunks[0].heading + "\n")


def test_split_on_sections_with_paths_and_headings():
    body = "\n".join(
        f"Điều {n}. Quy định số {n}\n"
        + "\n".join(
            f"{k}. Nội dung khoản {k} của Điều {n} gồm nhiều quy định chi tiết về quỹ." * 3 for k in (1, 2, 3)
        )
        for n in range(1, 6)
    )
    doc = make_doc("NGHỊ ĐỊNH\nVề tổ chức quỹ\n" + body)
    chunks = chunk_document(doc, 600, 100)
    assert_well_formed(doc, chunks, 600)
    # Every Điều starts a chunk (the short preamble joins the first); a chunk inside one says which.
    starts = {c.text.split(".")[0] for c in chunks if c.text.startswith("Điều")}
    assert starts == {f"Điều {n}" for n in range(2, 6)}
    assert chunks[0].text.startswith("NGHỊ ĐỊNH\nVề tổ chức quỹ\nĐiều 1. Quy định số 1")
    inner = next(c for c in chunks if c.section.startswith("Điều 3 ›"))
    assert inner.heading == "NGHỊ ĐỊNH › Điều 3. Quy định số 3"
    assert all(len(c.text) >= 600 // 4 for c in chunks)


def test_long_paragraphs_split_at_sentences_with_overlap():
    sentence = "Các cơ quan, đơn vị tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch COVID-19. "
    doc = make_doc((sentence * 40).strip())
    chunks = chunk_document(doc, SIZE, OVERLAP)
    assert_well_formed(doc, chunks)
    assert len(chunks) >= 4
    for prev, nxt in zip(chunks, chunks[1:]):
        assert 0 < prev.end - nxt.start <= OVERLAP  # neighbours share up to 150 characters
        assert nxt.text.startswith("Các cơ quan")  # and start at a sentence


def test_unsplittable_run_and_empty_text():
    run = "x" * 2500
    doc = make_doc(f"Mở đầu.\n{run}\nKết thúc văn bản.")
    chunks = chunk_document(doc, SIZE, OVERLAP)
    assert_well_formed(doc, chunks)
    assert chunk_document(make_doc("   \n "), SIZE, OVERLAP) == []


def test_pdf_chunks_carry_the_page_of_their_start():
    text = "\n".join(
        f"Đoạn {i}. " + "Nội dung án lệ về chia tài sản chung giữa các đồng sở hữu. " * 6 for i in range(12)
    )
    half = text.index("Đoạn 6.")
    doc = make_doc(text, pages=(Page(1, 0, half - 1), Page(2, half, len(text))))
    chunks = chunk_document(doc, SIZE, OVERLAP)
    assert [c.page for c in chunks] == [1 if c.start < half else 2 for c in chunks]
    assert {c.page for c in chunks} == {1, 2}


def test_bulletin_508_section_and_heading(shared_corpus: Path):
    meta = DocumentMeta(
        doc_type="Thông báo",
        number=parse_doc_number("508-TB/TU"),
        issuer="Tỉnh ủy Quảng Ninh",
        issue_date=date(2022, 2, 9),
    )
    path = shared_corpus / "bulletins" / "quang-ninh-2022-02-09-thong-bao-508-TB-TU.txt"
    doc = load_document(path, shared_corpus, parse_meta=lambda _t: meta)
    chunks = chunk_document(doc, SIZE, OVERLAP)
    assert_well_formed(doc, chunks)
    target = next(c for c in chunks if "4. Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022" in c.text)
    assert target.section == "2 › 4"
    assert target.heading == (
        "Thông báo 508-TB/TU · Tỉnh ủy Quảng Ninh · 09/02/2022 › "
        "2. Về công tác phòng chống dịch COVID-19 trong dịp Tết Nguyên đán Nhâm Dần…"
    )


def test_gold_documents_chunk_cleanly(gold_documents):
    for doc in gold_documents.values():
        chunks = chunk_document(doc, SIZE, OVERLAP)
        assert_well_formed(doc, chunks)
        if doc.pages:
            assert all(c.page is not None for c in chunks)


@pytest.mark.slow
def test_whole_archive_round_trips(archive_documents):
    n_chunks = 0
    for doc in archive_documents:
        chunks = chunk_document(doc, SIZE, OVERLAP)
        assert_well_formed(doc, chunks)
        if len(doc.text) > SIZE:
            assert all(len(c.text) >= SIZE // 4 for c in chunks), doc.doc_id
        n_chunks += len(chunks)
    assert n_chunks > 10_000
