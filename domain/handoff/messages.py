"""The message log: every message in or out of a conversation, published live to consoles."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.handoff.live import publish_after_commit
from domain.handoff.models import Conversation, ConversationMessage
from domain.handoff.timeutil import iso


def log_message(
    session: Session,
    conversation: Conversation,
    *,
    direction: str,
    author: str,
    text: str | None,
    buttons: list[dict] | None = None,
    officer_id: int | None = None,
    now: datetime | None = None,
) -> ConversationMessage:
    message = ConversationMessage(
        conversation_id=conversation.id, direction=direction, author=author, officer_id=officer_id,
        channel=conversation.channel, text=text, buttons=buttons or None, created_at=now or utcnow(),
        owner=conversation.owner,
    )
    session.add(message)
    session.flush()
    publish_after_commit(session, {"type": "message", "sender_id": conversation.sender_id,
                                   "message": message_json(message)})
    return message


def annotate(message: ConversationMessage, understanding: dict[str, Any]) -> None:
    """Attach what the bot understood of an inbound message (see understanding.from_tracker)."""
    message.intent = understanding.get("intent")
    message.intent_confidence = understanding.get("confidence")
    message.entities = understanding.get("entities") or None
    message.procedure_code = understanding.get("procedure_code")
    message.filled_fields = understanding.get("filled_fields") or None


def history(session: Session, conversation: Conversation, limit: int | None = None) -> list[ConversationMessage]:
    query = select(ConversationMessage).where(ConversationMessage.conversation_id == conversation.id)
    if limit:
        rows = list(session.scalars(query.order_by(ConversationMessage.id.desc()).limit(limit)))
        return rows[::-1]
    return list(session.scalars(query.order_by(ConversationMessage.id)))


def message_json(message: ConversationMessage) -> dict[str, Any]:
    return {
        "id": message.id, "direction": message.direction, "author": message.author,
        "officer_id": message.officer_id, "channel": message.channel, "text": message.text,
        "buttons": message.buttons or [], "created_at": iso(message.created_at), "owner": message.owner,
        "intent": message.intent, "intent_confidence": message.intent_confidence,
        "entities": message.entities or [], "procedure_code": message.procedure_code,
        "filled_fields": message.filled_fields or {},
    }
