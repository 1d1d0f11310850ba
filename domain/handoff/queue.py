"""What the officer console lists: waiting conversations, one's own, others', callbacks."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.handoff.models import CALLBACK_LEFT, OFFICER, QUEUED, Conversation, ConversationMessage, Officer
from domain.handoff.timeutil import as_utc, iso


def _last_messages(session: Session, ids: list[int]) -> dict[int, ConversationMessage]:
    if not ids:
        return {}
    latest = (select(func.max(ConversationMessage.id)).where(ConversationMessage.conversation_id.in_(ids))
              .group_by(ConversationMessage.conversation_id))
    rows = session.scalars(select(ConversationMessage).where(ConversationMessage.id.in_(latest)))
    return {m.conversation_id: m for m in rows}


def _item(conversation: Conversation, last: ConversationMessage | None, now: datetime,
          officers: dict[int, Officer], position: int | None = None) -> dict[str, Any]:
    since = as_utc(conversation.queued_at or conversation.callback_requested_at or conversation.created_at)
    officer = officers.get(conversation.officer_id) if conversation.officer_id else None
    return {
        "sender_id": conversation.sender_id,
        "channel": conversation.channel,
        "owner": conversation.owner,
        "reason": conversation.handoff_reason,
        "position": position,
        "queued_at": iso(conversation.queued_at),
        "waiting_seconds": int((now - since).total_seconds()) if since else None,
        "officer": {"id": officer.id, "name": officer.display_name} if officer else None,
        "callback_phone": conversation.callback_phone,
        "callback_message": conversation.callback_message,
        "callback_requested_at": iso(conversation.callback_requested_at),
        "last_message": {"author": last.author, "text": last.text, "at": iso(last.created_at)} if last else None,
        "last_activity_at": iso(conversation.last_activity_at),
    }


def console_lists(session: Session, officer_id: int, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    queued = list(session.scalars(select(Conversation).where(Conversation.owner == QUEUED)
                                  .order_by(Conversation.queued_at, Conversation.id)))
    handled = list(session.scalars(select(Conversation).where(Conversation.owner == OFFICER)
                                   .order_by(Conversation.taken_at)))
    callbacks = list(session.scalars(select(Conversation).where(Conversation.callback_stage == CALLBACK_LEFT)
                                     .order_by(Conversation.callback_requested_at)))
    everyone = queued + handled + callbacks
    last = _last_messages(session, [c.id for c in everyone])
    officer_ids = {c.officer_id for c in handled if c.officer_id}
    officers = {o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(officer_ids)))} \
        if officer_ids else {}
    return {
        "now": iso(now),
        "queued": [_item(c, last.get(c.id), now, officers, i + 1) for i, c in enumerate(queued)],
        "mine": [_item(c, last.get(c.id), now, officers) for c in handled if c.officer_id == officer_id],
        "others": [_item(c, last.get(c.id), now, officers) for c in handled if c.officer_id != officer_id],
        "callbacks": [_item(c, last.get(c.id), now, officers) for c in callbacks],
    }
