"""Citizens' ratings of the bot's answers: the API (POST /api/v1/feedback) and the chat buttons
call the same code. One rating per conversation and topic (a second tap changes it); "Chưa
đúng" puts the rated turn on the desk and invites an optional short comment."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.feedback import texts
from domain.feedback.desk_items import put_on_desk
from domain.feedback.models import NEGATIVE_FEEDBACK, Feedback, FeedbackOffer
from domain.feedback.placeholders import mask
from domain.feedback.turns import previous_inbound
from domain.handoff.messages import log_message
from domain.handoff.models import BOT, Conversation, ConversationMessage
from domain.handoff.service import get_conversation
from domain.handoff.timeutil import as_utc

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 1000
# after "Chưa đúng", the next words typed within this time are the comment
COMMENT_WINDOW = timedelta(minutes=10)


class FeedbackError(LookupError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _latest_answer(session: Session, conversation: Conversation) -> ConversationMessage | None:
    return session.scalar(select(ConversationMessage).where(
        ConversationMessage.conversation_id == conversation.id, ConversationMessage.author == "bot")
        .order_by(ConversationMessage.id.desc()).limit(1))


def _citizen_turn_before(session: Session, conversation: Conversation, before_id: int) -> ConversationMessage | None:
    rows = session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == conversation.id, ConversationMessage.direction == "in",
        ConversationMessage.id < before_id).order_by(ConversationMessage.id.desc()).limit(10))
    return next((m for m in rows if not (m.text or "").startswith(texts.FEEDBACK_COMMAND)), None)


def _answer_after(session: Session, conversation: Conversation, inbound_id: int | None) -> int | None:
    if inbound_id is None:
        return None
    return session.scalar(select(ConversationMessage.id).where(
        ConversationMessage.conversation_id == conversation.id, ConversationMessage.author == "bot",
        ConversationMessage.id > inbound_id).order_by(ConversationMessage.id).limit(1))


def rate(session: Session, sender_id: str, rating: str, comment: str | None = None, *, offer_id: int | None = None,
         await_comment: bool = False, now: datetime | None = None) -> Feedback:
    """Rate the offered turn (offer_id, from a button) or the bot's latest answer."""
    now = now or utcnow()
    if rating not in RATINGS:
        raise FeedbackError(422, "Đánh giá phải là \"up\" (Hữu ích) hoặc \"down\" (Chưa đúng).")
    conversation = get_conversation(session, sender_id)
    if conversation is None:
        raise FeedbackError(404, "Không có cuộc trò chuyện này.")
    offer = session.get(FeedbackOffer, offer_id) if offer_id is not None else None
    if offer is not None and offer.conversation_id != conversation.id:
        offer = None
    if offer is not None:
        topic, inbound_id, answer_id = offer.topic, offer.inbound_id, _answer_after(session, conversation,
                                                                                   offer.inbound_id)
    else:
        answer = _latest_answer(session, conversation)
        if answer is None:
            raise FeedbackError(404, texts.NOTHING_TO_RATE)
        inbound = _citizen_turn_before(session, conversation, answer.id)
        inbound_id, answer_id = (inbound.id if inbound else None), answer.id
        latest_offer = session.scalar(select(FeedbackOffer).where(FeedbackOffer.conversation_id == conversation.id)
                                      .order_by(FeedbackOffer.id.desc()).limit(1))
        topic = (latest_offer.topic if latest_offer is not None and inbound_id is not None
                 and latest_offer.inbound_id == inbound_id else f"answer:{inbound_id or answer.id}")
    comment = mask(comment.strip()[:MAX_COMMENT_CHARS]) if comment and comment.strip() else None
    feedback = session.scalar(select(Feedback).where(Feedback.conversation_id == conversation.id,
                                                     Feedback.topic == topic))
    if feedback is None:
        feedback = Feedback(conversation_id=conversation.id, sender_id=sender_id, topic=topic,
                            channel=conversation.channel, created_at=now)
        session.add(feedback)
    feedback.rating, feedback.inbound_id, feedback.answer_id = rating, inbound_id, answer_id
    feedback.comment = comment or (feedback.comment if rating == "down" else None)
    feedback.awaiting_comment = rating == "down" and await_comment and comment is None
    session.flush()
    if rating == "down" and inbound_id is not None:
        put_on_desk(session, conversation, _worded_turn(session, conversation, inbound_id), NEGATIVE_FEEDBACK, now)
    return feedback


def _worded_turn(session: Session, conversation: Conversation, inbound_id: int) -> ConversationMessage | None:
    """The rated turn, or when it was a button tap ("/ask_fee{...}") the citizen's last typed words."""
    message = session.get(ConversationMessage, inbound_id)
    if message is None or not (message.text or "").startswith("/"):
        return message
    return next((m for m in previous_inbound(session, conversation, inbound_id, limit=5)
                 if m.text and not m.text.startswith("/")), None)


def _awaiting(session: Session, conversation: Conversation, now: datetime) -> Feedback | None:
    feedback = session.scalar(select(Feedback).where(Feedback.conversation_id == conversation.id)
                              .order_by(Feedback.id.desc()).limit(1))
    if feedback is None or not feedback.awaiting_comment:
        return None
    if as_utc(feedback.created_at) + COMMENT_WINDOW < now:
        return None
    return feedback


def _reply(session: Session, conversation: Conversation, text: str, buttons: list[dict] | None,
           now: datetime) -> dict[str, Any]:
    log_message(session, conversation, direction="out", author="system", text=text, buttons=buttons, now=now)
    return {"text": text, "buttons": buttons or []}


def take_chat_message(session: Session, sender_id: str, text: str, channel: str,
                      now: datetime | None = None) -> list[dict[str, Any]] | None:
    """Before Rasa: a feedback button tap, or the comment after "Chưa đúng" -> the replies; else None."""
    now = now or utcnow()
    data = texts.parse(text)
    conversation = get_conversation(session, sender_id)
    if data is None:
        if conversation is None or conversation.owner != BOT:
            return None
        feedback = _awaiting(session, conversation, now)
        if feedback is None:
            return None
        if text.strip().startswith("/"):  # another button: the citizen moved on without a comment
            feedback.awaiting_comment = False
            return None
        log_message(session, conversation, direction="in", author="citizen", text=text, now=now)
        feedback.comment = mask(text.strip()[:MAX_COMMENT_CHARS])
        feedback.awaiting_comment = False
        return [_reply(session, conversation, texts.THANKS_COMMENT, None, now)]
    if conversation is None:
        return [{"text": texts.NOTHING_TO_RATE, "buttons": []}]
    conversation.last_activity_at = now
    log_message(session, conversation, direction="in", author="citizen", text=text.strip()[:200], now=now)
    if data.get("skip"):
        feedback = _awaiting(session, conversation, now)
        if feedback is not None:
            feedback.awaiting_comment = False
        return [_reply(session, conversation, texts.SKIPPED, None, now)]
    offer = data.get("offer")
    try:
        feedback = rate(session, sender_id, str(data.get("rating")), offer_id=offer if isinstance(offer, int) else None,
                        await_comment=True, now=now)
    except FeedbackError as error:
        return [_reply(session, conversation, texts.NOTHING_TO_RATE if error.status == 404 else error.message,
                       None, now)]
    if feedback.rating == "down":
        return [_reply(session, conversation, texts.ASK_COMMENT, [texts.SKIP_BUTTON], now)]
    return [_reply(session, conversation, texts.THANKS_UP, None, now)]
