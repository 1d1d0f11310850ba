"""Tables of the officer handoff (Alembic branch "conversations").

A conversation row exists per sender id and says who answers it (owner); every
message in or out is logged with what the bot understood, so officers and
supervisors can read the whole conversation.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow

# owners
BOT, QUEUED, OFFICER = "bot", "queued", "officer"
# callback stages (outside office hours)
CALLBACK_AWAITING, CALLBACK_LEFT, CALLBACK_DONE = "awaiting", "left", "done"


class Officer(Base):
    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # refreshed while a console is connected; the disconnect timeout is measured from it
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # officer | supervisor (only a supervisor changes training data and sees statistics; branch "feedback")
    role: Mapped[str] = mapped_column(String(16), default="officer", server_default="officer")


class OfficerSession(Base):
    """A console login (cookie) or an API token (bearer); only the token's hash is stored."""

    __tablename__ = "officer_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="browser")  # browser | api
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(16), default=BOT, index=True)   # bot | queued | officer
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    handoff_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the "an officer will answer" acknowledgement is sent once per wait
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_understandings: Mapped[int] = mapped_column(Integer, default=0)
    # why an officer was last offered (repeated_fallback, complaint): becomes the handoff reason
    offer_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    callback_stage: Mapped[str | None] = mapped_column(String(16), nullable=True)
    callback_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    callback_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    callback_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # what the bot knew after its last turn: filled slots, active form, latest intent
    bot_state: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConversationMessage(Base):
    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8))        # in | out
    author: Mapped[str] = mapped_column(String(16))          # citizen | bot | officer | system
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    buttons: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # indexed by the statistics (branch "feedback")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # what the bot understood of an inbound citizen message (from Rasa's tracker)
    intent: Mapped[str | None] = mapped_column(String(64), nullable=True)
    intent_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    entities: Mapped[list | None] = mapped_column(JSON, nullable=True)
    procedure_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    filled_fields: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # who owned the conversation when the message arrived
    owner: Mapped[str] = mapped_column(String(16), default=BOT)


class Handoff(Base):
    """One wait for an officer, from the request to its outcome."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # handed_back | closed | cancelled | released (officer disconnected) | callback
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)


class ConversationNote(Base):
    """An officer's internal note: never sent to the citizen."""

    __tablename__ = "conversation_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
