"""The question adapter: a learned linear map of the question's vector, q' = q + A·q,
normalised, trained with the ranker (``python -m index train-ranker``) so that the adapted
question lies closer to the passages that answer the training questions than to the other
candidates (of the same document above all). Passages keep their vectors: nothing is
re-embedded, and the ranker reads the adapted cosine as two more features.

Why: e5-small places an English question, or a paraphrase, near the right document but
not reliably near the right article of it; the training questions teach it the archive's
question-to-passage mapping (docs/BENCHMARKS.md, "Question adapter").
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class QueryAdapter:
    matrix: np.ndarray  # A, (dim, dim) float32

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The adapted question vector, unit length."""
        moved = vector + self.matrix @ vector
        norm = float(np.linalg.norm(moved))
        return (moved / norm).astype(np.float32) if norm > 0 else vector

    def to_dict(self) -> dict:
        m = np.ascontiguousarray(self.matrix, dtype="<f4")
        return {"shape": list(m.shape), "float32_base64": base64.b64encode(m.tobytes()).decode("ascii")}

    @staticmethod
    def from_dict(data: dict | None) -> QueryAdapter | None:
        if not data:
            return None
        raw = base64.b64decode(data["float32_base64"])
        return QueryAdapter(np.frombuffer(raw, dtype="<f4").reshape(data["shape"]).astype(np.float32))


def adapted_vector(adapter: QueryAdapter | None, vector: np.ndarray) -> np.ndarray:
    """The question's vector as the ranker's adapter moves it (unchanged without one)."""
    return adapter.apply(vector) if adapter is not None else vector
