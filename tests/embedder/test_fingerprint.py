"""The fingerprint changes whenever the vectors would: model, weights, quantisation, prompts."""

from __future__ import annotations

from embedder.st_embedder import SentenceTransformerEmbedder


def _variant(e5, **changes) -> SentenceTransformerEmbedder:
    args = dict(name=e5.name, weights_hash=e5.weights_hash, quantize=e5.quantize, prompts=e5.prompts)
    args.update(changes)
    return SentenceTransformerEmbedder(e5.model, batch_size=8, **args)


def test_fingerprint_names_model_weights_quantisation_and_prompts(e5, e5_int8):
    fp = e5.fingerprint
    assert fp.startswith("multilingual-e5-small|weights=") and "fp32" in fp and "'query: '" in fp
    assert e5_int8.fingerprint != fp and "int8" in e5_int8.fingerprint
    assert e5_int8.weights_hash == e5.weights_hash  # same weights, different arithmetic
    assert _variant(e5).fingerprint == fp  # deterministic
    assert _variant(e5, name="/models/other-e5").fingerprint != fp
    assert _variant(e5, weights_hash="0" * 64).fingerprint != fp
    assert _variant(e5, prompts={"query": "", "passage": ""}).fingerprint != fp


def test_weights_hash_is_the_built_file(e5, real_settings):
    from embedder.default_model import model_dir, read_manifest

    manifest = read_manifest(model_dir(real_settings.models_dir))
    assert e5.weights_hash == manifest["files"]["model.safetensors"]["sha256"]


def test_any_local_folder_with_prompt_override(e5, real_settings, passages):
    """settings.model as a folder path: its own prompts are read, settings override them."""
    import numpy as np

    from embedder import load_embedder
    from embedder.default_model import model_dir

    folder = str(model_dir(real_settings.models_dir))
    other = load_embedder(real_settings.with_(model=folder, query_prompt=""))
    assert other.prompts == {"query": "", "passage": "passage: "}
    assert other.name == folder and other.fingerprint != e5.fingerprint
    assert other.weights_hash != e5.weights_hash  # hashed from the loaded tensors, not the file
    text = passages["forest"]
    np.testing.assert_allclose(other.embed([text], "passage"), e5.embed([text], "passage"), atol=1e-5)
    assert float(other.embed([text], "query")[0] @ e5.embed([text], "query")[0]) < 0.999  # no "query: "
