from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.outbox.models import OutboxMessage

MAX_ATTEMPTS = 10


def enqueue(session: Session, channel: str, recipient_id: str, kind: str, payload: dict) -> OutboxMessage:
    message = OutboxMessage(channel=channel, recipient_id=recipient_id, kind=kind, payload=payload)
    session.add(message)
    session.flush()
    return message


def pending(session: Session, channel: str, recipient_id: str | None = None, limit: int = 100) -> list[OutboxMessage]:
    """Undelivered messages of a channel (optionally one recipient), oldest first."""
    query = select(OutboxMessage).where(
        OutboxMessage.channel == channel,
        OutboxMessage.delivered_at.is_(None),
        OutboxMessage.attempts < MAX_ATTEMPTS,
    )
    if recipient_id is not None:
        query = query.where(OutboxMessage.recipient_id == recipient_id)
    return list(session.scalars(query.order_by(OutboxMessage.id).limit(limit)))


def mark_delivered(session: Session, ids: list[int]) -> None:
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
        message.delivered_at = utcnow()
        message.attempts += 1


def mark_failed(session: Session, message_id: int, error: str) -> None:
    message = session.get(OutboxMessage, message_id)
    if message is not None:
        message.attempts += 1
        message.last_error = error[:2000]
