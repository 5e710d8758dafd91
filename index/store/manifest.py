"""What an index was built with; an index built otherwise is refused with the fix."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from index.errors import IndexMismatch

# 2: one folded FTS column and a term_df table (was: exact + folded columns).
FORMAT_VERSION = 2


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    model_fingerprint: str
    dim: int
    chunk_size: int
    chunk_overlap: int
    built_at: str
    archive: str
    documents: int
    chunks: int
    vector_index: str  # "flat" or "hnsw"
    ranker: str = ""  # fingerprint of the learned ranker the index was built for ("" = fusion)
    # What computed the vectors: "backend/device/precision", e.g. "torch/cpu/fp32" (the
    # fingerprint holds it too, so vectors of two backends are never mixed); "" = older index.
    embedding: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @staticmethod
    def from_json(text: str) -> Manifest:
        return Manifest(**json.loads(text))


def check_compatible(m: Manifest, fingerprint: str, *, archive_hint: str = "ARCHIVE_DIR") -> None:
    fix = f"rebuild it: python -m index build {m.archive or archive_hint} --rebuild"
    if m.format_version != FORMAT_VERSION:
        raise IndexMismatch(
            f"The index has format {m.format_version}, this version reads {FORMAT_VERSION}: {fix}"
        )
    if m.model_fingerprint != fingerprint:
        # Name what differs (weights, backend/precision, prompts), not a shared prefix.
        built, now = m.model_fingerprint.split("|"), fingerprint.split("|")
        diff = [(a, b) for a, b in zip(built, now) if a != b] or [(m.model_fingerprint, fingerprint)]
        raise IndexMismatch(
            f"The index was built with model {m.model} ({diff[0][0]}), but the configured embedder is "
            f"{diff[0][1]}: {fix}, or configure the model it was built with"
            + (f" (embedding {m.embedding})." if m.embedding else ".")
        )


def ranker_fingerprint(path: Path | None) -> str:
    """A hash of the ranker file (``Settings.ranker_path``); "" when ranking by fusion or
    when the file is missing (searching then says how to get one)."""
    if path is None or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def check_ranker(m: Manifest, fingerprint: str) -> None:
    """An index records the ranker it was built for: features may depend on what a build
    stores, so an index built for another ranker is refused until a build records this
    one (no re-embedding, seconds)."""
    if fingerprint and m.ranker != fingerprint:
        raise IndexMismatch(
            f"The index was built for ranker {m.ranker or '(none)'}, the configured ranker is {fingerprint}: "
            f"update it with python -m index build {m.archive or 'ARCHIVE_DIR'} (nothing is re-embedded)."
        )


def write_file(m: Manifest, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(m.to_json(), encoding="utf-8")
    tmp.replace(path)
