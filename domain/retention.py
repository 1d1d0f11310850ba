"""What the product keeps about citizens, and for how long (Decree 13/2023 on personal data).

- `expire(session, days)`: rows older than the retention period are deleted, or their
  personal columns emptied where the row itself is statistics (AGE_POLICY, by table name, so
  this module needs no other concern's code; a table absent from the metadata is skipped).
- `erase_sender(session, sender_id)`: "xóa dữ liệu của tôi": every row of every table that
  belongs to the conversation, found by its sender/recipient column or through a foreign key
  to such a row (children first; a nullable reference to an erased row is set to NULL).
Dossiers themselves belong to the one-stop system and are not touched. Rasa's own tracker is
erased and expired by core.rasa_tracker next to these.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from core.db.base import Base, utcnow

# table -> (timestamp column, "delete" | {column: value to write})
AGE_POLICY: dict[str, tuple[str, object]] = {
    "conversation_messages": ("created_at", {"text": None, "buttons": None, "entities": None}),
    "conversation_notes": ("created_at", "delete"),
    "trace_events": ("created_at", "delete"),
    "drafts": ("created_at", "delete"),
    "citizen_profiles": ("updated_at", "delete"),
    "outbox_messages": ("created_at", "delete"),
    "channel_attachments": ("created_at", "delete"),
    "channel_processed_messages": ("received_at", "delete"),
    "status_check_attempts": ("created_at", "delete"),
    "feedback": ("created_at", {"comment": None}),
    "desk_items": ("created_at", "delete"),
    # the conversation's state (filled form fields, callback number) and copies of the buttons
    # last offered (a status subscription button carries its receipt code)
    "conversations": ("last_activity_at", {"bot_state": None, "callback_phone": None, "callback_message": None}),
    "channel_contacts": ("last_inbound_at", {"offered_buttons": None}),
    "channel_button_payloads": ("created_at", "delete"),
}
SENDER_COLUMNS = ("sender_id", "recipient_id")
CHUNK = 500
NEVER_ERASED = frozenset({"dossiers", "dossier_status_history", "officers", "officer_sessions"})


def expire(session: Session, days: int, now: datetime | None = None) -> dict[str, int]:
    """Apply the retention period; returns the rows deleted or emptied per table."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    done: dict[str, int] = {}
    erased = _erase(session, _older_than(session, cutoff))
    for name, count in erased.items():
        done[name] = done.get(name, 0) + count
    for name, (column, action) in AGE_POLICY.items():
        table = Base.metadata.tables.get(name)
        if table is None or column not in table.c or action == "delete":
            continue
        values = {k: v for k, v in action.items() if k in table.c}
        result = session.execute(update(table).where(table.c[column] < cutoff).values(**values))
        done[name] = done.get(name, 0) + (result.rowcount or 0)
    return {k: v for k, v in done.items() if v}


def _older_than(session: Session, cutoff: datetime) -> dict[str, set]:
    """Rows the policy deletes by age (their children follow in _erase)."""
    roots: dict[str, set] = {}
    for name, (column, action) in AGE_POLICY.items():
        table = Base.metadata.tables.get(name)
        if table is None or column not in table.c or action != "delete":
            continue
        key = _key(table)
        roots[name] = set(session.scalars(select(key).where(table.c[column] < cutoff)))
    return roots


def erase_sender(session: Session, sender_id: str) -> dict[str, int]:
    roots: dict[str, set] = {}
    for table in Base.metadata.sorted_tables:
        columns = [table.c[c] for c in SENDER_COLUMNS if c in table.c]
        if columns and table.name not in NEVER_ERASED:
            roots[table.name] = set(session.scalars(select(_key(table)).where(or_(*(c == sender_id for c in columns)))))
    return {k: v for k, v in _erase(session, roots).items() if v}


def _key(table):
    [key] = list(table.primary_key.columns)  # every table here has a single-column key
    return key


def _erase(session: Session, roots: dict[str, set]) -> dict[str, int]:
    """Delete the root rows and every row that cannot live without them."""
    doomed = {name: set(ids) for name, ids in roots.items() if ids}
    tables = Base.metadata.sorted_tables             # parents before children
    for table in tables:
        if table.name in NEVER_ERASED:
            continue
        children = [c for c in table.c for fk in c.foreign_keys
                    if not c.nullable and doomed.get(fk.column.table.name)]
        if children:
            condition = or_(*(c.in_(doomed[next(iter(c.foreign_keys)).column.table.name]) for c in children))
            found = set(session.scalars(select(_key(table)).where(condition)))
            doomed[table.name] = doomed.get(table.name, set()) | found
    counts: dict[str, int] = {}
    for table in reversed(tables):
        for column in table.c:                       # nullable references to doomed rows: forget them
            for fk in column.foreign_keys:
                ids = doomed.get(fk.column.table.name)
                if column.nullable and ids and table.name not in doomed:
                    session.execute(update(table).where(column.in_(ids)).values({column.name: None}))
        ids = sorted(doomed.get(table.name) or ())
        for start in range(0, len(ids), CHUNK):       # bounded IN lists (SQLite's variable limit)
            result = session.execute(delete(table).where(_key(table).in_(ids[start:start + CHUNK])))
            counts[table.name] = counts.get(table.name, 0) + (result.rowcount or 0)
    return counts
