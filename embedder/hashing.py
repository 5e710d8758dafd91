"""A tiny deterministic stand-in embedder for plumbing tests: no model, no torch.

It hashes diacritic-folded word unigrams and bigrams into ``dim`` buckets, so texts that
share words get similar vectors. That is enough to test that an index stores, caches and
returns the right rows; it says nothing about search quality.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Sequence

import numpy as np

from embedder.base import Kind, check_kind

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
log = logging.getLogger(__name__)


def _fold(text: str) -> str:
    # Same folding as corpus.vietnamese.fold, repeated here so the fake has no dependencies.
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def _bucket(feature: str, dim: int) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dim, 1.0 if (value >> 63) & 1 else -1.0


class HashingEmbedder:
    """Same interface as the real embedder; for fast unit tests of the plumbing ONLY."""

    max_tokens = 512

    def __init__(self, dim: int = 64) -> None:
        if dim < 2:
            raise ValueError("dim must be at least 2")
        self.dim = dim
        self.name = f"hashing-{dim}"
        self.fingerprint = f"hashing-{dim}"
        self._truncated = 0

    @property
    def truncated(self) -> int:
        return self._truncated

    def _words(self, text: str) -> list[str]:
        return "".join(ch if ch.isalnum() else " " for ch in _fold(text)).split()

    def count_tokens(self, texts: Sequence[str], kind: Kind = "passage") -> list[int]:
        check_kind(kind)
        return [len(self._words(t)) + 2 for t in texts]  # +2 like <s> … </s>

    def embed(self, texts: Sequence[str], kind: Kind, show_progress: bool = False) -> np.ndarray:
        check_kind(kind)  # queries and passages share one space here: no prompts
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = self._words(text)
            if len(words) + 2 > self.max_tokens:
                self._truncated += 1
                log.warning("a %s of %d words was cut to %d tokens", kind, len(words), self.max_tokens)
                words = words[: self.max_tokens - 2]
            for feature in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
                index, sign = _bucket(feature, self.dim)
                out[row, index] += sign
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
            else:
                out[row, 0] = 1.0  # empty text: still a unit vector, as the interface promises
        return out

    def __repr__(self) -> str:
        return f"HashingEmbedder(dim={self.dim})"
