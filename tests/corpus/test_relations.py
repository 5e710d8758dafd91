"""Typed relations read from real directive sentences (corpus/relations.py), and the hand-checked
set of 75 sentences of ../shared/corpus they are measured on (tests/data/relations_checked.jsonl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SAMPLE_ARCHIVE
from corpus.loader import load_document
from corpus.numbers import number_key, parse_doc_number
from corpus.references import find_mentions, find_references
from corpus.relations import KINDS, find_relations
from corpus.relations_check import CHECKED, load_checked, score


def kinds(text: str, own: str | None = None) -> dict[str, tuple[str, bool]]:
    rels = find_relations(text, parse_doc_number(own) if own else None)
    return {r.number_key: (r.kind, r.partial) for r in rels}


def key(number: str) -> str:
    return number_key(number)


def test_this_document_replaces() -> None:
    # Real sentences: 110/2025/TT-BTC, the sample's 2950/QĐ-UBND, 2853/QĐ-UBND (an article that opens with the verb).
    assert kinds(
        "Thông tư này thay thế Thông tư số 01/2021/TT-BTC ngày 07 tháng 01 năm 2021 của Bộ trưởng Bộ Tài chính "
        "quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí thẩm định cấp giấy phép kinh doanh karaoke."
    ) == {key("01/2021/TT-BTC"): ("replaces", False)}
    assert kinds(
        "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 512/QĐ-UBND ngày 03 tháng 02 "
        "năm 2020 của Chủ tịch Ủy ban nhân dân tỉnh."
    ) == {key("512/QĐ-UBND"): ("replaces", False)}
    assert kinds(
        "Thay thế Quyết định số 3089/QĐ-UBND ngày 24 tháng 8 năm 2021 của Ủy ban nhân dân Thành phố Hồ Chí Minh "
        "về ban hành Kế hoạch triển khai thực hiện Đề án."
    )[key("3089/QĐ-UBND")] == ("replaces", False)
    # A list: "thay thế các Hướng dẫn số 16-HD/BTCTW ..., Hướng dẫn số 21-HD/BTCTW ..." (45-HD/BTCTW).
    both = kinds(
        "Hướng dẫn này, các phụ lục 1, 2A, 2B, 3A, 3B kèm theo có hiệu lực từ ngày ký và thay thế các Hướng dẫn "
        "số 16-HD/BTCTW ngày 15/02/2022, Hướng dẫn số 21-HD/BTCTW ngày 20/9/2022 của Ban Tổ chức Trung ương."
    )
    assert both == {key("16-HD/BTCTW"): ("replaces", False), key("21-HD/BTCTW"): ("replaces", False)}


def test_replacing_that_is_not_this_documents_act() -> None:
    # A proposal (Tờ trình), a task, another document as the subject, a phrase replaced in a text.
    assert set(
        kinds(
            "Xét Tờ trình số 382/TTr-UBND ngày 12 tháng 11 năm 2025 của Ủy ban nhân dân Thành phố đề nghị ban "
            "hành Nghị quyết thay thế Nghị quyết số 32/2024/NQ-HĐND ngày 19 tháng 11 năm 2024 của Hội đồng nhân dân."
        ).values()
    ) == {("cites", False)}
    assert kinds(
        "tham mưu UBND tỉnh sửa đổi, bổ sung hoặc thay thế Quyết định số 15/2021/QĐ-UBND ngày 08/7/2021 của "
        "UBND tỉnh Nghệ An về ban hành quy chế bảo vệ bí mật nhà nước trên địa bàn tỉnh Nghệ An;"
    ) == {key("15/2021/QĐ-UBND"): ("cites", False)}
    assert kinds(
        "- Thông tư số 104/2024/TT-BQP ngày 27/11/2024 của Bộ trưởng Bộ Quốc phòng thay thế, bãi bỏ một số quy "
        "định, mẫu biếu tại các Thông tư liên tịch của Bộ Quốc phòng."
    ) == {key("104/2024/TT-BQP"): ("cites", False)}
    phrase = kinds(
        "Thay thế: cụm từ “Quyết định số 1719/QĐ-TTg” bằng cụm từ “Quyết định số 920/QĐ-TTg” tại khoản 1 Điều 15;"
    )
    assert set(phrase.values()) == {("cites", False)}


def test_a_third_documents_amendment_is_a_citation() -> None:
    # "Nghị định số 07/2023 ... sửa đổi, bổ sung ... Nghị định số 98/2021": neither is this document's act.
    found = kinds(
        "- Nghị định số 07/2023/NĐ-CP ngày 03/3/2023 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định "
        "số 98/2021/NĐ-CP ngày 08/11/2021 của Chính phủ về quản lý thiết bị y tế;"
    )
    assert set(found.values()) == {("cites", False)}
    basis = kinds(
        "Căn cứ Luật Giao thông đường thủy nội địa ngày 15 tháng 6 năm 2004 được sửa đổi, bổ sung bởi Luật số "
        "48/2014/QH13 ngày 17 tháng 6 năm 2014;"
    )
    assert set(basis.values()) == {("cites", False)}


def test_amends_and_partial_repeal() -> None:
    assert kinds(
        "Sửa đổi, bổ sung một số điều của Quy định đơn giá bồi thường thiệt hại về cây trồng, vật nuôi khi Nhà "
        "nước thu hồi đất trên địa bàn tỉnh Cao Bằng ban hành kèm theo Quyết định số 52/2024/QĐ-UBND ngày 30 "
        "tháng 10 năm 2024 của Uỷ ban nhân dân tỉnh Cao Bằng"
    ) == {key("52/2024/QĐ-UBND"): ("amends", True)}
    assert kinds("Bãi bỏ điểm b khoản 1 Điều 2 Thông tư số 04/2022/TT-BTP.") == {
        key("04/2022/TT-BTP"): ("repeals", True)
    }
    whole = kinds(
        "Bãi bỏ toàn bộ Quyết định số 35/2015/QĐ-UBND ngày 17/12/2015 của UBND tỉnh Quảng Trị (cũ) về việc ban "
        "hành Quy định chế độ nhuận bút, thù lao đối với tác phẩm báo chí trên địa bàn tỉnh Quảng Trị (cũ)."
    )
    assert whole == {key("35/2015/QĐ-UBND"): ("repeals", False)}
    # 303/2025/NĐ-CP: the first is repealed in part; the two it names are the repealed decree's business.
    chain = kinds(
        "Bãi bỏ Điều 1 Nghị định số 83/2024/NĐ-CP ngày 10 tháng 7 năm 2024 của Chính phủ sửa đổi, bổ sung một "
        "số điều của Nghị định số 123/2016/NĐ-CP ngày 01 tháng 9 năm 2016 của Chính phủ quy định chức năng, "
        "nhiệm vụ đã được sửa đổi, bổ sung một số điều theo Nghị định số 101/2020/NĐ-CP ngày 28 tháng 8 năm 2020;"
    )
    assert chain == {
        key("83/2024/NĐ-CP"): ("repeals", True),
        key("123/2016/NĐ-CP"): ("cites", False),
        key("101/2020/NĐ-CP"): ("cites", False),
    }


def test_no_longer_in_force_statements() -> None:
    assert kinds(
        "Quyết định số 11/2022/QĐ-UBND ngày 03 tháng 6 năm 2022 của Ủy ban nhân dân tỉnh Thái Nguyên ban hành "
        "Quy định về quản lý, đảm bảo an toàn lưới điện cao áp trên địa bàn tỉnh Thái Nguyên hết hiệu lực kể "
        "từ ngày Quyết định này có hiệu lực thi hành."
    ) == {key("11/2022/QĐ-UBND"): ("repeals", False)}
    assert kinds(
        "Điều 9 Thông tư số 16/2017/TT-BGDĐT ngày 12 tháng 7 năm 2017 của Bộ trưởng Bộ Giáo dục và Đào tạo hết "
        "hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành."
    ) == {key("16/2017/TT-BGDĐT"): ("repeals", True)}
    # "Nghị quyết này hết hiệu lực": this document's own term, nothing said of the one named before.
    assert kinds(
        "Căn cứ Nghị quyết số 128/NQ-CP ngày 11/10/2021, Nghị quyết này hết hiệu lực khi dịch được kiểm soát."
    ) == {key("128/NQ-CP"): ("cites", False)}


def test_carries_out_and_implements() -> None:
    assert kinds(
        "Thực hiện Quyết định số 7619/QĐ-BCA ngày 08 tháng 9 năm 2025 của Bộ Công an phê duyệt Chương trình "
        "mục tiêu quốc gia phòng, chống ma túy đến năm 2030, Ủy ban nhân dân thành phố ban hành Kế hoạch triển "
        "khai thực hiện với các nội dung như sau:"
    ) == {key("7619/QĐ-BCA"): ("carries_out", False)}
    four = kinds(
        "Các cấp ủy, chính quyền các cấp tiếp tục triển khai thực hiện nghiêm túc, có hiệu quả Kết luận số "
        "25-KL/TW ngày 30/12/2021 của Bộ Chính trị, Nghị quyết số 128/NQ-CP ngày 11/10/2021, Chỉ thị số "
        "18-CT/TU ngày 18/10/2021 của Ban Thường vụ Tỉnh ủy về công tác phòng, chống dịch COVID-19.",
        "508-TB/TU",
    )
    assert set(four.values()) == {("carries_out", False)} and len(four) == 3
    assert kinds("Thông tư này hướng dẫn thực hiện Nghị định số 24/2018/NĐ-CP.") == {
        key("24/2018/NĐ-CP"): ("implements", False)
    }
    # "chương trình" is a programme, not "trình" (submit a proposal): Quảng Ninh bulletin on Kết luận 20.
    assert kinds(
        "Theo đó, chỉ đạo việc tổ chức học tập, quán triệt, tuyên truyền, xây dựng chương trình, kế hoạch triển "
        "khai thực hiện Kết luận số 20-KL/TW tại các đảng bộ địa phương, đơn vị;"
    ) == {key("20-KL/TW"): ("carries_out", False)}
    # Another ministry "hướng dẫn thực hiện": not this document's.
    assert kinds(
        "Thông tư liên tịch số 01/2012/TTLT-BQP-BLĐTBXH-BTC ngày 05/01/2012 của Bộ Quốc phòng hướng dẫn thực "
        "hiện Quyết định số 62/2011/QĐ-TTg của Thủ tướng Chính phủ;"
    )[key("62/2011/QĐ-TTg")] == ("cites", False)


def test_a_list_under_its_heading() -> None:
    text = (
        "Điều 2. Bãi bỏ các văn bản sau:\n"
        "a) Quyết định số 10/2016/QĐ-UBND ngày 21/3/2016 của Ủy ban nhân dân tỉnh;\n"
        "b) Quyết định số 14/2022/QĐ-UBND ngày 15/6/2022 của Ủy ban nhân dân tỉnh.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký."
    )
    assert kinds(text) == {
        key("10/2016/QĐ-UBND"): ("repeals", False),
        key("14/2022/QĐ-UBND"): ("repeals", False),
    }


def test_whole_document_strongest_statement_and_evidence() -> None:
    doc = load_document(SAMPLE_ARCHIVE / "2021-10-25-quyet-dinh-2950-QD-UBND-ban-chi-dao.md", SAMPLE_ARCHIVE)
    rels = {r.number_key: r for r in find_relations(doc.text, doc.meta.number)}
    refs = find_references(doc.text, doc.meta.number)
    assert set(rels) == {r.number.key for r in refs}  # one relation per reference, none for itself
    replaced = rels[key("512/QĐ-UBND")]
    assert replaced.kind == "replaces" and "thay thế Quyết định số 512/QĐ-UBND" in replaced.evidence
    assert doc.text[replaced.start : replaced.end] == replaced.evidence
    assert rels[key("18-CT/TU")].kind == "carries_out"
    assert rels[key("128/NQ-CP")].kind == "cites"  # "Căn cứ Nghị quyết số 128/NQ-CP ..."
    assert all(r.kind in KINDS for r in rels.values())
    # Every mention is kept (the references fold repeats into one).
    assert len(find_mentions(doc.text, doc.meta.number)) >= len(refs)


def test_checked_set_rows_are_real_sentences_of_the_archive(shared_dir: Path) -> None:
    rows = load_checked()
    assert len(rows) >= 30 and {r["split"] for r in rows} == {"dev", "held-out"}
    typed = [e for r in rows for e in r["edges"] if e["kind"] != "cites"]
    assert {e["kind"] for e in typed} >= {"replaces", "amends", "repeals", "carries_out"}
    corpus = shared_dir / "corpus"
    loaded = {}
    for row in rows:
        if row["file"] not in loaded:
            loaded[row["file"]] = load_document(corpus / row["file"], corpus)
        doc = loaded[row["file"]]
        assert doc.text[row["start"] : row["end"]] == row["sentence"], row["id"]
        assert (doc.meta.number.display if doc.meta.number else None) == row["own_number"]


@pytest.mark.parametrize("split", ["dev", "held-out"])
def test_checked_set_precision_and_recall(split: str) -> None:
    s = score(load_checked(CHECKED), split)
    assert s.expected >= 10
    assert s.precision >= 0.9 and s.recall >= 0.9, s.misses
