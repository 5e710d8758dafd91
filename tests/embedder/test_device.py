"""Where the embedder runs: the CUDA choice, GPU batch sizes and fingerprint tags, without a GPU."""

from __future__ import annotations

import pytest

from embedder.device import (
    GPU_BATCH_MAX,
    GPU_BATCH_MIN,
    Placement,
    gpu_batch_size,
    pick_device,
    place,
    precision_tag,
)

GIB = 2**30


def test_auto_uses_cuda_only_when_torch_sees_one_and_backend_is_torch():
    assert pick_device("auto", "torch", cuda_available=True) == "cuda"
    assert pick_device("auto", "torch", cuda_available=False) == "cpu"
    assert pick_device("auto", "onnx", cuda_available=True) == "cpu"
    assert pick_device("cpu", "torch", cuda_available=True) == "cpu"


def test_asking_for_cuda_without_a_gpu_is_an_error_not_a_silent_cpu_build():
    with pytest.raises(RuntimeError, match="no CUDA GPU"):
        pick_device("cuda", "torch", cuda_available=False)
    with pytest.raises(ValueError, match="runs on the CPU"):
        pick_device("cuda", "openvino", cuda_available=True)


def test_gpu_batch_grows_with_free_memory_and_shrinks_with_text_length():
    small, big = gpu_batch_size(4 * GIB, 512, 32), gpu_batch_size(80 * GIB, 512, 32)
    assert GPU_BATCH_MIN <= small < big <= GPU_BATCH_MAX
    assert gpu_batch_size(8 * GIB, 128, 32) > gpu_batch_size(8 * GIB, 512, 32)
    # Never below the configured batch, and a nearly full GPU still gets the minimum.
    assert gpu_batch_size(8 * GIB, 512, 64) >= 64
    assert gpu_batch_size(100 * 2**20, 512, 1) == GPU_BATCH_MIN


def test_placement_on_a_gpu_is_fp16_with_a_memory_sized_batch():
    on_gpu = place("torch", "auto", "none", 32, (True, 40 * GIB, 512))
    assert (on_gpu.device, on_gpu.precision) == ("cuda", "fp16")
    assert on_gpu.batch_size == gpu_batch_size(40 * GIB, 512, 32)
    assert place("torch", "auto", "int8", 32, (False, 0, 512)) == Placement("torch", "cpu", "int8", 32)
    with pytest.raises(ValueError, match="int8 is a CPU recipe"):
        place("torch", "auto", "int8", 32, (True, 40 * GIB, 512))
    with pytest.raises(ValueError, match="backend must be"):
        place("tensorrt", "auto", "none", 32, (False, 0, 512))


def test_fingerprint_tags_keep_old_indexes_valid_and_separate_every_backend():
    assert precision_tag("torch", "cpu", "fp32") == "fp32"  # what existing indexes record
    tags = {
        precision_tag("torch", "cpu", "fp32"),
        precision_tag("torch", "cuda", "fp16"),
        precision_tag("onnx", "cpu", "fp32-r1"),
        precision_tag("onnx", "cpu", "int8-r1"),
        precision_tag("openvino", "cpu", "fp32-r1"),
        precision_tag("openvino", "cpu", "int8-r1"),
    }
    assert len(tags) == 6
