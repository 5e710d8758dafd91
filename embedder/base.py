"""The one interface ``index/`` uses: an ``Embedder`` turns texts into unit vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

Kind = Literal["query", "passage"]
KINDS: tuple[Kind, ...] = ("query", "passage")


@runtime_checkable
class Embedder(Protocol):
    """Questions and passages in one vector space.

    ``embed`` returns float32 ``(n, dim)`` rows of unit length, so a dot product is the
    cosine. ``fingerprint`` names everything that changes the vectors (model, weights,
    quantisation, prompts, token limit): an index built under one fingerprint must not be
    searched with another.
    """

    name: str
    dim: int
    max_tokens: int
    fingerprint: str

    @property
    def truncated(self) -> int:
        """How many texts so far were longer than ``max_tokens`` and cut."""
        ...

    def embed(self, texts: Sequence[str], kind: Kind, show_progress: bool = False) -> np.ndarray: ...

    def count_tokens(self, texts: Sequence[str], kind: Kind = "passage") -> list[int]:
        """Tokens the model would see per text (prompt and special tokens included)."""
        ...


def check_kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise ValueError(f"kind must be 'query' or 'passage', not {kind!r}")
    return kind  # type: ignore[return-value]
