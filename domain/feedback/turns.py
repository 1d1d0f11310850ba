"""The improvement loop's after-turn step, run by the conversation router after every bot turn.

From what the turn did (the audit trace of this turn, Rasa's understanding, a new handoff) it
puts badly handled citizen turns on the desk and offers "Hữu ích / Chưa đúng" once per topic:
after a procedure answer, a finished form, a status check and a handoff.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.audit.models import TraceEvent
from domain.audit.record import current_turn_sql
from domain.feedback import texts
from domain.feedback.desk_items import put_on_desk
from domain.feedback.models import (
    DENIED_PROCEDURE,
    FALLBACK,
    HANDOFF_AFTER_FAILURE,
    LOW_CONFIDENCE,
    FeedbackOffer,
)
from domain.handoff.messages import log_message
from domain.handoff.models import Conversation, ConversationMessage, Handoff
from domain.handoff.service import get_conversation
from domain.handoff.understanding import FAILED_INTENTS

LOW_CONFIDENCE_BELOW = 0.5
FALLBACK_INTENTS = frozenset({"nlu_fallback"})
PROCEDURE_INTENTS = frozenset({"ask_procedure", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
                               "ask_online"})
ANSWER_VIAS = ("question", "button")


def previous_inbound(session: Session, conversation: Conversation, before_id: int,
                     limit: int = 1) -> list[ConversationMessage]:
    """The citizen's earlier messages (newest first), button payloads included."""
    return list(session.scalars(
        select(ConversationMessage)
        .where(ConversationMessage.conversation_id == conversation.id, ConversationMessage.direction == "in",
               ConversationMessage.id < before_id)
        .order_by(ConversationMessage.id.desc()).limit(limit)))


def _events(session: Session, sender_id: str) -> list[TraceEvent]:
    """The audit trace of the current turn (one query: the turn is counted inside it)."""
    return list(session.scalars(select(TraceEvent).where(TraceEvent.sender_id == sender_id,
                                                         TraceEvent.turn == current_turn_sql(sender_id))))


def _handoff_now(session: Session, conversation: Conversation, inbound: ConversationMessage,
                 events: list[TraceEvent], understanding: dict[str, Any] | None) -> bool:
    if any(e.kind == "handoff" for e in events):
        return True
    if (understanding or {}).get("intent") == "request_human":
        return True
    return session.scalar(select(Handoff.id).where(Handoff.conversation_id == conversation.id,
                                                   Handoff.requested_at >= inbound.created_at).limit(1)) is not None


def _topic(events: list[TraceEvent], understanding: dict[str, Any] | None, handed_off: bool) -> tuple[str, str] | None:
    """(kind, topic) of what this turn did that a citizen can rate, the most final first."""
    for event in events:
        if event.kind == "form" and (event.data or {}).get("stage") == "submitted":
            return "form", f"form:{event.data.get('procedure')}"
    if any(e.kind == "status" for e in events):
        return "status", "status"
    if handed_off:
        return "handoff", "handoff"
    understanding = understanding or {}
    in_flow = bool(understanding.get("active_loop") or (understanding.get("filled_fields") or {}).get("guided_flow"))
    if in_flow:
        return None
    for event in events:
        if event.kind == "procedure" and (event.data or {}).get("via") in ANSWER_VIAS:
            return "procedure", f"procedure:{event.data.get('code')}"
    if understanding.get("answered_procedure") and understanding.get("procedure_code"):
        return "procedure", f"procedure:{understanding['procedure_code']}"
    return None


def _to_desk(session: Session, conversation: Conversation, inbound: ConversationMessage,
             understanding: dict[str, Any] | None, handed_off: bool, now: datetime) -> None:
    understanding = understanding or {}
    intent, confidence = understanding.get("intent"), understanding.get("confidence")
    in_flow = bool(understanding.get("active_loop") or (understanding.get("filled_fields") or {}).get("guided_flow"))
    if understanding and not in_flow:
        if intent in FALLBACK_INTENTS and not understanding.get("answered_procedure"):
            put_on_desk(session, conversation, inbound, FALLBACK, now)
        elif (isinstance(confidence, (int, float)) and confidence < LOW_CONFIDENCE_BELOW
              and intent not in FAILED_INTENTS):
            put_on_desk(session, conversation, inbound, LOW_CONFIDENCE, now)
        if intent == "deny":
            earlier = previous_inbound(session, conversation, inbound.id)
            if earlier and earlier[0].intent in PROCEDURE_INTENTS and earlier[0].procedure_code:
                put_on_desk(session, conversation, earlier[0], DENIED_PROCEDURE, now)
    if handed_off:
        for earlier in [inbound, *previous_inbound(session, conversation, inbound.id, limit=4)]:
            if earlier.intent in FAILED_INTENTS and not (earlier.text or "").startswith("/"):
                put_on_desk(session, conversation, earlier, HANDOFF_AFTER_FAILURE, now)
                break


def offer_buttons(offer_id: int) -> list[dict]:
    return [{"title": texts.UP_BUTTON["title"], "payload": texts.payload({"rating": "up", "offer": offer_id})},
            {"title": texts.DOWN_BUTTON["title"], "payload": texts.payload({"rating": "down", "offer": offer_id})}]


def after_bot_turn(session: Session, sender_id: str, inbound_id: int, understanding: dict[str, Any] | None,
                   *, offer_feedback: bool = True, now: datetime | None = None) -> list[dict[str, Any]]:
    """Desk items for this turn; returns the feedback offer to append ({"text", "buttons"}) or nothing."""
    now = now or utcnow()
    conversation = get_conversation(session, sender_id)
    inbound = session.get(ConversationMessage, inbound_id)
    if conversation is None or inbound is None:
        return []
    events = _events(session, sender_id)
    handed_off = _handoff_now(session, conversation, inbound, events, understanding)
    _to_desk(session, conversation, inbound, understanding, handed_off, now)
    found = _topic(events, understanding, handed_off) if offer_feedback else None
    if found is None:
        return []
    kind, topic = found
    topic = topic[:96]
    exists = session.scalar(select(FeedbackOffer.id).where(FeedbackOffer.conversation_id == conversation.id,
                                                           FeedbackOffer.topic == topic))
    if exists is not None:
        return []  # never asked twice about one topic
    offer = FeedbackOffer(conversation_id=conversation.id, topic=topic, kind=kind, inbound_id=inbound.id,
                          channel=conversation.channel, created_at=now)
    session.add(offer)
    session.flush()
    buttons = offer_buttons(offer.id)
    log_message(session, conversation, direction="out", author="system", text=texts.OFFER, buttons=buttons, now=now)
    return [{"text": texts.OFFER, "buttons": buttons}]
