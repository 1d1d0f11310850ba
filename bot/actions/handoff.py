"""action_request_human: the citizen asked for an officer (or accepted the bot's offer).

Thin Rasa glue: the queue, office hours and callback logic live in domain.handoff.service.
"""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from starlette.concurrency import run_in_threadpool

from domain.handoff.service import get_conversation, handoff_reply, request_handoff
from domain.services import current


def _queue(sender_id: str, channel: str | None, phone: str | None, text: str):
    with current().db.session() as session:
        conversation = get_conversation(session, sender_id)
        # accepting an offer keeps the offer's reason (repeated_fallback, complaint)
        reason = (conversation.offer_reason if conversation else None) or "request_human"
        return request_handoff(session, sender_id, reason, channel=channel, phone=phone,
                               message=text if phone else None)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        latest = tracker.latest_message or {}
        channel = (latest.get("metadata") or {}).get("channel")
        phone = next(tracker.get_latest_entity_values("phone_number"), None)
        result = await run_in_threadpool(_queue, tracker.sender_id, channel, phone, latest.get("text") or "")
        dispatcher.utter_message(**handoff_reply(result))
        return []
