"""Pseudo-relevance feedback for English questions (index/retrieval/dense.py)."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import faiss
import numpy as np

from config import Ranking, Settings
from index.retrieval.dense import dense_text, feedback_vector, search_vector
from index.retrieval.query import parse_query
from index.retrieval.search import search


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def reader_with(vectors: dict[int, np.ndarray], docs: dict[int, int]):
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(3))
    index.add_with_ids(np.vstack(list(vectors.values())), np.array(list(vectors), dtype=np.int64))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE chunks(id INTEGER PRIMARY KEY, doc INTEGER)")
    conn.executemany("INSERT INTO chunks VALUES(?,?)", docs.items())
    return SimpleNamespace(faiss_index=index, conn=conn, settings=Settings())


# A question between two topics, nearer to the first; passages 1-2 on it, 3 on the other.
QV = unit(1.0, 0.2, 0.0)
PASSAGES = {1: unit(0.8, 0.0, 0.6), 2: unit(0.7, 0.0, 0.7), 3: unit(0.0, 1.0, 0.0)}


def test_moves_toward_the_nearest_passages_and_stays_unit_length():
    reader = reader_with(PASSAGES, {1: 10, 2: 10, 3: 20})
    moved = feedback_vector(reader, QV, None, m=2, weight=0.3)
    assert np.isclose(np.linalg.norm(moved), 1.0, atol=1e-5)
    for i in (1, 2):
        assert moved @ PASSAGES[i] > QV @ PASSAGES[i]
    assert moved @ PASSAGES[3] < QV @ PASSAGES[3]


def test_respects_filters_and_an_empty_result():
    reader = reader_with(PASSAGES, {1: 10, 2: 10, 3: 20})
    only_20 = feedback_vector(reader, QV, {20}, m=2, weight=0.3)
    assert only_20 @ PASSAGES[3] > QV @ PASSAGES[3]
    assert feedback_vector(reader, QV, set(), m=2, weight=0.3) is QV
    assert np.array_equal(feedback_vector(reader, QV, None, m=2, weight=0.0), QV)


def test_english_questions_are_searched_with_the_moved_vector(sample_index):
    # Real model, real sample archive: the English question's search vector is its own
    # vector moved toward the Vietnamese passages on its subject; Vietnamese questions
    # are searched with their own vector.
    assert Ranking().en_feedback > 0
    en = parse_query("What are the vaccine targets for February 2022?")
    vi = parse_query("Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?")
    with sample_index.snapshot():
        own = sample_index.embed_query(dense_text(sample_index, en))
        moved = search_vector(sample_index, en, None)
        assert not np.allclose(own, moved)
        assert np.isclose(np.linalg.norm(moved), 1.0, atol=1e-5)
        nearest = feedback_vector(sample_index, own, None, m=5, weight=1e-9)  # ≈ own
        assert np.allclose(nearest, own, atol=1e-4)
        assert np.array_equal(search_vector(sample_index, vi, None), sample_index.embed_query(vi.text))
    hits = search(sample_index, en.text, k=3)
    assert hits[0].doc.doc_id == "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
    best = sample_index.faiss_index.reconstruct(hits[0].chunk_id)
    assert moved @ best > own @ best  # moved toward the answering bulletin
