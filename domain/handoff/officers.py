"""What officers do with a conversation: take over, reply, hand back, close, notes, presence."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.handoff import texts
from domain.handoff.live import publish_after_commit
from domain.handoff.models import (
    BOT,
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
from domain.handoff.service import (  # noqa: F401
    HandoffConflict,
    _changed,
    _end_handoff,
    _open_handoff,
    _settings,
    _tell_citizen,
    get_conversation,
)
from domain.handoff.timeutil import as_utc


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
