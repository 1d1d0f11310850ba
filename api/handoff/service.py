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
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api import outbox
from api.db.base import utcnow
from api.handoff import texts
from api.handoff.live import publish_after_commit
from api.handoff.messages import log_message
from api.handoff.models import (
    BOT,
    CALLBACK_AWAITING,
    CALLBACK_DONE,
    CALLBACK_LEFT,
    OFFICER,
    QUEUED,
    Conversation,
    ConversationMessage,
    ConversationNote,
    Handoff,
    Officer,
)
from api.handoff.office_hours import OfficeHours
from api.handoff.timeutil import as_utc

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
    from api.services import current
    from api.settings import get_settings

    try:
        return current().settings
    except RuntimeError:
        return get_settings()


# ---- conversations ---------------------------------------------------------------------------

def get_conversation(session: Session, sender_id: str) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.sender_id == sender_id))


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


# ---- officers ---------------------------------------------------------------------------------

def _mine(session: Session, sender_id: str, officer: Officer) -> Conversation:
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        raise LookupError(sender_id)
    if conversation.owner != OFFICER or conversation.officer_id != officer.id:
        raise HandoffConflict("Cuộc trò chuyện này không do anh/chị phụ trách.")
    return conversation


def take_over(session: Session, sender_id: str, officer: Officer, now: datetime | None = None) -> Conversation:
    """Only one officer wins: the owner changes with a conditional UPDATE."""
    now = now or utcnow()
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        raise LookupError(sender_id)
    takeable = (Conversation.owner == QUEUED) | (
        (Conversation.owner == BOT) & (Conversation.callback_stage == CALLBACK_LEFT))
    won = session.execute(
        update(Conversation).where(Conversation.id == conversation.id, takeable)
        .values(owner=OFFICER, officer_id=officer.id, taken_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not won:
        raise HandoffConflict("Cuộc trò chuyện đã có cán bộ khác tiếp nhận hoặc không còn chờ.")
    session.refresh(conversation)
    handoff = _open_handoff(session, conversation)
    if handoff is None or handoff.reason == "callback":
        if handoff is not None:
            handoff.ended_at, handoff.outcome = now, "callback"
        handoff = Handoff(conversation_id=conversation.id, reason=conversation.handoff_reason or "callback",
                          channel=conversation.channel, requested_at=now)
        session.add(handoff)
    handoff.officer_id, handoff.taken_at = officer.id, now
    touch_officer(session, officer.id, now)  # taking over counts as being present
    if conversation.callback_stage == CALLBACK_LEFT:
        conversation.callback_stage = CALLBACK_DONE
    _tell_citizen(session, conversation, texts.taken_over(officer.display_name), now=now)
    _changed(session, conversation)
    publish_after_commit(session, {"type": "queue"})
    return conversation


def officer_reply(session: Session, sender_id: str, officer: Officer, text: str,
                  now: datetime | None = None) -> ConversationMessage:
    conversation = _mine(session, sender_id, officer)
    now = now or utcnow()
    conversation.last_activity_at = now
    touch_officer(session, officer.id, now)
    return _tell_citizen(session, conversation, text, author="officer", officer_id=officer.id, now=now)


def _resume_text(session: Session, conversation: Conversation, since: datetime | None) -> str:
    """The bot says it is back; in the middle of a form it repeats its last question."""
    text = texts.RESUMED
    if (conversation.bot_state or {}).get("active_loop"):
        query = select(ConversationMessage).where(
            ConversationMessage.conversation_id == conversation.id, ConversationMessage.author == "bot")
        if since is not None:
            query = query.where(ConversationMessage.created_at < since)
        last = session.scalars(query.order_by(ConversationMessage.id.desc()).limit(1)).first()
        if last and last.text:
            text += f" {texts.RESUMED_FORM}\n{last.text}"
    return text


def hand_back(session: Session, sender_id: str, officer: Officer, now: datetime | None = None) -> Conversation:
    """The bot answers again, from where it was (Rasa never saw the officer's part)."""
    now = now or utcnow()
    conversation = _mine(session, sender_id, officer)
    handoff = _open_handoff(session, conversation)
    _end_handoff(session, conversation, "handed_back", now)
    conversation.owner, conversation.officer_id, conversation.queued_at = BOT, None, None
    conversation.failed_understandings = 0
    resume = _resume_text(session, conversation, as_utc(handoff.requested_at) if handoff else None)
    _tell_citizen(session, conversation, resume, buttons=[texts.OFFICER_BUTTON], now=now)
    _changed(session, conversation)
    return conversation


def close(session: Session, sender_id: str, officer: Officer, now: datetime | None = None) -> Conversation:
    """The officer ends the conversation (also a queued one, e.g. spam or already solved)."""
    now = now or utcnow()
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        raise LookupError(sender_id)
    if not (conversation.owner == QUEUED or
            (conversation.owner == OFFICER and conversation.officer_id == officer.id)):
        raise HandoffConflict("Chỉ đóng được cuộc trò chuyện đang chờ hoặc do anh/chị phụ trách.")
    _end_handoff(session, conversation, "closed", now)
    conversation.owner, conversation.officer_id, conversation.queued_at = BOT, None, None
    conversation.closed_at = now
    conversation.failed_understandings = 0
    _tell_citizen(session, conversation, texts.CLOSED, now=now)
    _changed(session, conversation)
    publish_after_commit(session, {"type": "queue"})
    return conversation


def mark_callback_done(session: Session, sender_id: str, officer: Officer, now: datetime | None = None) -> None:
    conversation = get_conversation(session, sender_id)
    if conversation is None or conversation.callback_stage != CALLBACK_LEFT:
        raise HandoffConflict("Không có yêu cầu gọi lại đang chờ.")
    conversation.callback_stage = CALLBACK_DONE
    handoff = _open_handoff(session, conversation)
    if handoff is not None and handoff.reason == "callback":
        handoff.officer_id, handoff.taken_at = officer.id, now or utcnow()
        handoff.ended_at, handoff.outcome = now or utcnow(), "callback"
    publish_after_commit(session, {"type": "queue"})


def add_note(session: Session, sender_id: str, officer: Officer, text: str,
             now: datetime | None = None) -> ConversationNote:
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        raise LookupError(sender_id)
    note = ConversationNote(conversation_id=conversation.id, officer_id=officer.id, text=text,
                            created_at=now or utcnow())
    session.add(note)
    session.flush()
    publish_after_commit(session, {"type": "note", "sender_id": sender_id})
    return note


def touch_officer(session: Session, officer_id: int, now: datetime | None = None) -> None:
    """The officer's console is connected (the disconnect timeout counts from here)."""
    session.execute(update(Officer).where(Officer.id == officer_id).values(last_seen_at=now or utcnow()))


def release_stale(session: Session, timeout_seconds: float, now: datetime | None = None,
                  sender_id: str | None = None) -> list[str]:
    """Officers not seen for the timeout give their conversations back to the queue.

    They keep their original place (queued_at), so they are taken first.
    """
    now = now or utcnow()
    cutoff = now - timedelta(seconds=timeout_seconds)
    query = (
        select(Conversation).join(Officer, Officer.id == Conversation.officer_id)
        .where(Conversation.owner == OFFICER,
               or_(Officer.last_seen_at.is_(None), Officer.last_seen_at < cutoff))
    )
    if sender_id is not None:
        query = query.where(Conversation.sender_id == sender_id)
    released = []
    for conversation in session.scalars(query):
        _end_handoff(session, conversation, "released", now)
        conversation.owner, conversation.officer_id = QUEUED, None
        conversation.queued_at = conversation.queued_at or now
        conversation.acknowledged_at = None
        session.add(Handoff(conversation_id=conversation.id, reason="officer_disconnected",
                            channel=conversation.channel, requested_at=now))
        _tell_citizen(session, conversation, texts.OFFICER_LEFT, now=now)
        _changed(session, conversation)
        released.append(conversation.sender_id)
    if released:
        session.flush()
        publish_after_commit(session, {"type": "queue"})
    return released
