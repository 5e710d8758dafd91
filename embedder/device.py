"""Where and at what precision the embedder runs: CPU fp32/int8, or a CUDA GPU in fp16.

Pure decisions, kept apart from torch so that they are tested on machines without a GPU
(CI has none): ``pick_device`` says cpu or cuda, ``gpu_batch_size`` sizes batches from the
GPU's free memory, ``precision_tag`` names what the vectors were computed with. The tag is
part of the embedder's fingerprint, which keys the embedding cache and is recorded in the
index manifest: vectors of another backend, device or precision are never mixed with the
ones an index holds (a search with a differently configured embedder is refused).
"""

from __future__ import annotations

from dataclasses import dataclass

BACKENDS = ("torch", "onnx", "openvino")
DEVICES = ("auto", "cpu", "cuda")

# Memory one passage of max_tokens needs in a fp16 forward pass of a BERT-small encoder,
# per token: activations (hidden 384, FFN 1536, 12 heads of attention scores) plus
# workspace, rounded up generously; the weights (~240 MB fp16) are counted apart.
BYTES_PER_TOKEN_FP16 = 64 * 1024
WEIGHTS_BYTES_FP16 = 300 * 2**20
GPU_BATCH_MIN, GPU_BATCH_MAX = 16, 1024


@dataclass(frozen=True)
class Placement:
    """Where the model runs: ``device`` "cpu" or "cuda", ``precision`` "fp32"/"fp16"/"int8"."""

    backend: str
    device: str
    precision: str
    batch_size: int


def check_choice(backend: str, device: str, quantize: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    if quantize not in ("none", "int8"):
        raise ValueError(f"quantize must be 'none' or 'int8', not {quantize!r}")


def pick_device(requested: str, backend: str, cuda_available: bool) -> str:
    """``auto`` is cuda when torch sees a GPU and the backend is torch's (the ONNX and
    OpenVINO backends here are the CPU builds); ``cuda`` without one is an error, not a
    silent fall back to a 30x slower build."""
    if requested == "cuda":
        if not cuda_available:
            raise RuntimeError("device is 'cuda' but torch sees no CUDA GPU: set CHITHI_DEVICE=auto or cpu")
        if backend != "torch":
            raise ValueError(f"the {backend} backend runs on the CPU here: use backend 'torch' on a GPU")
        return "cuda"
    if requested == "auto" and cuda_available and backend == "torch":
        return "cuda"
    return "cpu"


def gpu_batch_size(free_bytes: int, max_tokens: int, configured: int) -> int:
    """Passages per batch on a GPU: what half of the free memory holds at ``max_tokens``
    tokens each (sentence-transformers pads a batch to its longest text), clamped to
    [16, 1024] and never below the configured CPU batch size."""
    usable = max(0, free_bytes // 2 - WEIGHTS_BYTES_FP16)
    fits = usable // (BYTES_PER_TOKEN_FP16 * max(1, max_tokens))
    return int(min(GPU_BATCH_MAX, max(GPU_BATCH_MIN, configured, fits)))


def precision_tag(backend: str, device: str, quant: str) -> str:
    """The fingerprint's precision field. Torch on the CPU keeps the names indexes already
    record ("fp32", "int8-dyn-pc1-keep3"), so existing indexes stay valid."""
    if device == "cuda":
        return "cuda-fp16"
    if backend == "torch":
        return quant
    return f"{backend}-{quant}"


def place(
    backend: str, requested: str, quantize: str, batch_size: int, gpu: tuple[bool, int, int]
) -> Placement:
    """The placement for these settings; ``gpu`` is (cuda available, free bytes, max tokens)."""
    check_choice(backend, requested, quantize)
    available, free, max_tokens = gpu
    device = pick_device(requested, backend, available)
    if device == "cuda":
        if quantize != "none":
            raise ValueError("int8 is a CPU recipe: on a GPU the model runs in fp16 (set quantize 'none')")
        return Placement(backend, "cuda", "fp16", gpu_batch_size(free, max_tokens, batch_size))
    return Placement(backend, "cpu", "int8" if quantize == "int8" else "fp32", batch_size)


def probe_cuda() -> tuple[bool, int]:
    """(torch sees a CUDA GPU, its free memory in bytes); (False, 0) without one."""
    import torch

    if not torch.cuda.is_available():
        return False, 0
    free, _total = torch.cuda.mem_get_info()
    return True, int(free)
