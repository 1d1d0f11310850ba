"""Tables of the improvement loop (Alembic branch "feedback")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow

# desk reasons
FALLBACK, LOW_CONFIDENCE, NEGATIVE_FEEDBACK = "fallback", "low_confidence", "negative_feedback"
HANDOFF_AFTER_FAILURE, DENIED_PROCEDURE = "handoff_after_failure", "denied_procedure"
REASONS = (FALLBACK, LOW_CONFIDENCE, NEGATIVE_FEEDBACK, HANDOFF_AFTER_FAILURE, DENIED_PROCEDURE)
# desk item states
OPEN, LABELLED, DISMISSED = "open", "labelled", "dismissed"
# officer roles
OFFICER_ROLE, SUPERVISOR_ROLE = "officer", "supervisor"


class FeedbackOffer(Base):
    """"Hữu ích / Chưa đúng" shown once per conversation and topic, after the bot turn it rates."""

    __tablename__ = "feedback_offers"
    __table_args__ = (Index("ix_feedback_offers_conversation_topic", "conversation_id", "topic", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(96))          # procedure:1.001193, form:..., status, handoff
    kind: Mapped[str] = mapped_column(String(16))           # procedure | form | status | handoff
    inbound_id: Mapped[int | None] = mapped_column(Integer, nullable=True)   # the citizen turn answered
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Feedback(Base):
    """A citizen's rating of a bot answer (the turn it rates: inbound_id / answer_id)."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_conversation_topic", "conversation_id", "topic", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender_id: Mapped[str] = mapped_column(String(128))
    topic: Mapped[str] = mapped_column(String(96))
    rating: Mapped[str] = mapped_column(String(8))          # up | down
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    awaiting_comment: Mapped[bool] = mapped_column(Boolean, default=False)
    inbound_id: Mapped[int | None] = mapped_column(Integer, nullable=True)   # the citizen message answered
    answer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)    # the bot message rated
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class DeskItem(Base):
    """A citizen turn the bot did not handle well, waiting for an officer's label."""

    __tablename__ = "desk_items"
    __table_args__ = (Index("ix_desk_items_status_created", "status", "created_at"),
                      Index("ix_desk_items_message_reason", "message_id", "reason", unique=True))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[int] = mapped_column(Integer)         # the citizen's message (conversation_messages.id)
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)                  # personal data masked
    folded: Mapped[str] = mapped_column(Text)                # lowercase, no diacritics: grouping
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    label_intent: Mapped[str | None] = mapped_column(String(64), nullable=True)
    label_procedure: Mapped[str | None] = mapped_column(String(64), nullable=True)
    no_procedure: Mapped[bool] = mapped_column(Boolean, default=False)
    labelled_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    labelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    exported_batch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewedAlias(Base):
    """A citizen wording an officer proposed as an alias of a procedure (exported by a supervisor)."""

    __tablename__ = "reviewed_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procedure_code: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)                  # placeholders instead of personal data
    desk_item_id: Mapped[int | None] = mapped_column(ForeignKey("desk_items.id", ondelete="SET NULL"),
                                                     nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    exported_batch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExportBatch(Base):
    """One export of reviewed labels into the repository's files (reviewable in git)."""

    __tablename__ = "export_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)       # 2026-12-04-1
    files: Mapped[list] = mapped_column(JSON, default=list)          # [{"path", "sha256"}]
    examples: Mapped[int] = mapped_column(Integer, default=0)
    aliases: Mapped[int] = mapped_column(Integer, default=0)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OfficerAction(Base):
    """Who changed what and when (labels, aliases, dismissals, exports, roles)."""

    __tablename__ = "officer_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True, index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(128), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
