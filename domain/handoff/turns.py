"""The two database steps of every citizen message, around the (optional) Rasa call.

``before_turn`` decides who answers from the stored owner only — never from what the
bot said: the bot (Rasa is called), the queue (short acknowledgement once) or an officer
(nothing: the console shows the message live). ``after_turn`` logs the bot's answer with
what Rasa understood, and counts failed understandings to offer an officer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.text.patterns import find_entities
from domain.audit import record
from domain.handoff import guard, texts
from domain.handoff.messages import annotate, log_message
from domain.handoff.models import BOT, CALLBACK_AWAITING, OFFICER, QUEUED, ConversationMessage
from domain.handoff.officers import release_stale
from domain.handoff.service import (
    cancel_wait,
    get_conversation,
    get_or_create,
    queue_position,
    take_callback_words,
)
from domain.handoff.understanding import COMPLAINT_INTENT, FAILED_INTENTS

OFFER_REASONS = {COMPLAINT_INTENT: "complaint"}
# the bot's explicit "not something a public-service assistant does" answer
OUT_OF_SCOPE_ACTION = "utter_out_of_scope"


@dataclass
class Route:
    to_bot: bool
    replies: list[dict[str, Any]] = field(default_factory=list)  # {"text", "buttons"} when not to_bot
    inbound_id: int | None = None


def _phone_in(text: str) -> str | None:
    return next((m.value for m in find_entities(text) if m.entity == "phone_number"), None)


def _reply(session: Session, conversation, text: str, buttons: list[dict] | None = None,
           now: datetime | None = None) -> dict:
    log_message(session, conversation, direction="out", author="system", text=text, buttons=buttons, now=now)
    return {"text": text, "buttons": buttons or []}


def _logged_before(session: Session, conversation, inbound_id: int | None) -> ConversationMessage | None:
    """The citizen's message as logged by an earlier try of this turn (a replay after Rasa was down)."""
    if inbound_id is None:
        return None
    message = session.get(ConversationMessage, inbound_id)
    if message is None or message.conversation_id != conversation.id or message.direction != "in":
        return None
    return message


def before_turn(session: Session, sender_id: str, text: str, channel: str, *,
                disconnect_timeout: float, now: datetime | None = None, inbound_id: int | None = None) -> Route:
    """`inbound_id`: the message was logged by an earlier try of this turn (Rasa was down): not again."""
    now = now or utcnow()
    conversation = get_or_create(session, sender_id, channel, now)
    if conversation.owner == OFFICER:   # only an officer's conversation can be released
        release_stale(session, disconnect_timeout, now, sender_id=sender_id)
    conversation.channel = channel
    conversation.last_activity_at = now
    conversation.closed_at = None
    inbound = _logged_before(session, conversation, inbound_id) or log_message(
        session, conversation, direction="in", author="citizen", text=text, now=now)
    command = text.strip()

    if conversation.owner == OFFICER:
        return Route(False)
    if command == texts.CANCEL_PAYLOAD:
        cancel_wait(session, conversation, now)
        return Route(False, [_reply(session, conversation, texts.CANCELLED, [texts.OFFICER_BUTTON], now)])
    if conversation.owner == QUEUED:
        if command == texts.REQUEST_PAYLOAD:
            position = queue_position(session, conversation) or 1
            return Route(False, [_reply(session, conversation, texts.still_queued(position),
                                        [texts.BACK_TO_BOT_BUTTON], now)])
        if conversation.acknowledged_at is None:
            conversation.acknowledged_at = now
            return Route(False, [_reply(session, conversation, texts.ACKNOWLEDGE, now=now)])
        return Route(False)
    if conversation.callback_stage == CALLBACK_AWAITING:
        if not command.startswith("/"):
            answer = take_callback_words(session, conversation, text, _phone_in(text), now)
            return Route(False, [_reply(session, conversation, answer, now=now)])
        conversation.callback_stage = None  # a button: the citizen went back to the bot
    if guard.is_injection(text):  # refused here, never given to the bot; recorded for the audit
        record.refusal(session, sender_id, "injection")
        return Route(False, [_reply(session, conversation, guard.REFUSAL_TEXT, [texts.OFFICER_BUTTON], now)])
    return Route(True, inbound_id=inbound.id)


def after_turn(session: Session, sender_id: str, inbound_id: int, bot_messages: list[dict[str, Any]],
               understanding: dict[str, Any] | None, *, failure_threshold: int,
               now: datetime | None = None) -> list[dict[str, Any]]:
    """Log the bot's turn; returns extra messages to append (an officer offer)."""
    now = now or utcnow()
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        return []
    inbound = session.get(ConversationMessage, inbound_id)
    if inbound is not None and understanding is not None:
        annotate(inbound, understanding)
        conversation.bot_state = {
            "intent": understanding.get("intent"),
            "procedure_code": understanding.get("procedure_code"),
            "filled_fields": understanding.get("filled_fields") or {},
            "active_loop": understanding.get("active_loop"),
            "requested_slot": understanding.get("requested_slot"),
        }
    for message in bot_messages:
        log_message(session, conversation, direction="out", author="bot", text=message.get("text"),
                    buttons=message.get("buttons"), now=now)
    if understanding is not None and OUT_OF_SCOPE_ACTION in (understanding.get("turn_actions") or ()):
        record.refusal(session, sender_id, "out_of_scope")  # the bot said it may not help with this
    if understanding is None or conversation.owner != BOT:
        return []
    intent = understanding.get("intent")
    # inside a form or guide, names and addresses often parse as fallback/out of scope;
    # those flows count their own failed tries and offer an officer themselves
    in_flow = bool(understanding.get("active_loop") or (understanding.get("filled_fields") or {}).get("guided_flow"))
    if intent in FAILED_INTENTS and not in_flow and not understanding.get("answered_procedure"):
        conversation.failed_understandings = (conversation.failed_understandings or 0) + 1
    else:
        conversation.failed_understandings = 0
        conversation.offer_reason = OFFER_REASONS.get(intent)
    if conversation.failed_understandings >= failure_threshold:
        conversation.failed_understandings = 0
        conversation.offer_reason = "repeated_fallback"
        buttons = [texts.OFFICER_BUTTON, texts.NO_THANKS_BUTTON]
        log_message(session, conversation, direction="out", author="bot", text=texts.OFFER_AFTER_FAILURES,
                    buttons=buttons, now=now)
        return [{"text": texts.OFFER_AFTER_FAILURES, "buttons": buttons}]
    return []
