"""Relations in words, for the command line and the page: "thay thế", "bị thay thế bởi …",
and what the archive says about a document's standing ("còn hiệu lực?")."""

from __future__ import annotations

from index.records import RefLink, Standing

ACTIVE = {
    "vi": {
        "replaces": "thay thế",
        "amends": "sửa đổi, bổ sung",
        "repeals": "bãi bỏ",
        "implements": "hướng dẫn thực hiện",
        "carries_out": "triển khai",
        "cites": "dẫn",
    },
    "en": {
        "replaces": "replaces",
        "amends": "amends",
        "repeals": "repeals",
        "implements": "implements",
        "carries_out": "carries out",
        "cites": "cites",
    },
}
PASSIVE = {
    "vi": {
        "replaces": "bị thay thế bởi",
        "amends": "được sửa đổi, bổ sung bởi",
        "repeals": "bị bãi bỏ bởi",
        "implements": "được hướng dẫn thực hiện bởi",
        "carries_out": "được triển khai bởi",
        "cites": "được dẫn bởi",
    },
    "en": {
        "replaces": "replaced by",
        "amends": "amended by",
        "repeals": "repealed by",
        "implements": "implemented by",
        "carries_out": "carried out by",
        "cites": "cited by",
    },
}
_PARTIAL = {"vi": " (một phần)", "en": " (in part)"}
_NOTHING = {
    "vi": "Không thấy văn bản nào trong kho thay thế hay bãi bỏ văn bản này "
    "(kho không cho biết văn bản còn hiệu lực hay không).",
    "en": "No document in the archive says it replaces or repeals this one "
    "(the archive does not say whether it is still in force).",
}


def link_label(link: RefLink) -> str:
    """'Quyết định số 2950/QĐ-UBND ngày 25/10/2021'."""
    name = " ".join(
        x for x in (link.doc_type, "số" if link.doc_type and link.number else "", link.number) if x
    )
    name = name or link.doc_id or "?"
    return f"{name} ngày {link.date:%d/%m/%Y}" if link.date else name


def verb(link: RefLink, lang: str = "vi", passive: bool = False) -> str:
    """What ``link`` does (or, ``passive``, had done to it): "bãi bỏ (một phần)"."""
    words = (PASSIVE if passive else ACTIVE).get(lang, ACTIVE["vi"])
    text = words.get(link.kind, link.kind)
    return text + (_PARTIAL.get(lang, "") if link.partial else "")


def standing_lines(standing: Standing, lang: str = "vi") -> list[str]:
    """ "Bị thay thế bởi Chỉ thị số 20-CT/TU ngày …" for each statement in the archive, else a line
    that claims nothing."""
    lines = []
    for links in (standing.replaced_by, standing.repealed_by, standing.amended_by):
        for link in links:
            lines.append(f"{verb(link, lang, passive=True).capitalize()} {link_label(link)}")
    if not standing.stated:
        lines.append(_NOTHING.get(lang, _NOTHING["vi"]))
    return lines
