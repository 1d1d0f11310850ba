"""The persisted inbox: channel messages are answered at least once, in order per conversation.

A webhook claims a message by inserting its row WITH the whole envelope before answering the
platform; the dispatcher then handles it in memory. When the process dies before the row is
finished, or Rasa is down (the citizen is told once that the system is busy), the row stays
pending and a replayer (every app process runs one) hands it to the dispatcher again:
- `received` rows older than STALE_AFTER: claimed but never finished (the process died);
- `retry` rows whose retry_at has come (Rasa was down; backoff 5 s doubling up to 5 min), or
  at once when the replayer sees Rasa answering again (`retry_now`).
Rows are leased with a conditional UPDATE, so two processes never replay the same row, and
per conversation only the oldest pending rows are replayed, in order, so a later message
never overtakes an earlier one. The platform message id deduplicates retried deliveries.
Once a message is answered (or given up), its envelope is dropped: the row keeps only the id
that deduplicates, and the text stays only in the conversation log (under RETENTION_DAYS).
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from connectors.envelope import Attachment, Envelope
from connectors.models import ProcessedMessage
from core.db.base import utcnow

STALE_AFTER = timedelta(seconds=60)      # longer than any answer takes: the handler died
LEASE = timedelta(seconds=90)            # a replaying process holds the row this long
FIRST_RETRY = timedelta(seconds=5)
MAX_RETRY = timedelta(minutes=5)
GIVE_UP_AFTER = 60                       # attempts (~4 hours of Rasa down): then failed
PENDING = ("received", "retry")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:   # SQLite returns naive UTC
        return moment.replace(tzinfo=timezone.utc)
    return moment


def envelope_json(envelope: Envelope) -> dict:
    data = asdict(envelope)
    data["attachments"] = [a.as_dict() for a in envelope.attachments]
    data["received_at"] = envelope.received_at.isoformat()
    data["extra"] = {k: v for k, v in envelope.extra.items() if isinstance(v, (str, int, float, bool, type(None)))}
    return data


def envelope_from_json(data: dict, attempt: int) -> Envelope:
    fields = dict(data)
    fields["attachments"] = tuple(Attachment(**a) for a in fields.get("attachments") or ())
    fields["received_at"] = datetime.fromisoformat(fields["received_at"])
    fields["extra"] = {**(fields.get("extra") or {}), "attempt": attempt, "replayed": True}
    return Envelope(**fields)


def retry_delay(attempts: int) -> timedelta:
    doublings = min(max(attempts - 1, 0), 20)   # 2**20 * 5 s is far past MAX_RETRY (no timedelta overflow)
    return min(FIRST_RETRY * (2 ** doublings), MAX_RETRY)


def schedule_retry(session: Session, envelope: Envelope, now: datetime | None = None,
                   inbound_id: int | None = None) -> int:
    """Rasa was down: keep the message for a replay (or give up after GIVE_UP_AFTER attempts).
    `inbound_id`: the message as the conversation log already holds it (not logged again on
    the replay). Returns the number of attempts so far."""
    now = now or utcnow()
    row = _row(session, envelope)
    if row is None:
        return 0
    if inbound_id is not None and row.envelope is not None:
        row.envelope = {**row.envelope, "extra": {**(row.envelope.get("extra") or {}), "inbound_id": inbound_id}}
    row.attempts = (row.attempts or 0) + 1
    if row.attempts >= GIVE_UP_AFTER:
        row.status, row.finished_at, row.retry_at, row.envelope = "failed", now, None, None
    else:
        row.status, row.retry_at = "retry", now + retry_delay(row.attempts)
    return row.attempts


def waiting_for_rasa(session: Session) -> bool:
    """Whether some message waits for a replay because Rasa was down."""
    return session.scalar(select(ProcessedMessage.id).where(ProcessedMessage.status == "retry").limit(1)) is not None


def retry_now(session: Session, now: datetime | None = None) -> int:
    """Rasa is back: every message waiting for it is due at once (not at the end of its backoff)."""
    now = now or utcnow()
    return session.execute(
        update(ProcessedMessage).where(ProcessedMessage.status == "retry", ProcessedMessage.retry_at > now)
        .values(retry_at=now).execution_options(synchronize_session=False)
    ).rowcount or 0


def has_pending_before(session: Session, envelope: Envelope) -> bool:
    """Whether an earlier message of this conversation still waits for a replay."""
    return session.scalar(
        select(ProcessedMessage.id).where(
            ProcessedMessage.sender_id == envelope.sender_id, ProcessedMessage.status == "retry",
            ProcessedMessage.platform_message_id != envelope.platform_message_id,
        ).limit(1)
    ) is not None


def wait_behind_earlier(session: Session, envelope: Envelope, now: datetime | None = None) -> bool:
    """Just before a message is handled: when an earlier message of its conversation went back
    to waiting for Rasa (e.g. both were taken for a replay and the first failed again), this one
    waits behind it instead of overtaking it. True when it was put back."""
    row = _row(session, envelope)
    if row is None:
        return False
    earlier = session.scalar(select(ProcessedMessage.id).where(
        ProcessedMessage.sender_id == row.sender_id, ProcessedMessage.status == "retry",
        ProcessedMessage.id < row.id).limit(1))
    if earlier is None:
        return False
    row.status, row.retry_at = "retry", now or utcnow()
    return True


def queue_behind(session: Session, envelope: Envelope, now: datetime | None = None) -> None:
    """A new message of a conversation with a pending retry waits for it (order per conversation)."""
    row = _row(session, envelope)
    if row is not None:
        row.status, row.retry_at = "retry", now or utcnow()


def take_due(session: Session, now: datetime | None = None, limit: int = 200) -> list[Envelope]:
    """Lease and return the messages due for a replay: oldest first, per conversation only up to
    its first row that is not due yet."""
    now = now or utcnow()
    rows = session.scalars(
        select(ProcessedMessage).where(ProcessedMessage.status.in_(PENDING), ProcessedMessage.envelope.is_not(None))
        .order_by(ProcessedMessage.id).limit(limit)
    ).all()
    blocked: set[str] = set()
    taken: list[Envelope] = []
    for row in rows:
        if row.sender_id in blocked:
            continue
        due_at = _utc(row.retry_at) if row.status == "retry" else _utc(row.received_at) + STALE_AFTER
        if row.status == "received" and row.retry_at is not None:
            due_at = max(due_at, _utc(row.retry_at))
        if due_at > now:
            blocked.add(row.sender_id)
            continue
        won = session.execute(
            update(ProcessedMessage)
            .where(ProcessedMessage.id == row.id, ProcessedMessage.status == row.status,
                   or_(ProcessedMessage.retry_at.is_(None), ProcessedMessage.retry_at == row.retry_at))
            .values(status="received", retry_at=now + LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            taken.append(envelope_from_json(row.envelope, attempt=row.attempts or 0))
        else:
            blocked.add(row.sender_id)   # another process has it: keep this conversation's order
    return taken


def _row(session: Session, envelope: Envelope) -> ProcessedMessage | None:
    return session.scalar(select(ProcessedMessage).where(
        ProcessedMessage.channel == envelope.channel,
        ProcessedMessage.platform_message_id == envelope.platform_message_id,
    ))
