"""FAISS vectors keyed by chunk id. Exact inner product by default; HNSW past a size threshold.

The file is written under a new name and renamed into place, and the SQLite
store records which file is current in the same transaction as the chunks, so
a reader never pairs vectors with chunks from another build.
"""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np


def build_index(ids: np.ndarray, vectors: np.ndarray, hnsw_threshold: int) -> faiss.Index:
    dim = vectors.shape[1]
    if len(ids) > hnsw_threshold:
        inner = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = 80
        inner.hnsw.efSearch = 128
    else:
        inner = faiss.IndexFlatIP(dim)
    index = faiss.IndexIDMap2(inner)
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def write_atomic(index: faiss.Index, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        faiss.write_index(index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)  # left only when writing failed (a full disk)


def read(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def search(index: faiss.Index, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    if index.ntotal == 0:
        return []
    k = min(k, index.ntotal)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def search_subset(index: faiss.Index, query: np.ndarray, ids: list[int]) -> list[tuple[int, float]]:
    """Exact scores for given chunk ids (used when filters narrow the candidates)."""
    if not ids:
        return []
    vecs = np.vstack([index.reconstruct(int(i)) for i in ids])
    scores = vecs @ query.reshape(-1).astype(np.float32)
    order = np.argsort(-scores)
    return [(int(ids[j]), float(scores[j])) for j in order]
