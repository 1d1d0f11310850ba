"""Database helpers of the channels (each call runs inside the caller's transaction)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from connectors.envelope import Attachment, Envelope
from connectors.inbox import envelope_json
from connectors.models import ChannelAttachment, ChannelContact, ProcessedMessage
from core.db.base import utcnow

MAX_OFFERED_BUTTONS = 40


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def insert_ignoring_duplicates(session: Session, model, values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL); True when a row was inserted.
    Race-free: two requests claiming the same key concurrently get one True, one False."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    key = next(iter(model.__table__.primary_key.columns))
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None   # rowcount is unreliable with RETURNING


def claim_message(session: Session, envelope: Envelope) -> bool:
    """Record the platform message id; False when it was already seen (a retried delivery)."""
    return insert_ignoring_duplicates(session, ProcessedMessage, {
        "channel": envelope.channel, "platform_message_id": envelope.platform_message_id,
        "sender_id": envelope.sender_id, "status": "received", "received_at": envelope.received_at,
        "envelope": envelope_json(envelope), "attempts": 0,
    })


def finish_message(session: Session, envelope: Envelope, status: str) -> None:
    row = session.scalar(
        select(ProcessedMessage).where(
            ProcessedMessage.channel == envelope.channel,
            ProcessedMessage.platform_message_id == envelope.platform_message_id,
        )
    )
    if row is not None:
        row.status = status
        row.finished_at = utcnow()
        row.retry_at = None
        row.envelope = None   # answered (or given up): the message text stays only in the conversation log


def prune_processed(session: Session, older_than: timedelta) -> int:
    """Forget message ids older than any platform retries (keeps the table small)."""
    result = session.execute(delete(ProcessedMessage).where(ProcessedMessage.received_at < utcnow() - older_than))
    return result.rowcount or 0


def _contact(session: Session, sender_id: str, channel: str) -> ChannelContact:
    contact = session.get(ChannelContact, sender_id)
    if contact is None:
        insert_ignoring_duplicates(session, ChannelContact, {"sender_id": sender_id, "channel": channel})
        contact = session.get(ChannelContact, sender_id, populate_existing=True)
    return contact


def touch_contact(session: Session, sender_id: str, channel: str, when: datetime,
                  followed: bool | None = None) -> None:
    contact = _contact(session, sender_id, channel)
    last = as_utc(contact.last_inbound_at)
    if last is None or when > last:
        contact.last_inbound_at = when
    if followed is not None:
        contact.followed = followed


def set_followed(session: Session, sender_id: str, channel: str, followed: bool) -> None:
    _contact(session, sender_id, channel).followed = followed


def last_inbound(session: Session, sender_id: str) -> datetime | None:
    contact = session.get(ChannelContact, sender_id)
    return as_utc(contact.last_inbound_at) if contact else None


def remember_buttons(session: Session, sender_id: str, channel: str, buttons: dict[str, str]) -> None:
    """Titles -> payloads of buttons just offered (newest win, bounded)."""
    if not buttons:
        return
    contact = _contact(session, sender_id, channel)
    merged = {k: v for k, v in (contact.offered_buttons or {}).items() if k not in buttons}
    merged.update(buttons)
    contact.offered_buttons = dict(list(merged.items())[-MAX_OFFERED_BUTTONS:])


def offered_payload(session: Session, sender_id: str, text: str) -> str | None:
    contact = session.get(ChannelContact, sender_id)
    if contact is None or not contact.offered_buttons:
        return None
    return contact.offered_buttons.get(text.strip())


def save_attachment(session: Session, envelope: Envelope, attachment: Attachment) -> ChannelAttachment:
    row = ChannelAttachment(
        download_key=secrets.token_urlsafe(32), sender_id=envelope.sender_id, channel=envelope.channel, kind=attachment.kind,
        file_id=attachment.file_id, url=attachment.url, name=attachment.name,
        mime_type=attachment.mime_type, caption=envelope.text,
        platform_message_id=envelope.platform_message_id,
    )
    session.add(row)
    session.flush()
    return row
