"""ONNX Runtime and OpenVINO backends, exported offline from the local model folder
(optional packages: ``pip install -r requirements-backends.txt``).

Why not sentence-transformers' own ``backend="onnx"|"openvino"``: it needs optimum /
optimum-intel, and every release of those that pip finds pins another transformers (4.57)
or torch (2.14) than requirements.txt (measured with ``pip install --dry-run``). So the
encoder network alone is exported here with ``torch.onnx.export`` and run by onnxruntime or
OpenVINO, while sentence-transformers keeps everything else (prompts, tokenizer, length-sorted
batches, mean pooling, normalisation): ``RuntimeEncoder`` takes the place of the BERT module
inside the loaded ``SentenceTransformer``, so every backend embeds through the same code.

Exports are written once to ``<models_dir>/exports/<model>-<backend>-<precision>-<recipe>/``,
built in a temporary folder and renamed into place (a killed export leaves nothing a later
load would trust); ``chithi-export.json`` there names the source weights hash, and an export
of other weights is rebuilt.

int8 recipes:

* ONNX Runtime: dynamic quantisation (``onnxruntime.quantization.quantize_dynamic``, weights
  int8 per channel, activations per tensor at run time);
* OpenVINO: post-training static quantisation with NNCF (``model_type=TRANSFORMER``),
  calibrated on real directive text that ships with the code, no download.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn

log = logging.getLogger(__name__)

# Bump when an export recipe changes the vectors (part of the export folder's name and of
# the embedder's fingerprint).
RECIPE = "r1"
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class RuntimeEncoder(nn.Module):
    """Stands in for the Hugging Face encoder inside a ``SentenceTransformer``: takes the
    tokenizer's tensors, runs ``run`` (onnxruntime or OpenVINO) and answers
    ``{"last_hidden_state": ...}`` as the torch model would."""

    def __init__(self, run: Callable[[dict[str, np.ndarray]], np.ndarray], config, inputs: tuple[str, ...]):
        super().__init__()
        self.run, self.config, self.inputs = run, config, inputs

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, **kwargs) -> dict:
        given = {"input_ids": input_ids, "attention_mask": attention_mask, **kwargs}
        if "token_type_ids" in self.inputs and given.get("token_type_ids") is None:
            given["token_type_ids"] = torch.zeros_like(input_ids)
        feed = {name: given[name].cpu().numpy().astype(np.int64) for name in self.inputs}
        return {"last_hidden_state": torch.from_numpy(np.asarray(self.run(feed), dtype=np.float32))}


def export_dir(models_dir: Path, model_name: str, backend: str, precision: str) -> Path:
    slug = Path(model_name).name.replace("/", "-")
    return Path(models_dir) / "exports" / f"{slug}-{backend}-{precision}-{RECIPE}"


def _network_file(backend: str) -> str:
    return "model.onnx" if backend == "onnx" else "model.xml"


def _marker(folder: Path) -> dict:
    try:
        return json.loads((folder / "chithi-export.json").read_text())
    except (OSError, ValueError):
        return {}


def _encoder(model) -> nn.Module:
    return model[0].auto_model


def export_onnx(model, target: Path) -> tuple[str, ...]:
    """The encoder of ``model`` (a torch ``SentenceTransformer``) as ONNX; returns its inputs."""
    encoder = _encoder(model)
    names = tuple(n for n in INPUTS if n != "token_type_ids" or encoder.config.type_vocab_size > 0)
    sample = model.tokenizer(["passage: Sở Y tế chủ trì, phối hợp"] * 2, return_tensors="pt")
    args = tuple(sample.get(n, torch.zeros_like(sample["input_ids"])) for n in names)
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"last_hidden_state": {0: "batch", 1: "tokens"}}

    class _Wrapped(nn.Module):
        def __init__(self, inner: nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, tensors)), return_dict=True).last_hidden_state

    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated in torch 2.13 but still the one that takes
        # dynamic axes without onnxscript; its warnings say nothing about our graph.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Wrapped(encoder).eval(),
            args,
            str(target),
            input_names=list(names),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, dynamic axes as given
        )
    return names


def _quantize_onnx(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8)


def _calibration(model, names: tuple[str, ...]) -> list[dict[str, np.ndarray]]:
    from embedder.quantize import CALIBRATION
    from embedder.samples import corpus_text, paragraphs

    texts = CALIBRATION + ["passage: " + p for p in paragraphs(corpus_text())[:120]]
    out = []
    for text in texts:
        enc = model.tokenizer([text], truncation=True, max_length=512, return_tensors="np")
        out.append({n: enc.get(n, np.zeros_like(enc["input_ids"])).astype(np.int64) for n in names})
    return out


def _openvino(model, onnx_file: Path, target: Path, precision: str, names: tuple[str, ...]) -> None:
    import openvino as ov

    network = ov.convert_model(str(onnx_file))
    if precision == "int8":
        import nncf

        data = _calibration(model, names)
        network = nncf.quantize(
            network, nncf.Dataset(data), model_type=nncf.ModelType.TRANSFORMER, subset_size=len(data)
        )
    ov.save_model(network, str(target), compress_to_fp16=False)  # fp16 weights would change fp32 vectors


def ensure_export(model, weights_hash: str, folder: Path, backend: str, precision: str) -> Path:
    """The exported network for ``model`` (the torch ``SentenceTransformer``), built if missing."""
    target = folder / _network_file(backend)
    if _marker(folder).get("weights") == weights_hash and target.is_file():
        return target
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        log.info("Exporting the encoder to %s %s (once): %s", backend, precision, folder)
        names = export_onnx(model, tmp / "fp32.onnx")
        if backend == "onnx" and precision == "int8":
            _quantize_onnx(tmp / "fp32.onnx", tmp / "model.onnx")
            (tmp / "fp32.onnx").unlink()
        elif backend == "onnx":
            (tmp / "fp32.onnx").rename(tmp / "model.onnx")
        else:
            _openvino(model, tmp / "fp32.onnx", tmp / "model.xml", precision, names)
            (tmp / "fp32.onnx").unlink()
        marker = {"weights": weights_hash, "backend": backend, "precision": precision, "inputs": list(names)}
        (tmp / "chithi-export.json").write_text(json.dumps(marker))
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _runner(backend: str, network: Path, threads: int) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
    if backend == "onnx":
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        session = ort.InferenceSession(str(network), options, providers=["CPUExecutionProvider"])
        return lambda feed: session.run(None, feed)[0]
    import openvino as ov

    config = {"INFERENCE_NUM_THREADS": threads} if threads else {}
    compiled = ov.Core().compile_model(str(network), "CPU", config | {"INFERENCE_PRECISION_HINT": "f32"})
    request = compiled.create_infer_request()
    return lambda feed: request.infer(feed)[compiled.output(0)]


def attach(model, weights_hash: str, models_dir: Path, name: str, backend: str, precision: str, threads: int):
    """Replace ``model``'s torch encoder with the ``backend`` export at ``precision``."""
    folder = export_dir(models_dir, name, backend, precision)
    network = ensure_export(model, weights_hash, folder, backend, precision)
    inputs = tuple(_marker(folder)["inputs"])
    encoder = _encoder(model)
    model[0].model = RuntimeEncoder(_runner(backend, network, threads), encoder.config, inputs)
    return model
