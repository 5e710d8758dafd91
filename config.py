"""All settings in one place, each with its default and why.

One environment variable, ``CHITHI_DATA``, points at the data folder (index,
embedding cache, built model). Every other setting can be overridden with an
environment variable ``CHITHI_<NAME>`` (upper case) or by passing a ``Settings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

DATA_ENV = "CHITHI_DATA"
PROJECT_ROOT = Path(__file__).resolve().parent
SAMPLE_ARCHIVE = PROJECT_ROOT / "sample_archive"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir("chithi-search", appauthor=False))


def _setting(default: object, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Ranking:
    """Every setting of retrieval and answers: one home, each with why it is what it is
    (the sweeps that chose them are in docs/BENCHMARKS.md). Environment variables
    ``CHITHI_<NAME>`` override them like the other settings."""

    # "learned": candidates ordered by the LightGBM ranker (index/retrieval/ranker.py);
    # "fusion": the hand-set fusion and in-document order it replaced (for comparison).
    ranker: str = _setting("learned", "'learned' (the trained ranker) or 'fusion' (hand-set weights)")
    ranker_file: str = _setting("", "ranker file; empty = index/retrieval/ranker.json as shipped")
    glossary_file: str = _setting(
        "", "English→Vietnamese glossary; empty = index/retrieval/glossary_en_vi.tsv"
    )
    # What the page, the CLI, the API and `python -m index eval` all ask with.
    answer_top: int = _setting(5, "passages cited in an answer")
    answer_candidates: int = _setting(30, "hits ranked before they are grouped into passages")
    candidates: int = _setting(100, "chunks taken from each retriever before fusion")
    # Fusion: weighted reciprocal ranks of the dense and lexical lists.
    rrf_k: int = _setting(60, "reciprocal rank fusion constant")
    dense_weight: float = _setting(1.0, "weight of the dense ranking in fusion")
    lexical_weight: float = _setting(0.5, "weight of the lexical ranking in fusion")
    exact_weight: float = _setting(
        1.0, "lexical bonus (× idf) for a question word found with its exact accents"
    )
    en_lexical_factor: float = _setting(0.0, "lexical weight multiplier for English questions")
    plain_dense_factor: float = _setting(
        1.0, "dense weight multiplier for Vietnamese typed without diacritics"
    )
    # A named document outranks anything fusion can give (its maximum is about 2/61).
    number_boost: float = _setting(1.0, "score added to passages of a document the question names by number")
    citing_boost: float = _setting(0.01, "score added to passages of documents citing a named number")
    date_doc_boost: float = _setting(
        0.02, "documents issued on a date the question names (half for its month)"
    )
    date_text_boost: float = _setting(0.01, "passages mentioning a date or month the question names")
    # English questions sit far from the Vietnamese passages in e5-small's space: their
    # vector is moved toward their nearest passages (English only: for Vietnamese
    # questions the same feedback lost passages).
    en_feedback: float = _setting(
        0.3, "English questions: weight of their nearest passages' mean vector (0 = off)"
    )
    feedback_passages: int = _setting(5, "nearest passages averaged for feedback")
    # Inside the first documents, every passage is scored against the question
    # (index/retrieval/within_document.py).
    focus_documents: int = _setting(3, "top documents whose passages are all re-ranked (0 = off)")
    focus_lexical: float = _setting(0.15, "in-document lexical score (share of the best) added to the cosine")
    # The learned ranker's candidates: every passage retrieved, plus the best passages (by
    # the in-document order) of the first documents.
    pool_documents: int = _setting(5, "first documents whose best passages join the ranker's candidates")
    pool_per_document: int = _setting(30, "passages each of those documents adds")
    max_focus_passages: int = _setting(2000, "documents with more passages keep their fused order")
    # Two passages sharing this share of their 5-word shingles (Jaccard) say the same thing.
    near_duplicate: float = _setting(0.8, "shingle overlap above which a passage repeats a better one")
    shingle_words: int = _setting(5, "words per shingle for the repeat test")
    # Lexical terms: common syllables add little to BM25 but make an OR query read most
    # of the index (shares chosen on 100k passages).
    common_share: float = _setting(0.15, "terms in more of all passages are dropped")
    fallback_share: float = _setting(0.35, "with under 3 rare terms, the rarest 3 kept up to this share")
    always_cheap: int = _setting(1000, "a term in at most this many passages is always kept")
    postings_budget: float = _setting(0.4, "kept terms' passages sum to at most this share of all")
    max_lexical_terms: int = _setting(12, "most terms in one lexical query")
    # Answers
    max_passage_chars: int = _setting(
        2000, "neighbouring hits of a document are cited as one passage up to this length"
    )
    dense_sentence_passages: int = _setting(
        1, "passages whose sentences are embedded to find the answering one"
    )
    # 3 against 6: held-out highlight@1 0.714 → 0.710 on the training questions, archive-dev
    # ask p50/p95 440/699 → 394/553 ms (docs/BENCHMARKS.md).
    dense_sentences: int = _setting(
        3, "most sentences per passage embedded, those the question's words favour (0 = all)"
    )
    sentence_lexical_weight: float = _setting(
        0.05, "question-term overlap added to a sentence's cosine (not English)"
    )
    sentence_keyword_weight: float = _setting(
        0.02, "added × the share of the question's rare words (English: glossary terms) a sentence holds"
    )
    # On the 18 "who"-shaped English training questions highlight@1 0.500 → 0.786 at 0.03, 0.06
    # and 0.1 alike (docs/BENCHMARKS.md); 0.06 is the middle of that plateau.
    sentence_action_weight: float = _setting(
        0.06, "added to a sentence stating the action an English 'who' question asks about"
    )
    answer_type_weight: float = _setting(
        0.02, "added to a sentence holding the kind of answer the question wants (a body, date, amount)"
    )
    highlight_margin: float = _setting(0.02, "a second sentence is highlighted when this close to the best")
    # Below these sentence similarities (per question language) the answer says nothing was found.
    min_answer_vi: float = _setting(0.87, "answer threshold, Vietnamese questions")
    # Unaccented questions are embedded with their accents restored (index.store.accents).
    min_answer_vi_plain: float = _setting(0.89, "answer threshold, unaccented questions")
    min_answer_en: float = _setting(0.81, "answer threshold, English questions")
    min_answer_overlap: float = _setting(0.8, "or: share of question terms in a sentence")


@dataclass(frozen=True)
class Settings:
    """Defaults for every stage. ``help`` metadata says why each one is what it is."""

    data_dir: Path = field(default_factory=default_data_dir, metadata={"help": "index, caches, built model"})
    # Embedding model: "multilingual-e5-small" is built offline from PyPI packages;
    # any sentence-transformers name or local folder also works.
    model: str = field(default="multilingual-e5-small", metadata={"help": "embedding model name or path"})
    query_prompt: str | None = field(default=None, metadata={"help": "override the model's query prefix"})
    passage_prompt: str | None = field(default=None, metadata={"help": "override the model's passage prefix"})
    quantize: str = field(default="none", metadata={"help": "'none' (fp32) or 'int8' dynamic quantisation"})
    batch_size: int = field(default=32, metadata={"help": "passages per embedding batch"})
    sentence_vectors: bool = field(
        default=True,
        metadata={"help": "store every sentence's vector at build time: faster answers, sentence features"},
    )
    threads: int = field(default=0, metadata={"help": "torch threads; 0 = all cores"})
    # Which runtime embeds (docs/BENCHMARKS.md "Embedding backends" chose the default):
    # "torch", or "onnx" / "openvino" (optional packages, requirements-backends.txt).
    backend: str = field(default="torch", metadata={"help": "'torch', 'onnx' or 'openvino'"})
    device: str = field(
        default="auto", metadata={"help": "'auto' (CUDA fp16 when torch sees a GPU), 'cpu', 'cuda'"}
    )
    # Questions are embedded by ONNX Runtime running the same fp32 weights (the same vectors to
    # ~1e-6: tests/embedder/test_query_runtime.py): ~12 ms against torch's ~35 ms for a short
    # question on one core (docs/BENCHMARKS.md). Passages, and so the index, stay on ``backend``.
    query_runtime: str = field(
        default="auto",
        metadata={
            "help": "'auto' (ONNX Runtime for questions when installed and backend is torch fp32 on CPU) or 'torch'"
        },
    )
    # Embed a build's new chunks on a Ray cluster: "" = in this process, "local" = a Ray
    # started here, else a cluster address (ray://host:10001 or host:6379).
    ray: str = field(default="", metadata={"help": "Ray address for embedding builds ('' = no Ray)"})
    # Chunking: ~1,000 characters is ~240 e5 tokens of Vietnamese, well inside 512.
    chunk_size: int = field(default=1000, metadata={"help": "max characters per chunk"})
    chunk_overlap: int = field(default=150, metadata={"help": "characters shared by neighbouring chunks"})
    max_file_mb: int = field(default=50, metadata={"help": "larger files are skipped with a message"})
    hnsw_threshold: int = field(
        default=200_000, metadata={"help": "vectors above which FAISS HNSW replaces exact search"}
    )
    ranking: Ranking = field(default_factory=lambda: Ranking(), metadata={"help": "how answers are ranked"})
    llm_url: str | None = field(
        default=None, metadata={"help": "OpenAI-compatible endpoint for generated answers (off)"}
    )
    llm_model: str = field(default="local", metadata={"help": "model name sent to the LLM endpoint"})

    index_name: str = field(default="index", metadata={"help": "sub-folder of data_dir holding the index"})

    # The REST API (python -m index serve). Loopback by default: other machines reach it through a
    # reverse proxy that adds TLS; listening on another address takes the explicit --host flag.
    api_host: str = field(
        default="127.0.0.1",
        metadata={"help": "address the API listens on; a non-loopback one is only taken from --host"},
    )
    api_port: int = field(default=8000, metadata={"help": "port the API listens on"})
    api_max_json_kb: int = field(
        default=64, metadata={"help": "largest JSON request body in KB (a question is far smaller)"}
    )
    api_max_upload_files: int = field(
        default=20,
        metadata={
            "help": "files in one upload request; each at most max_file_mb, the request bounded by both"
        },
    )
    api_tokens_file: str = field(
        default="api_tokens.json", metadata={"help": "file in data_dir holding the API tokens (hashed)"}
    )

    # Loading limits: a hostile or broken file costs one message, never a stalled build. Files are
    # read in a worker process (corpus/worker.py) that is killed past the time or memory limit.
    max_unpacked_mb: int = field(
        default=200, metadata={"help": "a .docx unpacking to more (images included) is skipped: a zip bomb"}
    )
    max_xml_mb: int = field(
        default=12,
        metadata={
            "help": "a .docx whose Word XML unpacks to more is skipped (40 MB of XML took 49 s, 1.8 GB)"
        },
    )
    max_pdf_pages: int = field(default=2000, metadata={"help": "a PDF with more pages is skipped"})
    max_load_seconds: int = field(
        default=60, metadata={"help": "a file taking longer to read is skipped (its worker is stopped)"}
    )
    max_load_memory_mb: int = field(
        default=2048, metadata={"help": "memory the file-reading worker may use; past it the file is skipped"}
    )

    # OCR of scans (corpus/ocr.py): PDFs without a text layer, pages whose layer is empty or
    # garbage, and image files, read by Tesseract's Vietnamese model. Numbers: docs/BENCHMARKS.md "OCR".
    ocr: bool = field(
        default=True, metadata={"help": "read scans with Tesseract OCR (off: scans are skipped)"}
    )
    ocr_lang: str = field(default="vie", metadata={"help": "Tesseract model(s), e.g. 'vie' or 'vie+eng'"})
    ocr_dpi: int = field(
        default=300,
        metadata={"help": "resolution PDF pages are rendered at for OCR (300: CER 0.9 %, 150: worse)"},
    )
    ocr_grey: str = field(
        default="red",
        metadata={"help": "'red': OCR reads a colour scan's red channel (a red stamp fades); 'luminance'"},
    )
    max_ocr_pages: int = field(
        default=100, metadata={"help": "a scan with more pages to OCR is skipped (about 10-20 s a page)"}
    )
    ocr_page_seconds: int = field(
        default=120,
        metadata={"help": "a page whose OCR takes longer is left empty (its Tesseract is stopped)"},
    )
    max_ocr_seconds: int = field(
        default=1800,
        metadata={"help": "OCR of one file stops past this (pages read so far are cached; a build goes on)"},
    )

    # Sign-in and roles (page; the REST API's tokens carry the same roles). See README "Sign-in".
    auth_mode: str = field(
        default="local",
        metadata={
            "help": "'local': accounts with argon2-hashed passwords (python -m index users); 'proxy': the "
            "user name comes from proxy_user_header, trusted only from trusted_proxies"
        },
    )
    proxy_user_header: str = field(
        default="X-Remote-User", metadata={"help": "proxy mode: header holding the signed-in user's name"}
    )
    trusted_proxies: str = field(
        default="127.0.0.1,::1",
        metadata={"help": "proxy mode: comma-separated addresses whose user header is believed"},
    )
    proxy_default_role: str = field(
        default="",
        metadata={
            "help": "proxy mode: role of a user without a local account ('' = refused until an admin "
            "adds them with `python -m index users add NAME --role ROLE --no-password`)"
        },
    )
    min_password_chars: int = field(default=10, metadata={"help": "shortest password an account may have"})
    lockout_failures: int = field(
        default=20,
        metadata={"help": "wrong passwords in a row that lock an account until an admin unlocks it"},
    )
    session_idle_minutes: int = field(
        default=30, metadata={"help": "a page session without activity for this long must sign in again"}
    )
    session_max_hours: int = field(
        default=12, metadata={"help": "a page session older than this must sign in again"}
    )
    accounts_file: str = field(
        default="accounts.sqlite", metadata={"help": "file in data_dir holding accounts (argon2 hashes)"}
    )
    audit_file: str = field(
        default="audit.sqlite", metadata={"help": "file in data_dir holding the append-only audit log"}
    )
    audit_questions: bool = field(
        default=False, metadata={"help": "also record every question asked (who and what) in the audit log"}
    )

    @property
    def accounts_path(self) -> Path:
        return self.data_dir / self.accounts_file

    @property
    def audit_path(self) -> Path:
        return self.data_dir / self.audit_file

    @property
    def torch_threads(self) -> int:
        """The threads ``threads`` means: 0 is every core."""
        return self.threads or os.cpu_count() or 1

    @property
    def index_dir(self) -> Path:
        return self.data_dir / self.index_name

    @property
    def ranker_path(self) -> Path | None:
        """The learned ranker's file; None when ranking by hand-set fusion."""
        if self.ranking.ranker != "learned":
            return None
        if self.ranking.ranker_file:
            return Path(self.ranking.ranker_file).expanduser()
        return PROJECT_ROOT / "index" / "retrieval" / "ranker.json"

    @property
    def tokens_path(self) -> Path:
        return self.data_dir / self.api_tokens_file

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "embedding_cache.sqlite"

    @property
    def ocr_cache_path(self) -> Path:
        return self.data_dir / "ocr_cache.sqlite"

    def with_(self, **changes: object) -> Settings:
        """A copy with ``changes``; names of ``Ranking`` settings change the ranking."""
        ranking_names = {f.name for f in fields(Ranking)}
        tuned = {k: changes.pop(k) for k in list(changes) if k in ranking_names}
        if tuned:
            changes["ranking"] = replace(changes.get("ranking", self.ranking), **tuned)  # type: ignore[arg-type]
        return replace(self, **changes)


def _coerce(value: str, current: object) -> object:
    if isinstance(current, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, Path):
        return Path(value).expanduser()
    return value


def _from_env(obj: Any, skip: set[str]) -> dict[str, object]:
    changes: dict[str, object] = {}
    for f in fields(obj):
        raw = os.environ.get(f"CHITHI_{f.name.upper()}")
        if f.name not in skip and raw is not None:
            changes[f.name] = _coerce(raw, getattr(obj, f.name))
    return changes


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, then ``CHITHI_<NAME>`` environment variables (ranking ones
    included), then ``overrides`` (a ranking setting by its name, or ``ranking=``)."""
    base = Settings()
    ranking = replace(base.ranking, **_from_env(base.ranking, set()))
    settings = replace(base, ranking=ranking, **_from_env(base, {"data_dir", "ranking"}))
    clean = {k: v for k, v in overrides.items() if v is not None}
    if "data_dir" in clean:
        clean["data_dir"] = Path(clean["data_dir"]).expanduser().resolve()  # type: ignore[arg-type]
    return settings.with_(**clean)
