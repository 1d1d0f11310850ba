"""Dossier status in the chat: thin Rasa glue around the status check's flow engine.

The questions, how answers are read, re-asks with their reason, "dừng" / "gặp cán bộ" /
"nhắc lại" and every sentence live in knowledge/flows/status_check.yml, run by
bot/forms/status_check.py. The Rasa form `status_check_form` keeps the state in its slots;
this module hands the engine the owner check (domain.dossiers.service.check_ownership
through status_guard: an unknown receipt and a wrong factor get the same answer, and the
lockout stops guessing) and turns the engine's decisions into Rasa events and messages.

Slots: status_check_outcome ends the form (verified / locked / gave_up / unavailable /
stopped / officer / back_to_form) or steers the next question (mismatch / repeat / back, and
whose_name / whose_name_again / name_given for a bare name while a paused form asks one). Slots only steer
the dialogue: whether a status may be shown or an opt-in taken is decided from the server's
record of a passed owner check (service.passed_check), never from slots a caller could
send. The audit trace records each refused check (other_person_data) and each disclosure at
the moment it happens.
"""
from __future__ import annotations

import asyncio
import json
import logging
import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import status_guard
from bot.actions.forms_base import hand_over, latest_message
from bot.forms.status_check import (
    FACTOR,
    INVALID,
    OUTCOME,
    RECEIPT,
    REQUESTED,
    STEERING,
    VERIFIED,
    WHOSE_NAME,
    WHOSE_NAME_AGAIN,
    StatusCheckEngine,
    read_factor,
)
from domain.dossiers import notifications, service
from domain.dossiers.identity import Factor, NotConfigured, OwnerHasher
from domain.dossiers.records import normalize_receipt_code
from domain.services import current

log = logging.getLogger(__name__)
T = TypeVar("T")

FORM = "status_check_form"
# intents whose own action resumes the paused form; any other "quay lại điền tiếp" gets action_continue_flow
RESUMING_INTENTS = ("start_submission", "continue_flow")


async def _in_db(work: Callable[..., T], *args: Any) -> T:
    """Run `work(session, *args)` in one transaction, off the event loop."""
    def run() -> T:
        with current().db.session() as session:
            return work(session, *args)

    return await asyncio.to_thread(run)


def _hasher() -> OwnerHasher | None:
    try:
        return OwnerHasher.from_settings(current().settings)
    except NotConfigured:
        log.warning("status check: DOSSIER_SECRET is not configured")
        return None


class OwnerCheck:
    """The engine's owner check for one conversation: the database, secret and lockout."""

    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id
        self.hasher: OwnerHasher | None = None

    def configured(self) -> bool:
        self.hasher = self.hasher or _hasher()
        return self.hasher is not None

    async def locked(self, code: str) -> bool:
        return await _in_db(status_guard.locked_refusal, self.sender_id, code)

    async def verify(self, code: str, factor: Factor) -> service.CheckResult:
        return await _in_db(status_guard.check, self.hasher, code, factor, self.sender_id)


def engine(tracker: Tracker | None = None) -> StatusCheckEngine:
    return StatusCheckEngine(OwnerCheck(tracker.sender_id) if tracker is not None else None)


def _entities(tracker: Tracker) -> set[str]:
    return {e.get("entity") for e in tracker.latest_message.get("entities") or []}


def back_to_form(tracker: Tracker, text: str) -> bool:
    """'tiếp tục điền tờ khai', or values for the form paused by this status check
    ('sđt 0912…, địa chỉ trọ: …' while the code is asked): the form goes on."""
    from bot.actions.submission import paused_drafts
    from bot.forms.intake import says_go_on
    from bot.forms.language import COMMAND_PHRASES, matches_phrase
    from bot.forms.reading import has_receipt_code, read_message
    from knowledge.flows.forms import load_forms

    drafts = paused_drafts(tracker)
    if not drafts or has_receipt_code(text):
        return False
    if matches_phrase(text, COMMAND_PHRASES["continue"], max_extra_words=4) or says_go_on(text):
        return True
    forms = load_forms()
    code, state = next(iter(drafts.items()))
    if code not in forms:
        return False
    found = read_message(forms[code], state.get("values") or {}, None, text)
    if read_factor(text) is not None and tracker.get_slot(REQUESTED) == FACTOR:
        return len(found) >= 2  # "sdt 0397…, thuong tru tai xom 3, …": more than the factor asked
    return bool(found)


def paused_name_question(tracker: Tracker) -> str | None:
    """The label of the paused form's question when it asks a person's name (the form paused by
    this status check), else None."""
    from bot.actions.submission import paused_drafts
    from knowledge.flows.forms import load_forms

    code, state = next(iter(paused_drafts(tracker).items()), (None, {}))
    form = load_forms().get(code)
    asked = state.get("current") if state.get("stage") == "asking" else None
    if form is None or not asked or not form.has_field(asked) or form.field(asked).type != "name":
        return None
    return form.field(asked).label


def held_name(tracker: Tracker) -> str | None:
    """The bare name the citizen sent before being asked whose it is (the latest one)."""
    from bot.forms.reading import is_bare_name

    texts = [e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"][:-1]
    return next((t.strip() for t in reversed(texts) if is_bare_name(t)), None)


async def back_to_form_with_name(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    """The check set aside for the paused form, which takes the name as the answer to its question
    (checked by the form's own rules) and asks its next one."""
    from bot.actions.submission import ActionSubmission, paused_drafts
    from knowledge.flows.forms import load_forms

    forms = load_forms()
    code = next((c for c in paused_drafts(tracker) if c in forms), None)
    dispatcher.utter_message(text=engine().say("set_aside"))
    if code is None:
        return []
    events = await ActionSubmission().resume_draft(code, dispatcher, tracker, text=held_name(tracker) or "")
    return [*events, FollowupAction("action_listen")]  # the resumed question is the whole answer


def _channel(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return notifications.channel_for(tracker.sender_id, metadata.get("channel"))


class ValidateStatusCheckForm(FormValidationAction):
    def name(self) -> str:
        return "validate_status_check_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        flow, message = engine(tracker), latest_message(tracker)
        # a bare name while the paused form asks one: whose is it? ("điền vào tờ khai" / "tra cứu")
        chosen = flow.name_choice(tracker.slots, message) or flow.whose_name(
            tracker.slots, message, lambda: paused_name_question(tracker) is not None)
        if chosen is not None:
            return [SlotSet(k, v) for k, v in chosen.items()]
        going_back: list[bool] = []
        if flow.leaving(tracker.slots, message, lambda: going_back.append(back_to_form(tracker, message.text)) or going_back[-1]):
            # reject the form's turn and close it: the bot then answers the new intent
            events = [ActionExecutionRejected(FORM), ActiveLoop(None), SlotSet(REQUESTED, None),
                      SlotSet(RECEIPT, None), SlotSet(FACTOR, None), SlotSet(INVALID, None), SlotSet(OUTCOME, None)]
            if any(going_back) and message.intent not in RESUMING_INTENTS:  # "dạ z quay lại điền tiếp giúp e", "…
                events.append(FollowupAction("action_continue_flow"))  # tiếp tục nhé. Địa chỉ: …", whatever the NLU said
            return events
        commanded = flow.on_command(tracker.slots, message) or flow.whose_name_again(tracker.slots, message)
        if commanded is not None:
            return [SlotSet(k, v) for k, v in commanded.items()]
        steering = tracker.get_slot(OUTCOME) in STEERING
        events = await super().run(dispatcher, tracker, domain)
        if steering and not any(e.get("name") == OUTCOME for e in events):
            events.append(SlotSet(OUTCOME, None))  # "nhắc lại" / "quay lại" steer one question only
        return events

    async def validate_receipt_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict) -> dict[str, Any]:
        return await engine(tracker).receipt_answer(value, tracker.slots, latest_message(tracker))

    async def validate_status_factor(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: dict) -> dict[str, Any]:
        return await engine(tracker).factor_answer(tracker.slots, latest_message(tracker))


class _AskStatusQuestion(Action, ABC):
    """action_ask_<slot>: the flow's question (abstract: rasa-sdk registers only the subclasses)."""

    slot = ""

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        asking_whose = tracker.get_slot(OUTCOME) in (WHOSE_NAME, WHOSE_NAME_AGAIN)
        reply = engine().question(self.slot, tracker.slots, latest_message(tracker), _entities(tracker),
                                  paused_name_question(tracker) if asking_whose else None)
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        return []


class ActionAskReceiptCode(_AskStatusQuestion):
    slot = RECEIPT

    def name(self) -> str:
        return "action_ask_receipt_code"


class ActionAskStatusFactor(_AskStatusQuestion):
    slot = FACTOR

    def name(self) -> str:
        return "action_ask_status_factor"


class ActionStatusCheckResult(Action):
    """After the form: the status answer, or why there is none."""

    def name(self) -> str:
        return "action_status_check_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        flow = engine()
        officer, again = flow.button("officer"), flow.button("again")
        outcome = tracker.get_slot(OUTCOME)
        code = tracker.get_slot(RECEIPT)
        reset = [SlotSet(RECEIPT, None), SlotSet(FACTOR, None), SlotSet(OUTCOME, None), SlotSet(INVALID, None)]
        if outcome == "verified":
            answer = await _in_db(status_guard.answer, code, tracker.sender_id)
            if answer is False:  # no passed check on record: nothing is shown
                dispatcher.utter_message(text=flow.say("owner_only"), buttons=[again, officer])
                return reset
            if answer is not None:
                text, subscribed, procedure = answer
                if procedure:
                    reset.append(SlotSet("procedure_code", procedure))
                buttons = [officer]
                if subscribed:
                    text = f"{text}\n{flow.say('already_subscribed')}"
                else:
                    subscribe = flow.button("subscribe")
                    subscribe["payload"] += json.dumps({RECEIPT: code})
                    buttons.insert(0, subscribe)
                dispatcher.utter_message(text=text, buttons=buttons)
                return reset
            outcome = "unavailable"
        if outcome == "locked":
            until = await _in_db(service.locked_until, tracker.sender_id, code)
            minutes = max(1, math.ceil((until - service.utcnow()).total_seconds() / 60)) if until else 15
            dispatcher.utter_message(text=flow.say("locked", minutes=minutes), buttons=[officer])
        elif outcome == "officer":  # "gặp cán bộ" typed while a question was asked
            return reset + await hand_over(dispatcher, tracker, domain, stuck=False)
        elif outcome == "back_to_form":  # a bare name the citizen said was for the paused form
            return reset + await back_to_form_with_name(dispatcher, tracker)
        elif outcome in ("gave_up", "stopped"):
            dispatcher.utter_message(text=flow.say(outcome), buttons=[again, officer])
        else:
            dispatcher.utter_message(text=flow.say("unavailable"), buttons=[officer])
        return reset


def _payload_code(tracker: Tracker) -> str | None:
    value = next(tracker.get_latest_entity_values(RECEIPT), None)
    return normalize_receipt_code(value) if value else None


class ActionSubscribeStatusUpdates(Action):
    """Opt in to notifications, only for a dossier this conversation proved it owns."""

    def name(self) -> str:
        return "action_subscribe_status_updates"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        code = await _in_db(status_guard.subscribe, _payload_code(tracker), _channel(tracker), tracker.sender_id)
        if code is None:
            flow = engine()
            dispatcher.utter_message(text=flow.say("subscribe_needs_check"),
                                     buttons=[flow.button("again"), flow.button("officer")])
        else:
            dispatcher.utter_message(text=engine().say("subscribed", code=code))
        return [SlotSet(RECEIPT, None)]


class ActionUnsubscribeStatusUpdates(Action):
    """Opt out (no proof needed: it only ever removes this conversation's own opt-in)."""

    def name(self) -> str:
        return "action_unsubscribe_status_updates"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        code = _payload_code(tracker) or next(reversed(tracker.get_slot(VERIFIED) or []), None)
        if code is None:
            dispatcher.utter_message(text=engine().say("which_to_unsubscribe"))
            return [SlotSet(RECEIPT, None)]
        await _in_db(status_guard.unsubscribe, code, tracker.sender_id)
        dispatcher.utter_message(text=engine().say("unsubscribed", code=code))
        return [SlotSet(RECEIPT, None)]
