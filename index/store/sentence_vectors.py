"""Sentence vectors made at build time and kept in the embedding cache, so an answer's
highlighting and the ranker's sentence features look them up instead of embedding
sentences while the official waits (embedding the favoured sentences of the first passage
was about half of an answer's time on 2 cores: docs/BENCHMARKS.md).

Sentences are those of ``corpus.sentences`` over each document's whole text, the same
rule that splits a cited passage, so a passage's sentences are found by their text.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tqdm import tqdm

from config import Settings
from corpus.sentences import sentences
from corpus.types import Document
from embedder import Embedder
from index.store import schema
from index.store.embedding_cache import EmbeddingCache, text_hash

COVERED = "sentence_vectors"  # meta key: the model fingerprint whose sentence vectors are stored


def sentence_items(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(hash, sentence) for every distinct sentence of ``texts``, shortest first: neighbours
    in a batch then have similar lengths (less padding)."""
    items: dict[str, str] = {}
    for text in texts:
        for start, end in sentences(text):
            sentence = text[start:end]
            items.setdefault(text_hash(sentence), sentence)
    return sorted(items.items(), key=lambda item: len(item[1]))


def texts_to_cover(conn: sqlite3.Connection, docs: list[Document], fingerprint: str) -> list[str]:
    """The texts whose sentences this build must store: the documents it loads, and once per
    model (an index built before sentence vectors, or for another model) every stored one."""
    texts = [d.text for d in docs]
    if schema.get_meta(conn, COVERED) != fingerprint:
        texts += [t for (t,) in conn.execute("SELECT text FROM documents WHERE duplicate_of IS NULL")]
    return texts


def mark_covered(conn: sqlite3.Connection, fingerprint: str) -> None:
    """Record that every stored document's sentences are in the cache (its own small
    transaction: a hint that saves re-reading every document, not part of the index)."""
    if schema.get_meta(conn, COVERED) == fingerprint:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        schema.set_meta(conn, COVERED, fingerprint)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class EmbedSteps:
    """A build's embedding steps: into the cache, committed batch by batch (resumable)."""

    embedder: Embedder
    cache: EmbeddingCache
    settings: Settings
    progress: bool
    on_progress: Callable[[str, int, int], None]

    def embed(self, items: list[tuple[str, str]], stage: str) -> int:
        """Embed the (hash, text) pairs the cache lacks; returns how many. ``stage``:
        "embedding" (chunks) or "sentences"."""
        fingerprint = self.embedder.fingerprint
        todo = len(self.cache.missing(fingerprint, [h for h, _ in items]))
        unit = "chunk" if stage == "embedding" else "sentence"
        bar = tqdm(total=todo, desc=stage, unit=unit, disable=not self.progress or not todo, file=sys.stderr)
        done = [0]

        def advance(n: int) -> None:
            bar.update(n)
            done[0] += n
            self.on_progress(stage, done[0], todo)

        self.on_progress(stage, 0, todo)
        batch = max(self.settings.batch_size * 4, 32)
        if self.settings.ray and todo:
            from index.store.ray_embed import embed_missing

            n = embed_missing(items, self.settings, self.embedder, self.cache, batch, advance)
        else:
            n = self.cache.fill(
                fingerprint, items, lambda texts: self.embedder.embed(texts, "passage"), batch, advance
            )
        bar.close()
        return n

    def sentences(self, conn: sqlite3.Connection, docs: list[Document]) -> int:
        """Store the sentence vectors of ``docs`` (and, once per model, of every stored document)."""
        fingerprint = self.embedder.fingerprint
        n = self.embed(sentence_items(texts_to_cover(conn, docs, fingerprint)), "sentences")
        mark_covered(conn, fingerprint)
        return n
