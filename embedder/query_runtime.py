"""Questions embedded by ONNX Runtime over the same fp32 weights as the torch model.

Why: a question is a few dozen tokens, and torch spends ~35 ms on one of them on a core
(framework overhead on 12 layers of tiny matrices), ONNX Runtime ~12 ms (docs/BENCHMARKS.md,
issue 17); an English question needs two (its own and its Vietnamese rendering's). Passages,
and so everything stored in the index, stay on the configured backend.

Why this does not change the embedder's fingerprint: the exported graph is the same fp32
network, and its vectors equal torch's to ~1e-6 (checked on a real question each time it is
loaded, and by tests/embedder/test_query_runtime.py); nothing a question's vector touches is
stored. Where onnxruntime is missing or the export fails, questions stay on torch (logged).
"""

from __future__ import annotations

import copy
import logging
from collections import OrderedDict

import numpy as np

from config import Settings

log = logging.getLogger(__name__)

CHECK_QUESTION = "Mục tiêu tiêm vắc xin trong tháng 02/2022 là gì?"
MIN_COSINE = 0.99999  # the check a loaded runtime must pass against torch


def _shallow_clone(model):
    """A second ``SentenceTransformer`` sharing every module (and so the weights and the
    tokenizer) except its first, whose encoder can then be replaced without touching ``model``."""
    clone = copy.copy(model)
    clone._modules = OrderedDict(model._modules)
    key = next(iter(model._modules))
    first = copy.copy(model._modules[key])
    first._modules = OrderedDict(first._modules)
    clone._modules[key] = first
    return clone


def _encode(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, prompt_name="query", convert_to_numpy=True, normalize_embeddings=True)


def query_model(model, weights_hash: str, settings: Settings, name: str | None = None):
    """The ONNX Runtime twin of ``model`` (a torch fp32 ``SentenceTransformer`` on the CPU)
    for questions, or None where it cannot be had or does not give torch's vectors.
    ``name``: the export's folder name (default: the configured model's)."""
    if settings.query_runtime == "torch":
        return None
    if settings.query_runtime != "auto":
        raise ValueError(f"query_runtime must be 'auto' or 'torch', not {settings.query_runtime!r}")
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        log.info("Questions are embedded by torch (onnxruntime is not installed).")
        return None
    from embedder import backends

    try:
        clone = _shallow_clone(model)
        backends.attach(clone, weights_hash, settings.models_dir, name or settings.model, "onnx", "fp32", 1)
        cosine = float(_encode(clone, [CHECK_QUESTION])[0] @ _encode(model, [CHECK_QUESTION])[0])
    except Exception as exc:  # an export or runtime failure must never stop the product: torch answers
        log.warning("Questions are embedded by torch: ONNX Runtime could not be used (%s).", exc)
        return None
    if cosine < MIN_COSINE:
        log.warning("Questions are embedded by torch: ONNX Runtime's vector differs (cosine %.6f).", cosine)
        return None
    return clone
