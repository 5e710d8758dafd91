"""The question tower: the default model's question side, fine-tuned on the archive's
training questions with low-rank (LoRA) updates of its linear layers; passages keep the
base model's vectors, so nothing stored in an index changes.

Why: e5-small places an English question near the right document but seldom near the
right article of it. A linear map of its output vector (the first question adapter) can
only rotate what the network already saw; fine-tuning the network's layers moves the
question itself (docs/BENCHMARKS.md, "Question tower"). What it reads is ``Pool.text``: for
an English question, its Vietnamese rendering through the glossary. The updates are small
(rank ``RANK`` on each of the 72 linear layers, about 0.66 M numbers, 1.3 MB as float16), so
they travel inside the ranker's file.

``TowerWeights`` holds the updates; ``tower_vectors`` embeds questions with the fine-tuned
network, built once per process (base weights plus B·A merged into each layer, questions run
by ONNX Runtime like the base model's).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from dataclasses import dataclass, field

import numpy as np

from config import Settings

log = logging.getLogger(__name__)

RANK = 8
# The linear layers of each BERT block that get an update, as attribute paths.
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


@dataclass(frozen=True)
class TowerWeights:
    """LoRA updates by layer name (``encoder.layer.N.<target>``): (A (rank, in), B (out, rank)),
    float16 as stored; the layer's weight becomes W + B·A."""

    updates: dict[str, tuple[np.ndarray, np.ndarray]]
    digest: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        return {
            "rank": RANK,
            "layers": {
                name: [_b64(a), list(a.shape), _b64(b), list(b.shape)]
                for name, (a, b) in self.updates.items()
            },
        }

    @staticmethod
    def from_dict(data: dict | None) -> TowerWeights | None:
        if not data:
            return None
        updates = {
            name: (_unb64(a, sa), _unb64(b, sb)) for name, (a, sa, b, sb) in sorted(data["layers"].items())
        }
        return TowerWeights.of(updates)

    @staticmethod
    def of(updates: dict[str, tuple[np.ndarray, np.ndarray]]) -> TowerWeights:
        """Weights rounded to float16 (what is stored, so what is measured is what ships)."""
        rounded = {
            n: (np.asarray(a, np.float16), np.asarray(b, np.float16)) for n, (a, b) in sorted(updates.items())
        }
        digest = hashlib.sha256()
        for name, (a, b) in rounded.items():
            digest.update(name.encode() + a.tobytes() + b.tobytes())
        return TowerWeights(rounded, digest.hexdigest()[:16])


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f2").tobytes()).decode("ascii")


def _unb64(text: str, shape: list[int]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").reshape(shape).copy()


def layer(bert, name: str):
    """The module at ``name`` (a dotted path, list indices included) inside ``bert``."""
    module = bert
    for part in name.split("."):
        module = module[int(part)] if part.isdigit() else getattr(module, part)
    return module


def target_names(bert) -> list[str]:
    return [f"encoder.layer.{i}.{t}" for i in range(len(bert.encoder.layer)) for t in TARGETS]


def merge(bert, weights: TowerWeights) -> None:
    """Add each update into its layer's weight, in place (``bert``: a transformers BertModel)."""
    import torch

    with torch.no_grad():
        for name, (a, b) in weights.updates.items():
            linear = layer(bert, name)
            delta = torch.from_numpy(b.astype(np.float32)) @ torch.from_numpy(a.astype(np.float32))
            linear.weight += delta.to(linear.weight.dtype)


_encoders: dict[tuple, object] = {}  # by tower digest, oldest first
MAX_ENCODERS = 8
_lock = threading.Lock()


def base_model(settings: Settings):
    """(a fresh torch copy of the configured model on the CPU with its configured prompts, its
    weights hash): the tower's starting point, for training and for merging."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    from embedder.default_model import DEFAULT_MODEL
    from embedder.st_embedder import _prompts, resolve_model

    hf_logging.disable_progress_bar()  # a "Loading weights" bar on stderr at every load
    source, weights_hash = resolve_model(settings)
    model = SentenceTransformer(source, device="cpu", local_files_only=settings.model == DEFAULT_MODEL)
    saved = dict(model.prompts or {})
    model.prompts = {**saved, **_prompts(settings, saved)}
    return model, weights_hash


def _encoder_model(weights: TowerWeights, settings: Settings):
    """The fine-tuned ``SentenceTransformer`` for questions (ONNX Runtime where it can be had)."""
    key = (weights.digest, settings.model, str(settings.models_dir), settings.query_runtime)
    with _lock:
        if key in _encoders:
            return _encoders[key]
        from embedder.query_runtime import query_model

        model, weights_hash = base_model(settings)
        model.eval()
        merge(model[0].auto_model, weights)
        tuned_hash = f"{weights_hash or settings.model}+tower-{weights.digest}"
        runtime = query_model(model, tuned_hash, settings, name=f"{settings.model}-tower-{weights.digest}")
        if len(_encoders) >= MAX_ENCODERS:  # train-ranker makes one per fold; a server needs one
            _encoders.pop(next(iter(_encoders)))
        _encoders[key] = runtime or model
        return _encoders[key]


def tower_vectors(weights: TowerWeights, settings: Settings, texts: list[str]) -> np.ndarray:
    """The fine-tuned question vectors of ``texts`` (unit length, float32), composed to NFC
    and prompted as the base model's questions are."""
    from embedder.query_runtime import _encode
    from embedder.st_embedder import _nfc

    return np.ascontiguousarray(_encode(_encoder_model(weights, settings), _nfc(texts)), dtype=np.float32)
