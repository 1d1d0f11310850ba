"""Intent head: logistic regression over word and character n-grams and the e5 sentence vector.

DIET learns its own embeddings from ~3,500 short messages and over-fits their wording; a
linear model over TF-IDF n-grams of the normalised text (diacritics folded, teencode and
regional words expanded: core/text/normalize.py) plus the pre-trained e5 sentence vector
generalises better to messages written by other people (measured in the README). When a
classifier placed before it (e.g. DIET) already ranked the intents, both rankings can be
blended: `diet_weight` of that classifier's probability, the rest of this head's (0 by
default: measured, the blend was no better).

The text read is the span the tokenizer kept (a long story: its question sentence). The
model is stored as plain arrays (vocabularies, idf, coefficients), no pickle.
"""
from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack

from core.text.normalize import normalize_text
from knowledge.answers.topic import question_frame

log = logging.getLogger(__name__)
# probabilities of the last distinct inputs kept at inference (citizens repeat short texts and
# the buttons' payloads; keyed by the text and its 384-float vector: ~2 KB each, ~8 MB in all)
INFERENCE_CACHE_SIZE = 4096

ANALYZERS = {
    "word": {"analyzer": "word", "ngram_range": (1, 2)},
    "tail": {"analyzer": "word", "ngram_range": (1, 2)},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 4)},
    # one-letter words count here: the topic placeholder "x", "o" (ở) in "x o dau"
    "frame": {"analyzer": "word", "ngram_range": (1, 3), "token_pattern": r"(?u)\b\w+\b"},
}


CLAUSE_END = re.compile(r"[,.;:?!\n]+")
WORD = re.compile(r"[^\W\d_]+")


def question_tail(text: str, words: int) -> str:
    """The last `words` words of the last clause: where a Vietnamese question puts its question
    words ("... thì nộp ở đâu", "... tốn nhiêu dzậy"). A block of its own lets the head learn
    them apart from the topic words, which the training data ties to one intent or another."""
    clauses = [c for c in CLAUSE_END.split(text) if c.strip()]
    if not clauses or words <= 0:
        return ""
    # contact details after the question ("…, sđt 0912345678") are not where the question is
    asking = next((c for c in reversed(clauses) if sum(WORD.fullmatch(w) is not None for w in c.split()) >= 2),
                  clauses[-1])
    return " ".join(asking.split()[-words:])


def focused_span(message: Message) -> str:
    """The span the tokenizer kept (the whole message unless it is a long story)."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    if tokens:
        text = text[tokens[0].start: tokens[-1].end]
    return text


def _is_focused_story(message: Message) -> bool:
    """A long story the tokenizer cut down to its question sentence."""
    # words only: punctuation and emoji the tokenizer drops do not make a message a story
    return len(WORD.findall(focused_span(message))) < len(WORD.findall(message.get(TEXT) or "")) - 2


class NgramFeatures:
    """TF-IDF (sublinear tf, smoothed idf, l2 rows) of one analyzer, from stored arrays."""

    def __init__(self, kind: str, vocabulary: Dict[str, int], idf: np.ndarray):
        from sklearn.feature_extraction.text import CountVectorizer

        self.kind, self.vocabulary, self.idf = kind, vocabulary, idf
        self._counter = CountVectorizer(vocabulary=vocabulary, **ANALYZERS[kind])

    @classmethod
    def fit(cls, kind: str, texts: List[str], min_df: int) -> "NgramFeatures":
        from sklearn.feature_extraction.text import TfidfVectorizer

        fitted = TfidfVectorizer(min_df=min_df, sublinear_tf=True, **ANALYZERS[kind]).fit(texts)
        vocabulary = {term: int(i) for term, i in fitted.vocabulary_.items()}
        return cls(kind, vocabulary, fitted.idf_.astype(np.float32))

    def transform(self, texts: List[str]) -> csr_matrix:
        counts = self._counter.transform(texts).astype(np.float32)
        counts.data = 1.0 + np.log(counts.data)
        weighted = counts.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return csr_matrix(weighted.multiply(1.0 / norms[:, None]))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Logistic regression on n-grams + e5, blended with the previous classifier's ranking."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # inverse regularisation of the logistic regression
            "C": 8.0,
            # weight of the dense (e5) sentence vector next to the l2-normalised n-gram blocks
            "dense_weight": 1.0,
            # share of the previous classifier's (DIET's) probability in the blend; 0: this head only
            "diet_weight": 0.0,
            "char_min_df": 2,
            "word_min_df": 1,
            "ranking_length": 10,
            # words of the last clause given their own word n-gram block; 0: no such block
            "tail_words": 0,
            # a word n-gram block of the question's frame: the span with its topic words replaced
            # by one placeholder (knowledge/answers/topic.py question_frame)
            "frame_block": False,
            # a long story classified by its question sentence also gets a reading of the whole
            # story; these intents, which a story tells rather than asks (a payment that failed,
            # an account in trouble, a dossier overdue), gain `story_weight` of that reading
            "story_intents": [],
            "story_weight": 0.0,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[str, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self._model = model
        self._recent: OrderedDict[tuple, np.ndarray] = OrderedDict()   # (text, sentence vector) -> row
        self._lock = threading.Lock()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    # -- features ------------------------------------------------------------------------------

    def _matrix(self, messages: List[Message], blocks: List[NgramFeatures],
                spans: Optional[List[str]] = None) -> csr_matrix:
        spans = spans if spans is not None else [focused_span(m) for m in messages]
        parts = [block.transform(self._block_texts(block.kind, spans)) for block in blocks]
        dense = np.stack([self._dense(m) for m in messages]) * self._config["dense_weight"]
        if dense.shape[1]:
            parts.append(csr_matrix(dense))
        return hstack(parts).tocsr()

    def _block_texts(self, kind: str, spans: List[str]) -> List[str]:
        """What one n-gram block reads of each focused span, normalised."""
        if kind == "tail":
            return [normalize_text(question_tail(s, int(self._config["tail_words"]))) for s in spans]
        if kind == "frame":
            return [normalize_text(question_frame(s)) for s in spans]
        return [normalize_text(s) for s in spans]

    @staticmethod
    def _dense(message: Message) -> np.ndarray:
        _, sentence = message.get_dense_features(TEXT)
        if sentence is None:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(sentence.features, dtype=np.float32).reshape(-1)

    # -- training ------------------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        spans = [focused_span(e) for e in examples]
        texts = self._block_texts("word", spans)
        blocks = [NgramFeatures.fit("word", texts, self._config["word_min_df"]),
                  NgramFeatures.fit("char", texts, self._config["char_min_df"])]
        if self._config["tail_words"]:
            blocks.append(NgramFeatures.fit("tail", self._block_texts("tail", spans), self._config["word_min_df"]))
        if self._config["frame_block"]:
            blocks.append(NgramFeatures.fit("frame", self._block_texts("frame", spans), self._config["word_min_df"]))
        labels = [e.get(INTENT) for e in examples]
        classifier = LogisticRegression(C=self._config["C"], max_iter=3000).fit(self._matrix(examples, blocks), labels)
        self._model = {"blocks": blocks, "classes": [str(c) for c in classifier.classes_],
                       "coef": classifier.coef_.astype(np.float32), "intercept": classifier.intercept_.astype(np.float32)}
        self._persist()
        return self._resource

    def _persist(self) -> None:
        model = self._model
        with self._storage.write_to(self._resource) as folder:
            meta = {"classes": model["classes"], "blocks": [b.kind for b in model["blocks"]],
                    "tail_words": int(self._config["tail_words"]),
                    "vocabularies": [b.vocabulary for b in model["blocks"]]}
            (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            np.savez(folder / "arrays.npz", coef=model["coef"], intercept=model["intercept"],
                     **{f"idf_{i}": b.idf for i, b in enumerate(model["blocks"])})

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as folder:
                meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
                arrays = np.load(folder / "arrays.npz")
                blocks = [NgramFeatures(kind, vocab, arrays[f"idf_{i}"])
                          for i, (kind, vocab) in enumerate(zip(meta["blocks"], meta["vocabularies"]))]
                model = {"blocks": blocks, "classes": meta["classes"], "coef": arrays["coef"],
                         "intercept": arrays["intercept"]}
                # the tail block reads as many words as it was trained on
                config = {**config, "tail_words": int(meta.get("tail_words", 0))}
        except (ValueError, OSError, KeyError) as error:   # KeyError: a block kind this code does not know
            log.warning("intent head not loaded (%s): the previous classifier decides alone", error)
            model = None
        return cls(config, model_storage, resource, model)

    # -- inference -----------------------------------------------------------------------------

    def probabilities(self, messages: List[Message]) -> np.ndarray:
        """Each message's intent probabilities; those of a text and sentence vector seen lately
        are kept (the same inputs give the same row: nothing computed differs, issue 13)."""
        keys = [(m.get(TEXT) or "", focused_span(m), self._dense(m).tobytes()) for m in messages]
        with self._lock:
            known = {k: self._recent[k] for k in keys if k in self._recent}
            for key in known:
                self._recent.move_to_end(key)
        missing = [i for i, k in enumerate(keys) if k not in known]
        if missing:
            rows = self._probabilities([messages[i] for i in missing])
            fresh = {keys[i]: row.copy() for i, row in zip(missing, rows)}
            known.update(fresh)
            with self._lock:
                self._recent.update(fresh)
                while len(self._recent) > INFERENCE_CACHE_SIZE:
                    self._recent.popitem(last=False)
        return np.stack([known[k] for k in keys])

    def _probabilities(self, messages: List[Message]) -> np.ndarray:
        probs = self._softmax(self._matrix(messages, self._model["blocks"]))
        story_weight = float(self._config["story_weight"])
        told = [i for i, m in enumerate(messages) if _is_focused_story(m)]
        if story_weight and told:
            # the whole story's words, with the question's sentence vector (no second e5 pass)
            whole = self._softmax(self._matrix([messages[i] for i in told], self._model["blocks"],
                                               [messages[i].get(TEXT) for i in told]))
            story_intents = set(self._config["story_intents"])
            columns = [j for j, c in enumerate(self._model["classes"]) if c in story_intents]
            for row, i in enumerate(told):
                probs[i, columns] += story_weight * whole[row, columns]
                probs[i] /= probs[i].sum()
        return probs

    def _softmax(self, matrix: csr_matrix) -> np.ndarray:
        model = self._model
        scores = np.asarray(matrix @ model["coef"].T + model["intercept"])
        if len(model["classes"]) == 2:   # a binary fit has one row of coefficients: the second class's logit
            scores = np.hstack([np.zeros_like(scores), scores])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if self._model is None or not todo:
            return messages
        classes = self._model["classes"]
        weight = float(self._config["diet_weight"])
        for message, probs in zip(todo, self.probabilities(todo)):
            blended = dict(zip(classes, (1.0 - weight) * probs))
            if weight:
                for entry in message.get(INTENT_RANKING_KEY) or []:
                    if entry.get("name") in blended:
                        blended[entry["name"]] += weight * float(entry.get("confidence") or 0.0)
            ranking = sorted(({"name": n, "confidence": float(c)} for n, c in blended.items()),
                             key=lambda e: -e["confidence"])[: self._config["ranking_length"]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
