"""The manifest records what computed the vectors; another embedder is refused by name."""

from __future__ import annotations

import pytest

from embedder import HashingEmbedder
from embedder.device import Placement
from index.api import IndexMismatch, build_index
from index.store.manifest import Manifest


class _PlacedEmbedder(HashingEmbedder):
    """A fake that says where it runs, as the real embedder does (plumbing only)."""

    def __init__(self, dim: int, placement: Placement) -> None:
        super().__init__(dim)
        self.placement = placement
        self.fingerprint = f"hashing|d{dim}|{placement.backend}-{placement.precision}"


def test_manifest_names_backend_and_another_backend_is_refused(archive, fake_settings):
    onnx = _PlacedEmbedder(32, Placement("onnx", "cpu", "int8", 32))
    build_index(archive, fake_settings, onnx, progress=False)
    manifest = Manifest.from_json((fake_settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest.embedding == "onnx/cpu/int8"
    torch_fp32 = _PlacedEmbedder(32, Placement("torch", "cpu", "fp32", 32))
    with pytest.raises(IndexMismatch, match=r"\(onnx-int8\).*torch-fp32.*rebuild"):
        build_index(archive, fake_settings, torch_fp32, progress=False)


def test_manifest_of_an_older_index_still_reads():
    old = '{"format_version": 2, "model": "m", "model_fingerprint": "f", "dim": 4, "chunk_size": 1000, '
    old += '"chunk_overlap": 150, "built_at": "", "archive": "", "documents": 0, "chunks": 0, "vector_index": "flat"}'
    assert Manifest.from_json(old).embedding == ""
