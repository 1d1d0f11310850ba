"""What the bot understood of the last citizen message, read from Rasa's tracker."""
from __future__ import annotations

from typing import Any

# turns the bot did not understand: two in a row lead to an officer offer
FAILED_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
COMPLAINT_INTENT = "complain"
# slots that are bookkeeping, not something the citizen told the bot
INTERNAL_SLOTS = frozenset({"requested_slot", "session_started_metadata", "procedure_candidates", "answer_page"})


def from_tracker(tracker: dict[str, Any]) -> dict[str, Any]:
    latest = tracker.get("latest_message") or {}
    intent = latest.get("intent") or {}
    slots = tracker.get("slots") or {}
    filled = {k: v for k, v in slots.items() if k not in INTERNAL_SLOTS and v not in (None, "", [], {})}
    active_loop = (tracker.get("active_loop") or {}).get("name")
    return {
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "entities": [
            {k: e.get(k) for k in ("entity", "value", "start", "end")}
            for e in latest.get("entities") or []
        ],
        "procedure_code": slots.get("procedure_code"),
        "filled_fields": filled,
        "active_loop": active_loop,
        "requested_slot": slots.get("requested_slot"),
        "answered_procedure": _answered_procedure(tracker.get("events") or []),
        "turn_actions": _turn_actions(tracker.get("events") or []),
    }


def _turn_actions(events: list[dict[str, Any]]) -> list[str]:
    """The bot's actions since the last user message (what it did with this turn)."""
    names: list[str] = []
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") not in (None, "action_listen"):
            names.append(str(event["name"]))
    return names[::-1]


def _answered_procedure(events: list[dict[str, Any]]) -> bool:
    """Whether this turn's actions answered about a procedure (they set procedure_code after
    the last user message): a message the NLU could not place may still be answered by search."""
    for event in reversed(events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == "procedure_code" and event.get("value"):
            return True
    return False
