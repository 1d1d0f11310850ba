"""Outbox rows of the web chat, pushed to the citizen's open widget (connectors/web/webhook.py)."""
from __future__ import annotations

from connectors.store import as_utc
from core import outbox
from core.db import Database
from core.outbox.models import OutboxMessage

CHANNEL = "web"


def row_json(row: OutboxMessage) -> dict:
    payload = row.payload or {}
    sender = payload.get("from") or ("officer" if row.kind == "officer_reply" else "system")
    created = as_utc(row.created_at)
    return {
        "id": row.id, "kind": row.kind, "from": sender, "text": payload.get("text"),
        "buttons": payload.get("buttons") or [], "link": payload.get("link"),
        "attachment": payload.get("attachment"), "created_at": created.isoformat() if created else None,
    }


def pending_for(db: Database, sender_id: str) -> list[dict]:
    with db.session() as session:
        return [row_json(row) for row in outbox.pending(session, CHANNEL, recipient_id=sender_id)]


def mark_delivered(db: Database, sender_id: str, ids: list[int]) -> None:
    """Only the sender's own rows: a widget cannot acknowledge someone else's messages."""
    if not ids:
        return
    with db.session() as session:
        own = [row.id for row in session.query(OutboxMessage).filter(
            OutboxMessage.id.in_(ids), OutboxMessage.channel == CHANNEL,
            OutboxMessage.recipient_id == sender_id, OutboxMessage.delivered_at.is_(None))]
        outbox.mark_delivered(session, own)
