"""The audit trace of one conversation: everything said and understood, every handoff.

Besides the handoff's own tables, any other concern's table with a ``sender_id`` column
(status checks, form drafts, ...) is included, so the trace grows with the product
without this module knowing every table. Secrets (hashes, tokens) are left out.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import Base
from core.outbox import OutboxMessage
from domain.audit import build_summary
from domain.handoff.messages import history, message_json
from domain.handoff.models import Conversation, ConversationNote, Handoff, Officer
from domain.handoff.service import get_conversation
from domain.handoff.timeutil import iso

OWN_TABLES = {"conversations", "conversation_messages", "handoffs", "conversation_notes", "officers",
              "officer_sessions", "outbox_messages", "trace_events"}
SECRET_MARKERS = ("hash", "secret", "token", "password", "salt")
RELATED_ROWS = 200


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return None
    return value


def related_rows(session: Session, sender_id: str) -> dict[str, list[dict]]:
    """Rows of other concerns' tables that belong to this sender (by a sender_id column)."""
    found: dict[str, list[dict]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in OWN_TABLES or "sender_id" not in table.c:
            continue
        columns = [c for c in table.c if not any(m in c.name.lower() for m in SECRET_MARKERS)]
        rows = session.execute(select(*columns).where(table.c.sender_id == sender_id).limit(RELATED_ROWS))
        found[table.name] = [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]
    return found


def _statuses_from_log(messages: list[dict]) -> list[dict]:
    """Bot answers to status questions (check_status turns) as they were shown."""
    disclosed, asking = [], None
    for message in messages:
        if message["direction"] == "in":
            asking = message if message["intent"] == "check_status" else None
        elif asking is not None and message["author"] == "bot" and message["text"]:
            disclosed.append({"at": message["created_at"], "question": asking["text"], "answer": message["text"]})
    return disclosed


def build_trace(session: Session, sender_id: str) -> dict[str, Any] | None:
    conversation: Conversation | None = get_conversation(session, sender_id)
    if conversation is None:
        return None
    messages = [message_json(m) for m in history(session, conversation)]
    officer_names = {o.id: o.display_name for o in session.scalars(select(Officer))}
    handoffs = session.scalars(select(Handoff).where(Handoff.conversation_id == conversation.id).order_by(Handoff.id))
    notes = session.scalars(select(ConversationNote).where(ConversationNote.conversation_id == conversation.id)
                            .order_by(ConversationNote.id))
    outbox = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == sender_id)
                             .order_by(OutboxMessage.id))
    related = related_rows(session, sender_id)
    procedures: dict[str, str] = {}
    for m in messages:
        if m["procedure_code"] and m["procedure_code"] not in procedures:
            procedures[m["procedure_code"]] = m["created_at"]
    for m in messages:
        if m["officer_id"]:
            m["officer_name"] = officer_names.get(m["officer_id"])
    return {
        "summary": build_summary(session, sender_id),
        "sender_id": conversation.sender_id,
        "channel": conversation.channel,
        "owner": conversation.owner,
        "officer": ({"id": conversation.officer_id, "name": officer_names.get(conversation.officer_id)}
                    if conversation.officer_id else None),
        "handoff_reason": conversation.handoff_reason,
        "queued_at": iso(conversation.queued_at),
        "created_at": iso(conversation.created_at),
        "last_activity_at": iso(conversation.last_activity_at),
        "closed_at": iso(conversation.closed_at),
        "callback": {"stage": conversation.callback_stage, "phone": conversation.callback_phone,
                     "message": conversation.callback_message,
                     "requested_at": iso(conversation.callback_requested_at)},
        "bot_state": conversation.bot_state or {},
        "filled_fields": (conversation.bot_state or {}).get("filled_fields") or {},
        "messages": messages,
        "intents": [{"message_id": m["id"], "at": m["created_at"], "text": m["text"], "intent": m["intent"],
                     "confidence": m["intent_confidence"], "entities": m["entities"]}
                    for m in messages if m["direction"] == "in" and m["intent"]],
        "procedures": [{"code": code, "first_seen_at": at} for code, at in procedures.items()],
        "statuses_disclosed": _statuses_from_log(messages)
        + [row for name, rows in related.items() if "status" in name or "disclos" in name for row in rows],
        "handoffs": [{"reason": h.reason, "channel": h.channel, "requested_at": iso(h.requested_at),
                      "officer": officer_names.get(h.officer_id) if h.officer_id else None,
                      "taken_at": iso(h.taken_at), "ended_at": iso(h.ended_at), "outcome": h.outcome}
                     for h in handoffs],
        "notes": [{"officer": officer_names.get(n.officer_id), "text": n.text, "at": iso(n.created_at)}
                  for n in notes],
        "drafts": [row for name, rows in related.items() if "draft" in name for row in rows],
        "deliveries": [{"kind": o.kind, "text": (o.payload or {}).get("text"), "created_at": iso(o.created_at),
                        "delivered_at": iso(o.delivered_at), "attempts": o.attempts} for o in outbox],
        "related": related,
    }
