from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.outbox.models import OutboxMessage

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


def claim(session: Session, message_id: int, worker: str, lease_seconds: float = 60.0) -> bool:
    """Take the right to send one undelivered row for a while; False when another worker holds it.

    One conditional UPDATE per row, so with several app processes (or hosts) on one
    database exactly one of them wins; a crashed worker's lease simply runs out.
    """
    now = utcnow()
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.delivered_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now,
                OutboxMessage.claimed_by == worker),
        )
        .values(claimed_by=worker, claimed_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def mark_delivered(session: Session, ids: list[int]) -> None:
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
        message.delivered_at = utcnow()
        message.attempts += 1
        message.claimed_by = message.claimed_until = None


def mark_failed(session: Session, message_id: int, error: str, retry_in: float | None = None) -> None:
    """Count a failed try; with `retry_in` the sender keeps its lease until then (its backoff
    holds for every worker), otherwise the row is free for anyone at once."""
    message = session.get(OutboxMessage, message_id)
    if message is not None:
        message.attempts += 1
        message.last_error = error[:2000]
        if retry_in is None:
            message.claimed_by = message.claimed_until = None
        else:
            message.claimed_until = utcnow() + timedelta(seconds=retry_in)
