"""Who answers a conversation: the bot, the queue, or an officer — and every change of owner.

Public entry points for other concerns (they run inside a database transaction):

- ``request_handoff(session, sender_id, reason, ...)`` puts a conversation in the officer
  queue (or, outside office hours, starts a callback request) and returns a
  ``HandoffResult``; ``handoff_reply(result)`` is the message to send the citizen
  (``{"text", "buttons"}``, ready for ``dispatcher.utter_message(**reply)``).
  Reasons: ``request_human``, ``repeated_fallback``, ``field_failures`` (three failed tries
  on one form field: the form actions call this), ``complaint``.
- ``owner_of(session, sender_id)`` tells whether the bot may answer.

Officer operations (take over, reply, hand back, close, release on disconnect) are
used by the console.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, inspect, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import outbox
from core.db.base import utcnow
from domain.audit import record
from domain.handoff import texts
from domain.handoff.live import publish_after_commit
from domain.handoff.messages import log_message
from domain.handoff.models import (
    BOT,
    CALLBACK_AWAITING,
    CALLBACK_LEFT,
    OFFICER,
    QUEUED,
    Conversation,
    ConversationMessage,
    Handoff,
)
from domain.handoff.office_hours import OfficeHours

REASONS = ("request_human", "repeated_fallback", "field_failures", "complaint", "officer_disconnected")


class HandoffConflict(Exception):
    """The conversation is not in a state that allows this (e.g. another officer took it)."""


@dataclass(frozen=True)
class HandoffResult:
    status: str                 # queued | already_queued | with_officer | outside_hours | callback_left
    position: int | None = None
    hours: str = ""
    phone: str | None = None


def _settings():
    from core.settings import get_settings
    from domain.services import current

    try:
        return current().settings
    except RuntimeError:
        return get_settings()


# ---- conversations ---------------------------------------------------------------------------

def get_conversation(session: Session, sender_id: str) -> Conversation | None:
    """The conversation of a sender. Found once per session: a message's transaction asks for it
    several times (routing, feedback, logging), and a second SELECT of a row already in the
    session would return the same object without refreshing it anyway."""
    known = session.info.setdefault("conversation_of_sender", {})
    conversation = known.get(sender_id)
    if conversation is not None and inspect(conversation).persistent and conversation not in session.deleted:
        return conversation   # only rows found by the SELECT below are kept: never a pending one
    conversation = session.scalar(select(Conversation).where(Conversation.sender_id == sender_id))
    if conversation is not None:
        known[sender_id] = conversation
    return conversation


def get_or_create(session: Session, sender_id: str, channel: str, now: datetime | None = None) -> Conversation:
    conversation = get_conversation(session, sender_id)
    if conversation is not None:
        return conversation
    now = now or utcnow()
    try:
        with session.begin_nested():  # two first messages at once: the second one reads the row
            conversation = Conversation(sender_id=sender_id, channel=channel, owner=BOT, created_at=now,
                                        last_activity_at=now, failed_understandings=0)
            session.add(conversation)
    except IntegrityError:
        conversation = get_conversation(session, sender_id)
        assert conversation is not None
    return conversation


def owner_of(session: Session, sender_id: str) -> str:
    conversation = get_conversation(session, sender_id)
    return conversation.owner if conversation else BOT


def queue_position(session: Session, conversation: Conversation) -> int | None:
    """1 = next to be taken; None when the conversation is not waiting."""
    if conversation.owner != QUEUED or conversation.queued_at is None:
        return None
    ahead = session.scalar(
        select(func.count()).select_from(Conversation).where(
            Conversation.owner == QUEUED,
            or_(Conversation.queued_at < conversation.queued_at,
                (Conversation.queued_at == conversation.queued_at) & (Conversation.id < conversation.id)),
        )
    )
    return int(ahead or 0) + 1


def _open_handoff(session: Session, conversation: Conversation) -> Handoff | None:
    return session.scalar(
        select(Handoff).where(Handoff.conversation_id == conversation.id, Handoff.ended_at.is_(None))
        .order_by(Handoff.id.desc()).limit(1)
    )


def _end_handoff(session: Session, conversation: Conversation, outcome: str, now: datetime) -> None:
    handoff = _open_handoff(session, conversation)
    if handoff is not None:
        handoff.ended_at, handoff.outcome = now, outcome


def _changed(session: Session, conversation: Conversation) -> None:
    publish_after_commit(session, {"type": "conversation", "sender_id": conversation.sender_id,
                                   "owner": conversation.owner, "officer_id": conversation.officer_id})


def _tell_citizen(session: Session, conversation: Conversation, text: str, *, author: str = "system",
                  officer_id: int | None = None, buttons: list[dict] | None = None,
                  now: datetime | None = None) -> ConversationMessage:
    """A message the citizen gets outside a bot turn: logged, then delivered by the outbox."""
    message = log_message(session, conversation, direction="out", author=author, text=text, buttons=buttons,
                officer_id=officer_id, now=now)
    payload: dict = {"text": text, "from": author}
    if buttons:
        payload["buttons"] = buttons
    kind = "officer_reply" if author == "officer" else "system"
    outbox.enqueue(session, conversation.channel, conversation.sender_id, kind, payload)
    return message


# ---- the citizen asks for a person -----------------------------------------------------------

# the reasons of this module in the audit trace's vocabulary (trace.md)
TRACE_REASONS = {"request_human": "asked", "repeated_fallback": "failed_understanding", "complaint": "complaint",
                 "field_failures": "form_stuck"}


def trace_reason(reason: str | None) -> str:
    return TRACE_REASONS.get(reason or "", "asked")


def request_handoff(
    session: Session,
    sender_id: str,
    reason: str = "request_human",
    *,
    channel: str | None = None,
    hours: OfficeHours | None = None,
    phone: str | None = None,
    message: str | None = None,
    now: datetime | None = None,
) -> HandoffResult:
    """Queue the conversation for an officer (in office hours) or start a callback request.

    ``phone``/``message``: a callback number and words the citizen already gave (kept for
    the officer; outside office hours both together complete the callback request).
    """
    now = now or utcnow()
    hours = hours or OfficeHours.from_settings(_settings())
    conversation = get_or_create(session, sender_id, channel or _channel_of(sender_id), now)
    if conversation.owner == OFFICER:
        return HandoffResult("with_officer")
    if conversation.owner == QUEUED:
        return HandoffResult("already_queued", position=queue_position(session, conversation))
    if phone:
        conversation.callback_phone = phone
    conversation.offer_reason = None
    conversation.failed_understandings = 0
    if not hours.is_open(now):
        conversation.offer_reason = reason  # kept while the callback words are collected (trace reason)
        if phone and message:
            _record_callback(session, conversation, message, now)
            return HandoffResult("callback_left", hours=hours.describe(), phone=phone)
        conversation.callback_stage = CALLBACK_AWAITING
        conversation.callback_message = message if message and not message.startswith("/") else None
        return HandoffResult("outside_hours", hours=hours.describe())
    conversation.owner = QUEUED
    conversation.handoff_reason = reason
    conversation.queued_at = now
    conversation.acknowledged_at = None
    conversation.closed_at = None
    session.add(Handoff(conversation_id=conversation.id, reason=reason, channel=conversation.channel,
                        requested_at=now))
    session.flush()
    record.handoff(session, sender_id, "queue", trace_reason(reason))
    _changed(session, conversation)
    publish_after_commit(session, {"type": "queue"})
    return HandoffResult("queued", position=queue_position(session, conversation))


def handoff_reply(result: HandoffResult) -> dict:
    """The citizen-facing answer to a handoff request: {"text", "buttons"}."""
    if result.status in ("queued", "already_queued"):
        return {"text": texts.queued(result.position or 1), "buttons": [texts.BACK_TO_BOT_BUTTON]}
    if result.status == "with_officer":
        return {"text": texts.ALREADY_WITH_OFFICER, "buttons": []}
    if result.status == "callback_left":
        return {"text": texts.callback_left(result.phone or ""), "buttons": []}
    return {"text": texts.outside_hours(result.hours), "buttons": [texts.BACK_TO_BOT_BUTTON]}


def _channel_of(sender_id: str) -> str:
    prefix = sender_id.split(":", 1)[0]
    return prefix if prefix in ("telegram", "zalo") else "web"


def _record_callback(session: Session, conversation: Conversation, message: str, now: datetime) -> None:
    conversation.callback_stage = CALLBACK_LEFT
    conversation.callback_message = message
    conversation.callback_requested_at = now
    session.add(Handoff(conversation_id=conversation.id, reason="callback", channel=conversation.channel,
                        requested_at=now))
    # outside office hours: a callback the citizen is told will be answered — not a queue
    record.handoff(session, conversation.sender_id, "callback", trace_reason(conversation.offer_reason))
    conversation.offer_reason = None
    publish_after_commit(session, {"type": "queue"})


def take_callback_words(session: Session, conversation: Conversation, text: str, phone: str | None,
                        now: datetime) -> str:
    """Outside office hours: collect the citizen's message and callback phone; returns the reply."""
    words = (conversation.callback_message + "\n" if conversation.callback_message else "") + text
    conversation.callback_message = words[-4000:]
    if phone:
        conversation.callback_phone = phone
    if not conversation.callback_phone:
        return texts.ASK_CALLBACK_PHONE
    _record_callback(session, conversation, conversation.callback_message, now)
    return texts.callback_left(conversation.callback_phone)


def cancel_wait(session: Session, conversation: Conversation, now: datetime | None = None) -> None:
    """The citizen goes back to the bot while waiting (or stops leaving a callback)."""
    now = now or utcnow()
    if conversation.owner == QUEUED:
        _end_handoff(session, conversation, "cancelled", now)
        conversation.owner, conversation.queued_at = BOT, None
        _changed(session, conversation)
        publish_after_commit(session, {"type": "queue"})
    if conversation.callback_stage == CALLBACK_AWAITING:
        conversation.callback_stage = None
