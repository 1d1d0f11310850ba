"""The fixed user-goal taxonomy (shared/contract/intents.md) the product reports."""
from __future__ import annotations

from typing import Any

INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny",
    "ask_procedure", "ask_documents", "ask_fee", "ask_processing_time", "ask_where", "ask_online",
    "account_help", "start_submission", "check_status", "payment_help",
    "request_human", "complain", "out_of_scope",
)
ENTITIES = ("receipt_code", "id_number", "phone_number", "date", "person_name")


def reported_intent(parse: dict[str, Any]) -> dict[str, Any]:
    """Map Rasa's parse onto a taxonomy intent.

    Rasa's FallbackClassifier puts `nlu_fallback` on top when unsure; the contract
    reports a user goal, so the best taxonomy intent of the ranking is used instead.
    """
    candidates = [parse.get("intent") or {}] + list(parse.get("intent_ranking") or [])
    for candidate in candidates:
        if candidate.get("name") in INTENTS:
            return {"name": candidate["name"], "confidence": float(candidate.get("confidence", 0.0))}
    return {"name": "out_of_scope", "confidence": 0.0}


def reported_entities(parse: dict[str, Any]) -> list[dict[str, Any]]:
    text = parse.get("text") or ""
    return [
        # the contract wants the exact substring, not a synonym-mapped value
        {"entity": e["entity"], "value": text[e["start"]:e["end"]], "start": e["start"], "end": e["end"]}
        for e in parse.get("entities") or []
        if e.get("entity") in ENTITIES
    ]
