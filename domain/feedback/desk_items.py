"""Putting citizen turns on the unanswered-questions desk (masked, folded for grouping)."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.text.normalize import fold
from domain.feedback.models import REASONS, DeskItem
from domain.feedback.placeholders import mask
from domain.handoff.models import Conversation, ConversationMessage

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\[\] ]+")


def folded(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


def put_on_desk(session: Session, conversation: Conversation, message: ConversationMessage | None, reason: str,
                now: datetime | None = None) -> DeskItem | None:
    """Once per message and reason; button payloads ("/...") are not citizens' wordings."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {REASONS}, not {reason!r}")
    if message is None or not (message.text or "").strip() or message.text.strip().startswith("/"):
        return None
    found = session.scalar(select(DeskItem).where(DeskItem.message_id == message.id, DeskItem.reason == reason))
    if found is not None:
        return found
    text = mask(message.text.strip(), message.entities)
    item = DeskItem(conversation_id=conversation.id, sender_id=conversation.sender_id, message_id=message.id,
                    reason=reason, text=text, folded=folded(text), channel=message.channel, status="open",
                    no_procedure=False, created_at=now or utcnow())
    session.add(item)
    session.flush()
    return item
