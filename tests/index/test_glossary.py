"""The English→Vietnamese glossary: file format, loader, and lookups on real questions."""

from __future__ import annotations

import pytest

from corpus.vietnamese import nfc
from index.retrieval.glossary import GLOSSARY_FILE, Glossary, default_glossary, tokens, vietnamese_rendering

SMALL = """# a comment
vaccine\tvắc xin | vaccine | tiêm chủng
booster dose\tmũi nhắc lại | mũi 3
provincial party committee\ttỉnh ủy | tỉnh uỷ
party committee\tđảng ủy
target\tmục tiêu
chair\tchủ trì
february\ttháng 2 | tháng 02
"""


def test_parse_and_longest_match_first():
    g = Glossary.parse(SMALL)
    terms = g.terms("Who chaired the Provincial Party Committee meeting on booster doses?")
    assert [t.english for t in terms] == ["chair", "provincial party committee", "booster dose"]
    assert terms[1].forms == ("tỉnh ủy", "tỉnh uỷ")
    assert terms[1].folded == ("tinh uy",)  # the two spellings fold alike
    assert all(t.known for t in terms)


def test_inflections_names_and_numbers():
    g = Glossary.parse(SMALL)
    terms = g.terms("What are the vaccine targets for February 2022 in Dong Nai?")
    assert [(t.english, t.known) for t in terms] == [
        ("vaccine", True),
        ("target", True),  # "targets"
        ("february", True),
        ("2022", False),
        ("dong", False),
        ("nai", False),
    ]
    assert vietnamese_rendering(terms) == "vắc xin mục tiêu tháng 2 2022 Dong Nai"
    # Capitalised English at a sentence start is not taken for a name.
    assert [t.english for t in g.terms("Under which rule?")] == []


def test_bad_line_says_where():
    with pytest.raises(ValueError, match=":2: expected 'english<TAB>forms'"):
        Glossary.parse("ok\tđược\nno tab here\n")


def test_the_shipped_glossary():
    g = default_glossary()
    assert len(g.entries) >= 1500
    assert sum(1 for k in g.entries if " " in k) >= 300  # multi-word entries
    text = GLOSSARY_FILE.read_text(encoding="utf-8")
    assert nfc(text) == text
    # Real questions of the training set's kind find their Vietnamese terms.
    chaired = g.terms("Who chaired the conference on Conclusion 20-KL/TW?")
    assert any("chủ trì" in t.forms for t in chaired)
    vaccine = g.terms("What are the vaccine targets for February 2022?")
    assert any("vắc xin" in t.forms for t in vaccine)
    fee = g.terms("What registration fee applies to cars in Dak Lak?")
    assert any("lệ phí trước bạ" in t.forms for t in fee)


def test_possessives_and_hyphenated_words_find_their_entries():
    g = default_glossary()
    # Training questions say "Hanoi's", "the Ministry's", "Quang Ninh's", "registration-fee".
    terms = g.terms("What did Hanoi's Department of Finance say about the Ministry's registration-fee list?")
    forms = {f for t in terms for f in t.forms}
    assert {"hà nội", "sở tài chính", "bộ"} <= forms
    assert any("lệ phí trước bạ" in f for f in forms)
    assert "quảng ninh" in {f for t in g.terms("Quang Ninh's vaccine targets") for f in t.forms}
    # Entries written with a possessive or a hyphen match questions written either way.
    for question in (
        "Which commune-level People's Committee decides?",
        "Which commune level people committee?",
    ):
        assert any("ủy ban nhân dân cấp xã" in t.forms for t in g.terms(question))
    # Codes keep their hyphen: no stray number term from a document number.
    assert tokens("Conclusion 20-KL/TW, land-use fee") == ["Conclusion", "20-KL", "TW", "land", "use", "fee"]
    # A period named by years is searchable ("giai đoạn 2026-2030"): the training questions
    # say "Dak Lak's 2026-2030 plan", "the late-2025 list".
    assert tokens("Dak Lak's 2026-2030 plan, the late-2025 list") == [
        "Dak",
        "Lak",
        "2026",
        "2030",
        "plan",
        "the",
        "late",
        "2025",
        "list",
    ]
    years = [
        t.english for t in g.terms("Under Dak Lak's 2026-2030 plan, how many subscribers?") if not t.known
    ]
    assert "2026" in years and "2030" in years


def test_a_name_goes_on_through_syllables_that_are_english_words():
    g = Glossary.parse(SMALL + "ai\ttrí tuệ nhân tạo\ncommune\txã\nward\tphường\n")
    # "Ai", "An", "Do" after a kept name are its next syllables, not "AI" or stop words.
    assert vietnamese_rendering(g.terms("How far is Bac Ai commune from Phan Rang ward?")) == (
        "Bac Ai xã Phan Rang phường"
    )
    assert vietnamese_rendering(g.terms("Which units were merged to create Co Do commune?")) == "Co Do xã"
    assert vietnamese_rendering(g.terms("What did Tan An ward decide?")) == "Tan An phường"
    # An acronym typed in capitals, or a word that follows no name, is still looked up.
    assert vietnamese_rendering(g.terms("Which AI tools did Bac Ninh buy?")) == "trí tuệ nhân tạo Bac Ninh"
    assert vietnamese_rendering(g.terms("Does the commune use AI?")) == "xã trí tuệ nhân tạo"
