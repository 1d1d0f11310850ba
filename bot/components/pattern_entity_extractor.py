"""Rasa entity extractor for the fixed-format entities (receipt_code, id_number,
phone_number, date). Pattern matches replace whatever the statistical extractor
guessed on the same characters; person_name stays with the statistical extractor (CRF).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from core.text.patterns import find_entities

PATTERN_ENTITIES = {"receipt_code", "id_number", "phone_number", "date"}


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PatternEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PatternEntityExtractor":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            matches = find_entities(text)
            kept = [
                e
                for e in message.get(ENTITIES, [])
                if e.get("entity") not in PATTERN_ENTITIES
                and all(e["end"] <= m.start or e["start"] >= m.end for m in matches)
            ]
            found = [
                {
                    "entity": m.entity,
                    "value": m.value,
                    "start": m.start,
                    "end": m.end,
                    "confidence_entity": 1.0,
                    "extractor": "PatternEntityExtractor",
                }
                for m in matches
            ]
            message.set(ENTITIES, sorted(kept + found, key=lambda e: e["start"]), add_to_output=True)
        return messages
