"""Tables of the channels (Alembic branch "channels")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class ProcessedMessage(Base):
    """One inbound platform message, claimed before it is handled: a retried delivery
    with the same platform message id finds its row and is dropped."""

    __tablename__ = "channel_processed_messages"
    __table_args__ = (UniqueConstraint("channel", "platform_message_id", name="uq_channel_processed_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_message_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    # received (claimed, being handled) | retry (Rasa was down: replayed) | done | failed
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the persisted inbox: the whole envelope, so a message survives a crash and is replayed
    envelope: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # when a retry is due, or until when a replaying process holds the row (lease)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ButtonPayload(Base):
    """Short id -> long button payload (Telegram callback_data holds at most 64 bytes)."""

    __tablename__ = "channel_button_payloads"

    short_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    # the conversation it was shown to: "xóa dữ liệu của tôi" erases it
    sender_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelContact(Base):
    """What a channel needs to remember about a citizen between messages."""

    __tablename__ = "channel_contacts"

    sender_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    # Zalo only accepts replies for a limited time after this
    last_inbound_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Zalo buttons send their title back as text: title -> payload of the buttons last offered
    offered_buttons: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    followed: Mapped[bool | None] = mapped_column(nullable=True)


class ChannelAttachment(Base):
    """A photo or file a citizen sent during a handoff, kept for the officer."""

    __tablename__ = "channel_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # unguessable key of the officer's download link (the file may hold personal papers)
    download_key: Mapped[str] = mapped_column(String(64), unique=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    name: Mapped[str | None] = mapped_column(Text, nullable=True)
    mime_type: Mapped[str | None] = mapped_column(String(128), nullable=True)
    caption: Mapped[str | None] = mapped_column(Text, nullable=True)
    platform_message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ZaloToken(Base):
    """The OA's current token pair; the refresh token is single-use, so it is rotated under a row lock."""

    __tablename__ = "channel_zalo_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)          # "oa"
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refresh_count: Mapped[int] = mapped_column(Integer, default=0)
