"""Rasa tokenizer wrapping underthesea word segmentation, with exact character offsets.

Tokens are syllables by default (entity annotations always align with them) and each
keeps the citizen's original characters in `text`; its `lemma` is the normalised form
of the whole segmented word it belongs to: diacritics folded, teencode and
regional words expanded, syllables of a segmented word joined by "_" (e.g. "Khai sinh"
-> "khai_sinh", "ko" -> "khong", "ntn" -> "nhu_the_nao"). Featurizers with
use_lemma=True therefore see "lam giay khai sinh" and "làm giấy khai sinh" alike.
Structured entities (receipt codes, phones, dates) are kept as single tokens.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from core.text.normalize import normalize_word
from core.text.patterns import find_entities
from knowledge.answers.question_focus import focus_span

_SYLLABLE_RE = re.compile(r"\w+", re.UNICODE)
_PUNCT_ONLY_RE = re.compile(r"^[^\w]+$", re.UNICODE)


def _lemma(word: str) -> str:
    syllables = _SYLLABLE_RE.findall(word)
    if not syllables:
        return word
    return "_".join(normalize_word(s).replace(" ", "_") for s in syllables)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class VietnameseTokenizer(Tokenizer):
    """Vietnamese word segmentation (underthesea) for Rasa NLU."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # "syllable": one token per syllable, each carrying the lemma of the segmented
            # word it belongs to (entity spans always align); "word": one token per word
            "token_unit": "syllable",
            # a long story is classified by its question sentence (knowledge/answers/question_focus.py);
            # tokens keep their offsets in the whole message
            "focus_long_messages": False,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["underthesea"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        if attribute != TEXT:
            # intents / action names: plain whitespace split is enough
            return self._apply_token_pattern(self._convert_words_to_tokens(text.split(), text))
        if self._config.get("focus_long_messages"):
            # only the question of a long story is segmented (underthesea is slow on 100+ words)
            focused = self._tokens(text, *focus_span(text))
            if focused:
                return self._apply_token_pattern(focused)
        tokens = self._tokens(text, 0, len(text))
        if not tokens:
            tokens = [Token(text, 0, lemma=text.lower())] if text.strip() else []
        return self._apply_token_pattern(tokens)

    def _tokens(self, text: Text, start: int, end: int) -> List[Token]:
        """Tokens of text[start:end], offsets in the whole text; patterns (receipt codes, phones,
        dates) stay single tokens."""
        tokens: List[Token] = []
        cursor = start
        for match in find_entities(text):
            if match.start < start or match.end > end:
                continue
            tokens.extend(self._segment(text, cursor, match.start))
            tokens.append(Token(match.value, match.start, lemma=match.value.lower()))
            cursor = match.end
        tokens.extend(self._segment(text, cursor, end))
        return tokens

    def _segment(self, text: Text, start: int, end: int) -> List[Token]:
        chunk = text[start:end]
        if not chunk.strip():
            return []
        words = self._words(chunk)
        tokens: List[Token] = []
        offset = 0
        for word in words:
            position = chunk.find(word, offset)
            if position < 0:  # segmenter changed the characters: fall back to syllables
                return self._syllables(chunk, start)
            offset = position + len(word)
            if _PUNCT_ONLY_RE.match(word):
                continue
            lemma = _lemma(word)
            if self._config.get("token_unit") == "word":
                tokens.append(Token(word, start + position, lemma=lemma))
                continue
            for syllable in _SYLLABLE_RE.finditer(word):
                tokens.append(Token(syllable.group(0), start + position + syllable.start(), lemma=lemma))
        return tokens

    def _words(self, chunk: Text) -> List[Text]:
        from underthesea import word_tokenize  # heavy import: only when used

        return word_tokenize(chunk)

    def _syllables(self, chunk: Text, start: int) -> List[Token]:
        return [
            Token(m.group(0), start + m.start(), lemma=_lemma(m.group(0)))
            for m in re.finditer(r"\w+", chunk)
        ]
