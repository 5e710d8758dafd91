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
