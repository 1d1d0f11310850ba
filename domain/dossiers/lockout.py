"""Lockout of the chat's ownership check, stored in the database (works across processes).

5 failures for one sender OR for one receipt code within 15 minutes lock further tries
for 15 minutes after the failure that reached the limit. The receipt is counted as
typed, whether it exists or not, so the lock says nothing about which codes exist;
the sender lock stops guessing many codes, the receipt lock stops many senders
guessing one code.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, or_, select, text
from sqlalchemy.orm import Session

from domain.dossiers.models import StatusCheckAttempt

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
KEEP = timedelta(days=1)
# a passed owner check lets this conversation see the dossier (and opt in to its news) this long
PASSED_VALIDITY = timedelta(minutes=30)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; everything stored here is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _lock_end(failures: Sequence[datetime]) -> datetime | None:
    """End of the latest lock among sorted failure times of one key (within KEEP).

    Escalating: each new lock (MAX_FAILURES more failures within WINDOW after the previous
    lock) lasts twice as long as the one before: 15 min, 30 min, 1 h, ... up to 16 h.
    """
    end, locks, start = None, 0, 0
    for i in range(len(failures)):
        first = i - MAX_FAILURES + 1
        if first >= start and failures[i] - failures[first] <= WINDOW:
            end = failures[i] + LOCK * (2 ** min(locks, 6))
            locks, start = locks + 1, i + 1
    return end


def serialize(session: Session, sender_id: str, receipt_code: str, now: datetime) -> None:
    """Make this check's read-decide-record atomic against concurrent checks of the same sender
    or receipt, for the rest of the caller's transaction (before anything is read).

    PostgreSQL: transaction-scoped advisory locks on both keys (taken in a fixed order).
    SQLite: a first write takes the database's write lock, which other writers wait for
    (busy timeout), so the lock check below always sees every earlier recorded attempt.
    """
    if session.get_bind().dialect.name == "postgresql":
        for key in sorted({f"status-check:sender:{sender_id}", f"status-check:receipt:{receipt_code}"}):
            session.execute(text("select pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
    session.execute(delete(StatusCheckAttempt).where(StatusCheckAttempt.created_at < now - KEEP))


def locked_until(session: Session, sender_id: str, receipt_code: str | None, now: datetime) -> datetime | None:
    """When the sender's or the receipt's lock ends, or None when tries are allowed
    (receipt_code None: the sender's lock only)."""
    since = now - KEEP
    keys = [StatusCheckAttempt.sender_id == sender_id]
    if receipt_code:
        keys.append(StatusCheckAttempt.receipt_code == receipt_code)
    rows = session.execute(
        select(StatusCheckAttempt.sender_id, StatusCheckAttempt.receipt_code, StatusCheckAttempt.created_at)
        .where(StatusCheckAttempt.succeeded.is_(False), StatusCheckAttempt.created_at >= since, or_(*keys))
        .order_by(StatusCheckAttempt.created_at)
    ).all()
    by_sender = [as_utc(r.created_at) for r in rows if r.sender_id == sender_id]
    by_receipt = [as_utc(r.created_at) for r in rows if receipt_code and r.receipt_code == receipt_code]
    ends = [end for end in (_lock_end(by_sender), _lock_end(by_receipt)) if end and end > now]
    return max(ends) if ends else None


def record_attempt(session: Session, sender_id: str, receipt_code: str, succeeded: bool, now: datetime) -> None:
    session.add(StatusCheckAttempt(sender_id=sender_id[:128], receipt_code=receipt_code[:64],
                                   succeeded=succeeded, created_at=now))
    session.flush()


def passed_check(session: Session, sender_id: str, receipt_code: str | None, now: datetime) -> str | None:
    """The receipt this sender proved it owns within PASSED_VALIDITY (the given one, or the latest).

    The server's own record of a passed check (a succeeded attempt row written by
    check_ownership) is the only ground for showing a status: never the tracker's slots.
    """
    query = (select(StatusCheckAttempt.receipt_code)
             .where(StatusCheckAttempt.sender_id == sender_id, StatusCheckAttempt.succeeded.is_(True),
                    StatusCheckAttempt.created_at >= now - PASSED_VALIDITY)
             .order_by(StatusCheckAttempt.created_at.desc(), StatusCheckAttempt.id.desc()).limit(1))
    if receipt_code is not None:
        query = query.where(StatusCheckAttempt.receipt_code == receipt_code)
    return session.scalar(query)
