"""int8 dynamic quantisation of a sentence-transformers model's ``nn.Linear`` layers.

Embedding the whole archive is the slow step (about 45 minutes fp32 for 15,000 chunks on
two cores). Most of a small BERT's time at ~256 tokens is in its Linear layers, which int8
matmuls (fbgemm; VNNI where the CPU has it) run several times faster.

The recipe, measured on multilingual-e5-small, 64 passages of ~260 tokens, 2 cores
(``python -m embedder bench --quantize int8``): 0.125 CPU-s per passage against 0.22 fp32,
mean cosine 0.9955 to the fp32 vectors (min 0.994).

* weights per output channel (``per_channel_dynamic_qconfig``): same speed as per tensor,
  cosine 0.981 instead of 0.968 when every Linear is quantised;
* activations are quantised per tensor at run time (all ``quantize_dynamic`` offers), so
  one huge activation channel coarsens the scale for every other value. BERT's FFN
  down-projections (their input is the GELU output) have such channels in a few layers,
  and those layers alone cost most of the error (e5-small: layers 0, 4 and 5; cosine
  0.981 -> 0.9955 when they stay fp32). A calibration pass on three short texts finds
  them; they are 3 of 72 Linear layers, about 10 % of the int8 run time.
* fbgemm, x86 and onednn engines measured within 5 % of each other; flash SDPA attention
  (the default) is 1.8x faster than eager here and is kept.
"""

from __future__ import annotations

import logging
import warnings

import torch
from torch import nn

log = logging.getLogger(__name__)

# Part of the embedder fingerprint: bump whenever the recipe changes the vectors.
SCHEME = "int8-dyn-pc1"
# A down-projection whose input has a channel this many times larger than the 99th
# percentile channel stays float32. Measured on e5-small with CALIBRATION: the three harmful
# layers at 9-27x, all the other down-projections at 1.5-5.6x.
OUTLIER_RATIO = 7.0
CALIBRATION = [
    "passage: 4. Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022. Phấn đấu hoàn thành dứt điểm "
    "tiêm mũi 1 đối với những người từ đủ 12 tuổi trở lên; Sở Y tế chủ trì, phối hợp với UBND các "
    "địa phương triển khai, báo cáo kết quả trước ngày 15/02/2022.",
    "query: The province must finish first-dose vaccination for everyone aged 12 and over.",
    "query: day nhanh tien do tiem vac xin mui 1 cho nguoi tu 12 tuoi",
]


def _engine() -> str:
    engines = torch.backends.quantized.supported_engines
    for name in ("fbgemm", "x86", "onednn", "qnnpack"):  # fbgemm/x86: fastest measured on x86-64
        if name in engines:
            return name
    raise RuntimeError(f"torch has no quantized engine for this CPU (supported: {engines})")


def outlier_layers(model: nn.Module, texts: list[str] = CALIBRATION) -> dict[str, float]:
    """Down-projection Linear layers whose input has an outlier channel -> its ratio."""
    ratios: dict[str, float] = {}

    def hook(name: str):
        def record(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            x = inputs[0].detach().reshape(-1, inputs[0].shape[-1]).abs()
            per_channel = x.amax(dim=0)
            p99 = torch.quantile(per_channel.float(), 0.99).clamp_min(1e-6)
            ratios[name] = max(ratios.get(name, 0.0), float(per_channel.max() / p99))

        return record

    handles = [
        module.register_forward_hook(hook(name))
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and module.in_features > module.out_features
    ]
    # Three short texts: one thread is as fast, and immune to a busy machine (see embed()).
    torch.set_num_threads(1)
    try:
        model.encode(texts, batch_size=len(texts), show_progress_bar=False)  # prompts already in the texts
    finally:
        for handle in handles:
            handle.remove()
    return {name: r for name, r in ratios.items() if r > OUTLIER_RATIO}


def quantize_int8(model: nn.Module) -> tuple[nn.Module, list[str]]:
    """Quantise ``model``'s Linear layers in place; return it and the layers kept float32."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    torch.backends.quantized.engine = _engine()
    keep = outlier_layers(model)
    targets = {
        name: per_channel_dynamic_qconfig
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and name not in keep
    }
    with warnings.catch_warnings():
        # torch 2.13 marks torch.ao.quantization deprecated in favour of torchao, which we do
        # not depend on; the eager API still works and is what the task asks for.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        quantize_dynamic(model, targets, dtype=torch.qint8, inplace=True)
    log.info(
        "int8: %d Linear layers quantised (%s engine); kept float32: %s",
        len(targets),
        torch.backends.quantized.engine,
        ", ".join(f"{n} ({r:.0f}x outlier)" for n, r in keep.items()) or "none",
    )
    return model, sorted(keep)
