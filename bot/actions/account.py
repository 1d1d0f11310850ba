"""The account walkthrough (account_help): VNeID step by step, from knowledge/guides/vneid.yml.

Thin glue around bot/guides: the step reached lives in the `guide_state` slot, so the
citizen can stop and come back to the same step; off-topic messages get the normal answer
and then the offer to go on.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from starlette.concurrency import run_in_threadpool

from bot.actions.forms_base import (
    FLOW_SLOT,
    GUIDE_SLOT,
    GuidedFlowAction,
    hand_over,
    is_stale,
    latest_message,
    now,
    utter,
)
from bot.forms.flow import Message, Outcome, Turn
from bot.guides.engine import GuideEngine
from knowledge import wording
from knowledge.flows.guides import load_guides

log = logging.getLogger(__name__)
GUIDE = "vneid"


CONTEXT_MESSAGES = 3


def earlier_messages(tracker: Tracker, limit: int = CONTEXT_MESSAGES) -> list[str]:
    """The citizen's messages before this one, oldest first (buttons' payloads left out)."""
    texts = [e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"]
    return [t for t in texts[:-1] if t and not t.startswith("/")][-limit:]


def paused_guide(tracker: Tracker) -> dict | None:
    state = tracker.get_slot(GUIDE_SLOT)
    if isinstance(state, dict) and state.get("status") == "paused" and tracker.get_slot(FLOW_SLOT) != "account":
        return state
    return None


def _resumable(state: Any) -> bool:
    return isinstance(state, dict) and state.get("stage") not in (None, "start", "done") and state.get("status") != "finished"


class ActionAccountGuide(GuidedFlowAction):
    flow = "account"

    def name(self) -> str:
        return "action_account_guide"

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[list] = []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        guide = ActionAccountGuide()  # one instance per message: the pending trace is this message's
        events = await guide._run(dispatcher, tracker, domain)
        await guide.flush_trace(tracker.sender_id)
        return events

    async def flush_trace(self, sender_id: str) -> None:
        pending, self._pending = self._pending, []
        if pending:
            try:
                await run_in_threadpool(_record, sender_id, pending)
            except Exception:  # noqa: BLE001 - the trace must not break the conversation
                log.exception("recording the guide trace failed")

    async def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        message = latest_message(tracker)
        engine = GuideEngine(load_guides()[GUIDE], earlier_messages(tracker))
        state = tracker.get_slot(GUIDE_SLOT)
        active = tracker.get_slot(FLOW_SLOT) == self.flow and isinstance(state, dict)
        if not active:
            text = "" if message.text.startswith("/") else message.text
            turn = engine.resume(state, text) if _resumable(state) else engine.start(text)
            return self._keep(turn, dispatcher, active=True)
        if message.text.startswith("/account_help"):  # the menu button again: show where we are
            return self._keep(engine.resume(state), dispatcher, active=True)
        turn = engine.handle(state, message)
        if is_stale(state) and turn.outcome != Outcome.FORWARD:
            return self._keep(engine.after_forward(state), dispatcher, active=True)
        return await self._apply(turn, engine, dispatcher, tracker, domain, message)

    async def _apply(self, turn: Turn, engine: GuideEngine, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: dict, message: Message) -> list[dict[str, Any]]:
        if turn.outcome in (Outcome.CONTINUE, Outcome.OFFER_OFFICER):
            return self._keep(turn, dispatcher, active=True)
        if turn.outcome == Outcome.PAUSED:
            return self._keep(turn, dispatcher, active=False)
        if turn.outcome == Outcome.HANDOFF:
            events = self._keep(turn, dispatcher, active=False)
            return events + await hand_over(dispatcher, tracker, domain, stuck=False)
        if turn.outcome == Outcome.FORWARD:
            before = self._keep(Turn(dict(turn.state, status="paused"), []), dispatcher, active=False)
            how, forwarded = await self.forward(message, dispatcher, tracker, domain, turn.forward_as)
            if how in ("flow", "followup"):  # a form or another flow takes over; the guide waits
                dispatcher.utter_message(text=wording.say("flows.guide_kept_while_away"))
                return before + forwarded
            return forwarded + self._keep(engine.after_forward(turn.state), dispatcher, active=True)
        utter(dispatcher, turn.replies)  # FINISHED
        self._pending.extend(turn.state.pop("pending", None) or [])
        return [SlotSet(GUIDE_SLOT, None), SlotSet(FLOW_SLOT, None)]

    def _keep(self, turn: Turn, dispatcher: CollectingDispatcher, *, active: bool) -> list[dict[str, Any]]:
        utter(dispatcher, turn.replies)
        state = dict(turn.state, touched=now())
        self._pending.extend(state.pop("pending", None) or [])
        if not active:
            state["status"] = "paused"
        return [SlotSet(GUIDE_SLOT, state), SlotSet(FLOW_SLOT, self.flow if active else None)]

    async def resume_guide(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        engine = GuideEngine(load_guides()[GUIDE])
        events = self._keep(engine.resume(tracker.get_slot(GUIDE_SLOT)), dispatcher, active=True)
        await self.flush_trace(tracker.sender_id)
        return events


def _record(sender_id: str, pending: list[list]) -> None:
    from domain import audit
    from domain.services import current

    with current().db.session() as session:
        identified: set[str] = set()
        for guide, steps, procedure in pending:
            if procedure and procedure not in identified:
                audit.procedure_identified(session, sender_id, procedure, "guide")
                identified.add(procedure)
            audit.account_guidance(session, sender_id, guide, int(steps))
