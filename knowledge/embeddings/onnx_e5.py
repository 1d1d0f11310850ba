"""multilingual-e5-small on ONNX Runtime, 8-bit (the export of onnx_export.py); numpy and
onnxruntime only (tokens by unigram.py), so the Rasa and the app venvs both run it.

    e5 = OnnxE5.load("models/e5-small-onnx")      # None when the export or the runtime is missing
    e5.query(["làm căn cước mất bao lâu"])        # (1, 384) float32, L2-normalised, "query: " added

Texts are cut to e5's 512 tokens (as sentence-transformers does). One compute thread by default:
each process of the stack answers one message per core (see api/stack.py THREAD_DEFAULTS). The
app's search asks for SEARCH_QUERY_THREADS (2) without spin-waiting: a long story's vector is
most of /understand's wait, and idle threads then cost no CPU (the spinning kind did, stack.py).
"""
from __future__ import annotations

import hashlib
import logging
import os
from functools import cached_property
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "models" / "e5-small-onnx"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
MAX_TOKENS = 512
ENCODERS = {"fast": "encoder.onnx", "faithful": "encoder-faithful.onnx"}
REQUIRED_FILES = ("word_embeddings.int8.npy", "word_scales.npy", "vocab.txt", "vocab_scores.npy",
                  "vocab.json")


class OnnxE5:
    def __init__(self, folder: Path, threads: int = 1, encoder: str = "fast"):
        import onnxruntime

        from .unigram import UnigramTokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        if threads > 1:   # idle threads wait without spinning: the app's other threads need the cores
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._encoder, self._path = encoder, folder / ENCODERS[encoder]
        self._session = onnxruntime.InferenceSession(str(self._path), options,
                                                     providers=["CPUExecutionProvider"])
        self._rows = TokenRows(folder / "word_embeddings.int8.npy")
        self._scales = np.load(folder / "word_scales.npy")
        self._tokenizer = UnigramTokenizer.from_folder(folder)
        self.dim = self._rows.dim

    @classmethod
    def load(cls, folder: Path | str | None = None, threads: int = 1, encoder: str = "fast") -> "OnnxE5 | None":
        """The engine ("fast" or "faithful" encoder, onnx_export.py), or None (logged) when its
        files or onnxruntime are missing."""
        folder = Path(folder) if folder else DEFAULT_FOLDER
        missing = [name for name in (*REQUIRED_FILES, ENCODERS[encoder]) if not (folder / name).is_file()]
        if missing:
            log.info("e5 on ONNX Runtime unavailable: %s missing in %s", ", ".join(missing), folder)
            return None
        try:
            return cls(folder, threads, encoder)
        except (ImportError, OSError, ValueError, RuntimeError) as error:
            log.warning("e5 on ONNX Runtime unavailable (%s: %s)", type(error).__name__, error)
            return None

    @cached_property
    def identity(self) -> str:
        """What a cache of vectors is keyed by: these exact weights (read only when asked, at
        training, not at every start)."""
        return f"onnx-{self._encoder}-{hashlib.sha256(self._path.read_bytes()).hexdigest()[:12]}"

    def query(self, texts: list[str] | str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        return self.encode(texts, QUERY_PREFIX, max_tokens)

    def passage(self, texts: list[str] | str) -> np.ndarray:
        return self.encode(texts, PASSAGE_PREFIX)

    def encode(self, texts: list[str] | str, prefix: str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """(n, 384) L2-normalised vectors; a single string gives (384,)."""
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        for row, text in enumerate(items):
            out[row] = self._one(prefix + text, max_tokens)
        return out[0] if single else out

    def token_count(self, text: str, prefix: str = QUERY_PREFIX) -> int:
        return len(self._tokenizer.encode(prefix + text, MAX_TOKENS))

    def _one(self, text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """One text at a time: activations are quantized per call, so a text embedded in a batch
        would get a slightly different vector (the same text must always give the same vector)."""
        index = np.asarray(self._tokenizer.encode(text, min(max_tokens, MAX_TOKENS)))
        embeds = (self._rows.take(index) * self._scales[index, None])[np.newaxis].astype(np.float32)
        mask = np.ones((1, len(index)), dtype=np.int64)
        return self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0][0]


class TokenRows:
    """Rows of the int8 token table read from the file as needed (os.pread). A memory map would
    do it too, but each row touched then maps the 64 KB of page cache around it into the
    process: measured, 1,636 distinct tokens made 76 MB resident. Here only the rows read are."""

    def __init__(self, path: Path):
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran_order, dtype = read_header(handle)
            self._offset = handle.tell()
        if len(shape) != 2 or fortran_order or dtype != np.int8:
            raise ValueError(f"{path}: expected a C-ordered int8 matrix, found {dtype} {shape}")
        self.count, self.dim = shape
        self._fd = os.open(path, os.O_RDONLY)

    def take(self, ids: np.ndarray) -> np.ndarray:
        out = np.empty((len(ids), self.dim), dtype=np.int8)
        for row, token in enumerate(ids):
            out[row] = np.frombuffer(os.pread(self._fd, self.dim, self._offset + int(token) * self.dim), np.int8)
        return out

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)
