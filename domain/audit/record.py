"""Record what the bot did, with the contract's vocabulary (trace.md).

Each function takes the caller's database session (the event commits with the caller's
own work) and the conversation's sender id; `turn` is the 1-based index of the citizen's
message that caused the event, counted from the conversation log when not given.
Unknown vocabulary is a programming error: it raises instead of writing a wrong trace.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.audit.models import TraceEvent
from domain.handoff.models import Conversation, ConversationMessage

PROCEDURE_VIAS = ("question", "form", "guide", "status", "button")
HANDOFF_KINDS = ("queue", "callback")
HANDOFF_REASONS = ("asked", "failed_understanding", "complaint", "form_stuck")
FORM_STAGES = ("filling", "confirming", "submitted", "abandoned")
ACCOUNT_GUIDES = ("vneid_register", "vneid_activate", "vneid_login", "vneid_recover", "portal_login",
                  "portal_recover")
REFUSAL_KINDS = ("other_person_data", "injection", "out_of_scope")


def _sent(sender_id: str):
    return (select(func.count(ConversationMessage.id))
            .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
            .where(Conversation.sender_id == sender_id, ConversationMessage.direction == "in"))


def current_turn(session: Session, sender_id: str) -> int:
    """How many messages the citizen has sent so far (the message being answered included)."""
    count = session.scalar(_sent(sender_id))
    return max(int(count or 0), 1)


def current_turn_sql(sender_id: str):
    """`current_turn` as an SQL expression (at least 1), for a query that only filters by it."""
    return func.coalesce(func.nullif(_sent(sender_id).scalar_subquery(), 0), 1)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")


def _add(session: Session, sender_id: str, kind: str, data: dict[str, Any], turn: int | None) -> TraceEvent:
    event = TraceEvent(sender_id=sender_id, kind=kind, data=data,
                       turn=turn if turn is not None else current_turn(session, sender_id))
    session.add(event)
    session.flush()
    return event


def procedure_identified(session: Session, sender_id: str, code: str, via: str, *,
                         turn: int | None = None, activate: bool = True) -> None:
    """The bot took the citizen to mean this procedure (and, by default, it becomes active)."""
    _check(via, PROCEDURE_VIAS, "via")
    _add(session, sender_id, "procedure", {"code": code, "via": via, "activate": activate}, turn)


def active_procedure(session: Session, sender_id: str, code: str | None, *, turn: int | None = None) -> None:
    """The procedure in force changed without a new identification (e.g. cleared: null)."""
    _add(session, sender_id, "active", {"code": code}, turn)


def status_disclosed(session: Session, sender_id: str, receipt_code: str, *, turn: int | None = None) -> None:
    """Only after the owner check passed: the status (or any field) of this dossier was shown."""
    _add(session, sender_id, "status", {"receipt_code": receipt_code}, turn)


def handoff(session: Session, sender_id: str, kind: str, reason: str, *, turn: int | None = None) -> None:
    _check(kind, HANDOFF_KINDS, "kind")
    _check(reason, HANDOFF_REASONS, "reason")
    _add(session, sender_id, "handoff", {"kind": kind, "reason": reason}, turn)


def form_state(session: Session, sender_id: str, procedure: str, stage: str, fields: dict[str, str], *,
               turn: int | None = None) -> None:
    """The form's latest stage and its fields as they stand, under the contract's field names."""
    _check(stage, FORM_STAGES, "stage")
    _add(session, sender_id, "form", {"procedure": procedure, "stage": stage, "fields": dict(fields)}, turn)


def account_guidance(session: Session, sender_id: str, guide: str, steps_shown: int, *,
                     turn: int | None = None) -> None:
    _check(guide, ACCOUNT_GUIDES, "guide")
    _add(session, sender_id, "guide", {"guide": guide, "steps_shown": int(steps_shown)}, turn)


def refusal(session: Session, sender_id: str, kind: str, receipt_code: str | None = None, *,
            turn: int | None = None) -> None:
    _check(kind, REFUSAL_KINDS, "kind")
    _add(session, sender_id, "refusal", {"kind": kind, "receipt_code": receipt_code}, turn)
