"""Typed records that leave index/: what a search or an answer returns, and their one JSON
form (``to_plain`` / ``from_plain``) shared by ``--json`` on the command line and the REST API."""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from pathlib import PurePath


@dataclass(frozen=True)
class DocInfo:
    """A stored document's identity and metadata (no text)."""

    doc_id: str
    doc_type: str | None
    number: str | None  # display form, e.g. "508-TB/TU"
    number_key: str | None
    issuer: str | None
    issue_date: date | None
    title: str | None
    place: str | None = None
    signer: str | None = None
    fmt: str = ""
    duplicate_of: str | None = None
    ocr_confidence: float | None = None  # a scan read by OCR (mean word confidence 0-100)

    @property
    def scanned(self) -> bool:
        """Its text was recognised by OCR: a reviewer checks figures against the page image."""
        return self.ocr_confidence is not None

    @property
    def label(self) -> str:
        """'Thông báo số 508-TB/TU' or the best available name."""
        if self.doc_type and self.number:
            return f"{self.doc_type} số {self.number}"
        if self.number:
            return f"Số {self.number}"
        if self.doc_type and self.title:
            return f"{self.doc_type}: {self.title[:80]}"
        return self.title[:80] if self.title else self.doc_id


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    doc: DocInfo
    ordinal: int
    text: str
    start: int  # offsets into the document's cleaned text
    end: int
    section: str
    page: int | None
    heading: str
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class RefLink:
    """A document another one cites (or is cited by); ``doc_id`` is set when it is in the archive."""

    doc_type: str | None
    number: str | None
    date: date | None
    doc_id: str | None
    title: str | None = None
    # What the citing document does to the cited one (corpus/relations.py KINDS), whether only to
    # a part of it, and the sentence of the citing document that says so (typed relations only).
    kind: str = "cites"
    partial: bool = False
    evidence: str | None = None


@dataclass(frozen=True)
class Standing:
    """ "Còn hiệu lực?" as far as the archive says: documents in it that state they replace, repeal
    or amend this one. Empty means no document in the archive says so, never that it is in force."""

    replaced_by: tuple[RefLink, ...] = ()
    repealed_by: tuple[RefLink, ...] = ()
    amended_by: tuple[RefLink, ...] = ()

    @property
    def stated(self) -> bool:
        return bool(self.replaced_by or self.repealed_by)


@dataclass(frozen=True)
class Filters:
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    number: str | None = None  # any spacing/case; matched by canonical key

    def is_empty(self) -> bool:
        return not (self.doc_types or self.issuers or self.date_from or self.date_to or self.number)


@dataclass(frozen=True)
class DocumentView:
    doc: DocInfo
    text: str
    path: str  # original file path at build time
    cites: tuple[RefLink, ...] = ()
    cited_by: tuple[RefLink, ...] = ()
    pages: tuple[tuple[int, int, int], ...] = ()
    standing: Standing = field(default_factory=Standing)


@dataclass(frozen=True)
class TimelineEdge:
    """A typed relation between two documents of a timeline: ``source`` says it ``kind`` ``target``."""

    source: str  # doc_id
    target: str
    kind: str
    partial: bool
    evidence: str


@dataclass(frozen=True)
class TimelineEntry:
    doc: DocInfo
    sentences: tuple[str, ...]  # the one or two sentences of the document most about the subject
    chunk_start: int  # where the best passage starts in the document (for a link to it)
    score: float
    targets: tuple[TargetRow, ...] = ()  # targets and deadlines its passages on the subject state


@dataclass(frozen=True)
class Timeline:
    """The documents on a subject in issue-date order (undated ones last), and the typed relations
    among them."""

    subject: str
    entries: tuple[TimelineEntry, ...] = ()
    edges: tuple[TimelineEdge, ...] = ()
    undated: int = 0  # how many entries at the end have no issue date


@dataclass(frozen=True)
class IndexStats:
    documents: int
    chunks: int
    duplicates: int
    skipped: int
    model: str
    built_at: str | None
    archive: str | None
    by_type: dict[str, int] = field(default_factory=dict)
    by_issuer: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    n: int  # [1], [2] …
    doc: DocInfo
    passage: str
    start: int  # passage offsets in the document's cleaned text
    end: int
    section: str
    page: int | None
    highlights: tuple[tuple[int, int], ...]  # answering sentences, offsets inside ``passage``
    score: float
    cites: tuple[RefLink, ...] = ()
    cited_by: tuple[RefLink, ...] = ()

    @property
    def label(self) -> str:
        return self.doc.label

    @property
    def where(self) -> str:
        """'mục 2 › 4, trang 3' — section path and page, when known."""
        parts = []
        if self.section:
            parts.append(f"mục {self.section}")
        if self.page:
            parts.append(f"trang {self.page}")
        return ", ".join(parts)

    @property
    def highlighted_text(self) -> list[tuple[str, bool]]:
        """The passage as (text, is_answer) runs, for rendering."""
        runs, pos = [], 0
        for s, e in self.highlights:
            if s > pos:
                runs.append((self.passage[pos:s], False))
            runs.append((self.passage[s:e], True))
            pos = e
        if pos < len(self.passage):
            runs.append((self.passage[pos:], False))
        return runs


@dataclass(frozen=True)
class TargetRow:
    """A target or deadline stated in a cited passage (``corpus.targets``, extracted at build time):
    what is to be done, for whom, how much, by when, set by which document."""

    measure: str  # "tiêm mũi 3 (mũi nhắc lại)"
    population: str  # "người từ 18 tuổi trở lên đã tiêm mũi 2 đủ 3 tháng"
    value: float | None  # 90.0; None for a deadline alone
    unit: str  # "%", "tỷ đồng", ""
    comparator: str  # "≥", ">", "≤", "<", "≈", "="
    value_text: str  # as written: "ít nhất 90%"
    deadline: str  # "trước ngày 28/02/2022"
    due: date | None  # the deadline's last day, when it names one
    responsible: str  # "Sở Y tế", when the passage says who
    sentence: str  # the clause stating it
    doc: DocInfo
    section: str  # of the chunk holding it: "2 › 4."
    chunk_id: int
    start: int  # the clause's offsets in the document's cleaned text
    end: int
    citation: int | None = None  # [n] of the answer's citation holding it

    @property
    def display_value(self) -> str:
        """ "≥ 90 %", "51.000 tỷ đồng", "" for a deadline alone."""
        if self.value is None:
            return ""
        whole = self.value == int(self.value)
        number = f"{int(self.value):,}".replace(",", ".") if whole else f"{self.value:g}".replace(".", ",")
        sign = "" if self.comparator == "=" else f"{self.comparator} "
        return f"{sign}{number} {self.unit}".strip()


@dataclass(frozen=True)
class Answer:
    question: str
    found: bool
    message: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    elapsed_ms: float = 0.0
    generated: str | None = None
    language: str = "vi"
    notes: dict = field(default_factory=dict)
    targets: tuple[TargetRow, ...] = ()  # when the question asks for targets, deadlines, amounts


def to_plain(obj: object) -> object:
    """``obj`` as JSON-ready values, the way ``dataclasses.asdict`` lays a record out: a record
    becomes a dict of its fields (properties are not fields), tuples become lists, dates ISO
    strings, numpy scalars Python numbers, and a NaN or infinite score ``None``."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_plain(v) for v in obj]
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if isinstance(obj, PurePath):
        return str(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return to_plain(obj.item())
    raise TypeError(f"{type(obj).__name__} has no JSON form")


T = typing.TypeVar("T")


def from_plain(cls: type[T], data: dict) -> T:
    """The record ``cls`` back from its ``to_plain`` form (what a client of the API reads)."""
    hints = typing.get_type_hints(cls)
    values = {f.name: _typed(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data}  # type: ignore[arg-type]
    return cls(**values)


def _typed(tp: object, value: object) -> object:
    if value is None:
        return None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _typed(next(a for a in args if a is not type(None)), value)
    if isinstance(tp, type) and is_dataclass(tp):
        return from_plain(tp, value)  # type: ignore[arg-type]
    if tp is date:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(args[0], v) for v in value)  # type: ignore[union-attr]
        return tuple(_typed(a, v) for a, v in zip(args, value))  # type: ignore[call-overload]
    if origin is list:
        return [_typed(args[0], v) for v in value]  # type: ignore[union-attr]
    return value
