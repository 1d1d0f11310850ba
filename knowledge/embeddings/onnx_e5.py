"""multilingual-e5-small on ONNX Runtime, 8-bit (the export of onnx_export.py); numpy and
onnxruntime only (tokens by unigram.py), so the Rasa and the app venvs both run it.

    e5 = OnnxE5.load("models/e5-small-onnx")      # None when the export or the runtime is missing
    e5.query(["làm căn cước mất bao lâu"])        # (1, 384) float32, L2-normalised, "query: " added

Texts are cut to e5's 512 tokens (as sentence-transformers does). One compute thread by default:
each process of the stack answers one message per core (see api/stack.py THREAD_DEFAULTS).
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "models" / "e5-small-onnx"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
MAX_TOKENS = 512
REQUIRED_FILES = ("encoder.onnx", "word_embeddings.int8.npy", "word_scales.npy", "vocab.json")


class OnnxE5:
    def __init__(self, folder: Path, threads: int = 1):
        import onnxruntime

        from .unigram import UnigramTokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(folder / "encoder.onnx"), options,
                                                     providers=["CPUExecutionProvider"])
        # memory-mapped: only the rows of tokens actually seen become resident
        self._rows = np.load(folder / "word_embeddings.int8.npy", mmap_mode="r")
        self._scales = np.load(folder / "word_scales.npy")
        self._tokenizer = UnigramTokenizer.from_file(folder / "vocab.json")
        self.dim = int(self._rows.shape[1])

    @classmethod
    def load(cls, folder: Path | str | None = None, threads: int = 1) -> "OnnxE5 | None":
        """The engine, or None (logged) when its files or onnxruntime/tokenizers are missing."""
        folder = Path(folder) if folder else DEFAULT_FOLDER
        missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
        if missing:
            log.info("e5 on ONNX Runtime unavailable: %s missing in %s", ", ".join(missing), folder)
            return None
        try:
            return cls(folder, threads)
        except (ImportError, OSError, ValueError, RuntimeError) as error:
            log.warning("e5 on ONNX Runtime unavailable (%s: %s)", type(error).__name__, error)
            return None

    def query(self, texts: list[str] | str) -> np.ndarray:
        return self.encode(texts, QUERY_PREFIX)

    def passage(self, texts: list[str] | str) -> np.ndarray:
        return self.encode(texts, PASSAGE_PREFIX)

    def encode(self, texts: list[str] | str, prefix: str) -> np.ndarray:
        """(n, 384) L2-normalised vectors; a single string gives (384,)."""
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        for row, text in enumerate(items):
            out[row] = self._one(prefix + text)
        return out[0] if single else out

    def token_count(self, text: str, prefix: str = QUERY_PREFIX) -> int:
        return len(self._tokenizer.encode(prefix + text, MAX_TOKENS))

    def _one(self, text: str) -> np.ndarray:
        """One text at a time: activations are quantized per call, so a text embedded in a batch
        would get a slightly different vector (the same text must always give the same vector)."""
        index = np.asarray(self._tokenizer.encode(text, MAX_TOKENS))
        embeds = (self._rows[index] * self._scales[index, None])[np.newaxis].astype(np.float32)
        mask = np.ones((1, len(index)), dtype=np.int64)
        return self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0][0]
