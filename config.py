"""All settings in one place, each with its default and why.

One environment variable, ``CHITHI_DATA``, points at the data folder (index,
embedding cache, built model). Every other setting can be overridden with an
environment variable ``CHITHI_<NAME>`` (upper case) or by passing a ``Settings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_data_dir

DATA_ENV = "CHITHI_DATA"
PROJECT_ROOT = Path(__file__).resolve().parent
SAMPLE_ARCHIVE = PROJECT_ROOT / "sample_archive"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir("chithi-search", appauthor=False))


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
    threads: int = field(default=0, metadata={"help": "torch threads; 0 = all cores"})
    # Chunking: ~1,000 characters is ~240 e5 tokens of Vietnamese, well inside 512.
    chunk_size: int = field(default=1000, metadata={"help": "max characters per chunk"})
    chunk_overlap: int = field(default=150, metadata={"help": "characters shared by neighbouring chunks"})
    max_file_mb: int = field(default=50, metadata={"help": "larger files are skipped with a message"})
    # Retrieval
    rrf_k: int = field(default=60, metadata={"help": "reciprocal rank fusion constant"})
    dense_weight: float = field(default=1.0, metadata={"help": "weight of the dense ranking in fusion"})
    lexical_weight: float = field(default=0.5, metadata={"help": "weight of the lexical ranking in fusion"})
    exact_weight: float = field(
        default=1.0,
        metadata={"help": "lexical bonus (× idf) for a question word found with its exact accents"},
    )
    en_lexical_factor: float = field(
        default=0.0, metadata={"help": "lexical weight multiplier for English questions"}
    )
    plain_dense_factor: float = field(
        default=1.0, metadata={"help": "dense weight multiplier for Vietnamese typed without diacritics"}
    )
    # English questions sit far from the Vietnamese passages in e5-small's space: their
    # vector is moved toward their nearest passages (archive-dev English passage@1 0.36 →
    # 0.55; for Vietnamese questions the same feedback lost passages, so it is English only).
    en_feedback: float = field(
        default=0.3,
        metadata={"help": "English questions: weight of their nearest passages' mean vector (0 = off)"},
    )
    feedback_passages: int = field(default=5, metadata={"help": "nearest passages averaged for feedback"})
    # Inside the first documents, every passage is scored against the question (index/
    # within_document.py): archive-dev passage@1 0.812 → 0.906, passage@5 0.922 → 0.953
    # (lexical weight 0.1–0.2 the same; docs/BENCHMARKS.md).
    focus_documents: int = field(
        default=3, metadata={"help": "top documents whose passages are all re-ranked (0 = off)"}
    )
    focus_lexical: float = field(
        default=0.15,
        metadata={"help": "in-document lexical score (share of the best) added to the cosine"},
    )
    candidates: int = field(default=100, metadata={"help": "chunks taken from each retriever before fusion"})
    hnsw_threshold: int = field(
        default=200_000, metadata={"help": "vectors above which FAISS HNSW replaces exact search"}
    )
    max_passage_chars: int = field(
        default=2000,
        metadata={"help": "neighbouring hits of a document are cited as one passage up to this length"},
    )
    # Below these sentence similarities (per question language) the answer says nothing was found.
    min_answer_vi: float = field(default=0.87, metadata={"help": "answer threshold, Vietnamese questions"})
    # Unaccented questions are embedded with their accents restored (index.accents): the
    # answerable ones in archive-dev score ≥ 0.916, unanswerable ones 0.84–0.92.
    min_answer_vi_plain: float = field(
        default=0.89, metadata={"help": "answer threshold, unaccented questions"}
    )
    min_answer_en: float = field(default=0.81, metadata={"help": "answer threshold, English questions"})
    min_answer_overlap: float = field(
        default=0.8, metadata={"help": "or: share of question terms in a sentence"}
    )
    llm_url: str | None = field(
        default=None, metadata={"help": "OpenAI-compatible endpoint for generated answers (off)"}
    )
    llm_model: str = field(default="local", metadata={"help": "model name sent to the LLM endpoint"})

    index_name: str = field(default="index", metadata={"help": "sub-folder of data_dir holding the index"})

    @property
    def index_dir(self) -> Path:
        return self.data_dir / self.index_name

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "embedding_cache.sqlite"

    def with_(self, **changes: object) -> Settings:
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


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, then ``CHITHI_<NAME>`` environment variables, then ``overrides``."""
    base = Settings()
    env_changes: dict[str, object] = {}
    for f in fields(Settings):
        if f.name == "data_dir":
            continue
        raw = os.environ.get(f"CHITHI_{f.name.upper()}")
        if raw is not None:
            env_changes[f.name] = _coerce(raw, getattr(base, f.name))
    settings = replace(base, **env_changes)
    clean = {k: v for k, v in overrides.items() if v is not None}
    if "data_dir" in clean:
        clean["data_dir"] = Path(clean["data_dir"]).expanduser().resolve()  # type: ignore[arg-type]
    return replace(settings, **clean)
