"""ONNX Runtime / OpenVINO backends (optional packages: requirements-backends.txt): exported
offline from the local model folder, same vectors as torch fp32, and a fingerprint of their own
so that an index is never searched or extended with another backend's vectors."""

from __future__ import annotations

import numpy as np
import pytest

from embedder import load_embedder
from embedder.backends import export_dir

TEXTS = [
    "Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022; Sở Y tế chủ trì, phối hợp với các địa phương.",
    "Thường trực Tỉnh ủy, Ban Chỉ đạo phòng chống dịch COVID-19 cấp tỉnh họp nghe báo cáo công tác.",
]


@pytest.mark.parametrize("backend,package", [("onnx", "onnxruntime"), ("openvino", "openvino")])
def test_fp32_backend_matches_torch_and_has_its_own_fingerprint(
    real_settings, real_embedder, backend, package
):
    pytest.importorskip(package)
    emb = load_embedder(real_settings.with_(backend=backend))
    assert emb.fingerprint != real_embedder.fingerprint
    assert f"|{backend}-fp32-" in emb.fingerprint
    assert (
        export_dir(real_settings.models_dir, real_settings.model, backend, "fp32") / "chithi-export.json"
    ).is_file()
    for kind in ("passage", "query"):
        cos = np.sum(emb.embed(TEXTS, kind) * real_embedder.embed(TEXTS, kind), axis=1)
        assert cos.min() > 0.9999, cos
    # Loaded again: the export is reused, not redone.
    again = load_embedder(real_settings.with_(backend=backend), fresh=True)
    assert again.fingerprint == emb.fingerprint
