"""The real embedder: any sentence-transformers model, e5 prompts, truncation reporting, int8."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from config import Settings
from embedder.base import Kind, check_kind
from embedder.default_model import DEFAULT_MODEL, ensure_default_model, read_manifest

log = logging.getLogger(__name__)

# Inputs up to this many tokens in all (a query or two) run on one thread; see embed().
SMALL_INPUT_TOKENS = 256


def _nfc(texts: Sequence[str]) -> list[str]:
    # XLM-R's tokenizer does not compose NFD input: "tiến" typed as e + U+0302 + U+0301
    # tokenizes as "tiên" (a tone mark is lost). Composing first makes NFD and NFC equal.
    return [unicodedata.normalize("NFC", t) for t in texts]


def _state_hash(module) -> str:
    """sha256 over every parameter and buffer, for models that come without a manifest."""
    import torch

    digest = hashlib.sha256()
    for name, tensor in sorted(module.state_dict().items()):
        digest.update(name.encode())
        flat = tensor.detach().cpu().contiguous().reshape(-1)
        digest.update(flat.view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


class SentenceTransformerEmbedder:
    """Wraps a loaded ``SentenceTransformer``; see ``embedder.Embedder`` for the contract."""

    def __init__(
        self,
        model,
        *,
        name: str,
        weights_hash: str,
        quantize: str,
        prompts: dict[str, str],
        batch_size: int,
        threads: int = 0,
    ) -> None:
        self.model = model
        self.name = name
        self.quantize = quantize
        self.prompts = prompts
        self.batch_size = max(1, batch_size)
        self.weights_hash = weights_hash
        self.max_tokens = int(model.max_seq_length or 512)
        dim_fn = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dim_fn())
        self.threads = threads or os.cpu_count() or 1
        self._truncated = 0
        self._lock = threading.Lock()
        self.placement = None  # embedder.device.Placement, set by load_sentence_transformer
        self.query_model = None  # ONNX Runtime twin for questions (embedder.query_runtime), if any
        self.fingerprint = (
            f"{name}|weights={weights_hash[:16]}|{quantize}|max={self.max_tokens}"
            f"|query={prompts['query']!r}|passage={prompts['passage']!r}"
        )

    @property
    def truncated(self) -> int:
        return self._truncated

    def count_tokens(self, texts: Sequence[str], kind: Kind = "passage") -> list[int]:
        prompt = self.prompts[check_kind(kind)]
        if not texts:
            return []
        encoded = self.model.tokenizer(
            [prompt + t for t in _nfc(texts)], add_special_tokens=True, truncation=False, verbose=False
        )
        return [len(ids) for ids in encoded["input_ids"]]

    def _note_truncation(self, lengths: list[int], kind: Kind) -> None:
        cut = [n for n in lengths if n > self.max_tokens]
        if not cut:
            return
        with self._lock:
            self._truncated += len(cut)
            total = self._truncated
        log.warning(
            "%d of %d %ss are longer than %d tokens (longest %d) and were cut to fit; %d cut so far. "
            "Use smaller chunks (chunk_size) so that no text is lost.",
            len(cut),
            len(lengths),
            kind,
            self.max_tokens,
            max(cut),
            total,
        )

    def embed(self, texts: Sequence[str], kind: Kind, show_progress: bool = False) -> np.ndarray:
        import torch

        kind = check_kind(kind)
        texts = _nfc(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        lengths = self.count_tokens(texts, kind)
        self._note_truncation(lengths, kind)
        # Per calling thread (OpenMP): a query of a few dozen tokens runs as fast on one thread
        # (27 ms) as on two, and two stall for 150 ms-1 s at every layer's barrier when another
        # process holds a core. Passages use all configured threads.
        small = sum(lengths) <= SMALL_INPUT_TOKENS
        if kind == "query" and small and self.query_model is not None:
            # Questions: ONNX Runtime over the same fp32 weights (embedder.query_runtime).
            vectors = self.query_model.encode(
                texts, prompt_name=kind, convert_to_numpy=True, normalize_embeddings=True
            )
            return np.ascontiguousarray(vectors, dtype=np.float32)
        torch.set_num_threads(1 if small else self.threads)
        step = len(texts)
        bar = None
        if show_progress and len(texts) > self.batch_size:
            from tqdm.auto import tqdm

            # Blocks of a few batches: a bar that counts texts, while sentence-transformers
            # still sorts each block by length (less padding).
            step = self.batch_size * 8
            bar = tqdm(total=len(texts), unit=kind, desc=f"Embedding {kind}s")
        parts = []
        try:
            for start in range(0, len(texts), step):
                block = texts[start : start + step]
                parts.append(
                    self.model.encode(
                        block,
                        prompt_name=kind,
                        batch_size=self.batch_size,
                        show_progress_bar=False,
                        convert_to_numpy=True,
                        normalize_embeddings=True,  # unit length even for models without Normalize
                    )
                )
                if bar is not None:
                    bar.update(len(block))
        finally:
            if bar is not None:
                bar.close()
        return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.fingerprint})"


def resolve_model(settings: Settings) -> tuple[str, str | None]:
    """(what to load, manifest weights hash or None) for ``settings.model``."""
    if settings.model == DEFAULT_MODEL:
        folder = ensure_default_model(settings.models_dir)
        return str(folder), read_manifest(folder)["files"]["model.safetensors"]["sha256"]
    local = Path(settings.model).expanduser()
    if local.exists():
        if not (local / "modules.json").is_file() and not (local / "config.json").is_file():
            raise FileNotFoundError(f"{local} is not a sentence-transformers or transformers model folder")
        return str(local.resolve()), None
    return settings.model, None  # a hub name: loaded from the local cache when offline


def _placement(settings: Settings, max_tokens: int):
    from embedder.device import check_choice, place, probe_cuda

    check_choice(settings.backend, settings.device, settings.quantize)
    # Probe CUDA only when it could be used: importing torch.cuda costs nothing on a CPU
    # build, but a GPU is never used for the ONNX / OpenVINO backends.
    available, free = probe_cuda() if settings.backend == "torch" and settings.device != "cpu" else (False, 0)
    return place(
        settings.backend,
        settings.device,
        settings.quantize,
        settings.batch_size,
        (available, free, max_tokens),
    )


def _prompts(settings: Settings, saved: dict[str, str]) -> dict[str, str]:
    return {
        "query": settings.query_prompt if settings.query_prompt is not None else saved.get("query") or "",
        "passage": (
            settings.passage_prompt
            if settings.passage_prompt is not None
            else saved.get("passage") or saved.get("document") or ""
        ),
    }


def _run_on(model, settings: Settings, placement, weights_hash: str) -> str:
    """Move, quantise or export ``model`` as ``placement`` says; returns the precision tag."""
    from embedder.device import precision_tag

    if placement.device == "cuda":
        model.to("cuda")
        model.half()  # fp16 on the GPU: twice the batch in the same memory, tensor cores
        return precision_tag("torch", "cuda", "fp16")
    if placement.backend != "torch":
        from embedder import backends

        backends.attach(
            model,
            weights_hash,
            settings.models_dir,
            settings.model,
            placement.backend,
            placement.precision,
            settings.threads,
        )
        return precision_tag(placement.backend, "cpu", f"{placement.precision}-{backends.RECIPE}")
    if placement.precision == "int8":
        from embedder.quantize import SCHEME, quantize_int8

        _, kept = quantize_int8(model)
        return f"{SCHEME}-keep{len(kept)}"
    return "fp32"


def load_sentence_transformer(settings: Settings) -> SentenceTransformerEmbedder:
    started = time.perf_counter()
    source, weights_hash = resolve_model(settings)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a "Loading weights" bar on stderr at every load
    is_default = settings.model == DEFAULT_MODEL
    model = SentenceTransformer(source, device="cpu", local_files_only=is_default)
    model.eval()
    if weights_hash is None:
        weights_hash = _state_hash(model)
    saved = dict(model.prompts or {})
    prompts = _prompts(settings, saved)
    model.prompts = {**saved, **prompts}
    placement = _placement(settings, int(model.max_seq_length or 512))
    quant = _run_on(model, settings, placement, weights_hash)
    emb = SentenceTransformerEmbedder(
        model,
        name=settings.model,
        weights_hash=weights_hash,
        quantize=quant,
        prompts=prompts,
        batch_size=placement.batch_size,
        threads=settings.threads,
    )
    emb.placement = placement
    if placement.device == "cpu" and placement.backend == "torch" and quant == "fp32":
        from embedder.query_runtime import query_model

        emb.query_model = query_model(model, weights_hash, settings)
    log.info(
        "Loaded %s (%s on %s, batch %d, dim %d) in %.1f s",
        settings.model,
        quant,
        placement.device,
        placement.batch_size,
        emb.dim,
        time.perf_counter() - started,
    )
    return emb
