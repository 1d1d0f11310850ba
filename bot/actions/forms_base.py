"""Shared Rasa glue of the guided flows (form filling, account guide).

While a flow is active (slot `guided_flow`), rules send every message to its action; the
pure engines (bot/forms, bot/guides) decide what the message is. When it is about
something else, the action the normal rules would have run for that intent is run here,
in the same turn, and the flow then offers to continue. Paused flows are resumed by
"tiếp tục" (intent continue_flow) or by asking for the same flow again.
"""
from __future__ import annotations

import inspect
import logging
import time
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from starlette.concurrency import run_in_threadpool

from bot.forms.flow import Message, Reply

log = logging.getLogger(__name__)

FLOW_SLOT = "guided_flow"
FORM_SLOT = "form_state"
GUIDE_SLOT = "guide_state"
FLOW_ACTIONS = {"action_submission": "submission", "action_account_guide": "account"}
# an unfinished flow untouched this long is offered again instead of taking the message as an answer
STALE_SECONDS = 30 * 60
RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "rules"


def latest_message(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    return Message(text=latest.get("text") or "", intent=intent.get("name"),
                   confidence=float(intent.get("confidence") or 0.0))


def recent_texts(tracker: Tracker) -> list[str]:
    """The last few user messages before the latest one (buttons' payloads left out)."""
    from bot.forms.intake import recent_user_texts

    return recent_user_texts([e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"][:-1])


def user_turns(tracker: Tracker) -> int:
    return sum(1 for e in tracker.events or [] if e.get("event") == "user")


DETAILS_KEPT_TURNS = 8


def details_since(tracker: Tracker, start: int | None, form) -> list[str]:
    """The messages from user turn `start` on (the last one left out) that give this form's details:
    details acknowledged before a form was chosen. The slot keeps only the turn number, never the
    texts, and only the last few turns count."""
    from bot.forms.intake import gives_details

    if start is None:
        return []
    texts = [e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"]
    start = max(start, len(texts) - DETAILS_KEPT_TURNS)
    return [t for t in texts[start:-1] if t and not t.startswith("/") and gives_details(form, t)]


def utter(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        if reply.text or reply.buttons:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def now() -> float:
    return time.time()


def is_stale(state: dict | None) -> bool:
    touched = (state or {}).get("touched")
    return bool(touched) and now() - float(touched) > STALE_SECONDS


# --- the normal action for an intent --------------------------------------------------------

@lru_cache(maxsize=1)
def normal_actions(rules_dir: Path = RULES_DIR) -> dict[str, str]:
    """intent -> first action of the unconditional rules that start with it (bot/data/rules)."""
    mapping: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            steps = rule.get("steps") or []
            if rule.get("condition") or len(steps) < 2 or "action" not in steps[1]:
                continue
            first = steps[0]
            intents = [first["intent"]] if "intent" in first else [s["intent"] for s in first.get("or") or [] if "intent" in s]
            for intent in intents:
                mapping.setdefault(intent, steps[1]["action"])
    return mapping


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


_action_classes: dict[str, type] = {}


def find_action(name: str) -> Action | None:
    """The rasa-sdk action of that name loaded in this process (bot.actions is imported whole)."""
    if name not in _action_classes:
        for cls in _subclasses(Action):
            if inspect.isabstract(cls):
                continue
            try:
                _action_classes.setdefault(cls().name(), cls)
            except Exception:  # noqa: BLE001 - a class that cannot be built here is not the one
                continue
    cls = _action_classes.get(name)
    return cls() if cls is not None else None


async def run_normal_action(message: Message, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: dict, exclude: str | None = None) -> tuple[str, list[dict[str, Any]], str | None]:
    """Answer the message as if no flow were active.

    Returns (how, events, action name): how = "ran" (answered here), "flow" (another guided
    flow took over), "followup" (a Rasa form must run next), "none" (no rule for it).
    """
    intent = message.intent or "nlu_fallback"
    name = normal_actions().get(intent) or normal_actions().get("nlu_fallback")
    if name is None or name == exclude:  # never the calling flow itself (its tracker is not updated yet)
        return "none", [], None
    if name.startswith("utter_"):
        dispatcher.utter_message(response=name)
        return "ran", [], name
    if name in (domain.get("forms") or {}):
        return "followup", [FollowupAction(name)], name
    action = find_action(name)
    if action is None:
        log.warning("no action %s in this process for intent %s", name, intent)
        return "none", [], name
    events = await action.run(dispatcher, tracker, domain) or []
    return ("flow" if name in FLOW_ACTIONS else "ran"), list(events), name


# --- officers -----------------------------------------------------------------------------------

def _field_failures_handoff(sender_id: str) -> dict | None:
    try:
        from domain.handoff.service import handoff_reply, request_handoff
        from domain.services import current
    except ImportError:
        return None
    with current().db.session() as session:
        return handoff_reply(request_handoff(session, sender_id, "field_failures"))


async def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict, *,
                    stuck: bool) -> list[dict[str, Any]]:
    """The citizen wants an officer. Stuck on a form field: queue with that reason; otherwise
    run the normal request_human action (queue, office hours, callbacks)."""
    if stuck:
        reply = await run_in_threadpool(_field_failures_handoff, tracker.sender_id)
        if reply is not None:
            dispatcher.utter_message(**reply)
            return []
    _how, events, _name = await run_normal_action(Message("/request_human", "request_human", 1.0),
                                                  dispatcher, tracker, domain)
    return events


class GuidedFlowAction(Action, ABC):
    """Common steps of the flow actions (abstract: rasa-sdk registers only the subclasses)."""

    flow: str = ""

    @abstractmethod
    def name(self) -> str: ...

    def flow_events(self, active: bool) -> list[dict[str, Any]]:
        return [SlotSet(FLOW_SLOT, self.flow if active else None)]

    async def forward(self, message: Message, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict, forward_as: str | None = None) -> tuple[str, list[dict[str, Any]]]:
        if forward_as:
            message = Message(message.text, forward_as, 1.0)
        how, events, _name = await run_normal_action(message, dispatcher, tracker, domain, exclude=self.name())
        return how, events
