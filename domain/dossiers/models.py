"""Tables of the dossier store.

Owners are never stored in clear: only keyed hashes (identity.OwnerHasher) of the full
căn cước / phone (matchable across dossiers, for officers) and of their last 4 digits
salted with the receipt code (the chat's second factor, not comparable across dossiers).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, utcnow

HASH_LENGTH = 64  # hex SHA-256


class Dossier(Base):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    receipt_code: Mapped[str] = mapped_column(String(64), unique=True)   # upper-case, as printed on the receipt
    procedure_code: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str | None] = mapped_column(String(255), nullable=True)
    status: Mapped[str] = mapped_column(String(32))                      # statuses.Status
    status_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # e.g. the reason of a rejection
    missing_items: Mapped[list] = mapped_column(JSON, default=list)      # what to supplement (supplement_required)
    appointment_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivery_method: Mapped[str | None] = mapped_column(String(16), nullable=True)  # desk | postal | unknown
    owner_id_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), nullable=True, index=True)
    owner_phone_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), nullable=True, index=True)
    owner_id_last4_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), nullable=True)
    owner_phone_last4_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    history: Mapped[list[DossierStatusChange]] = relationship(
        back_populates="dossier", order_by="DossierStatusChange.id", cascade="all, delete-orphan"
    )
    subscriptions: Mapped[list[DossierSubscription]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan"
    )


class DossierStatusChange(Base):
    """One row per status a dossier entered (the first one is its creation)."""

    __tablename__ = "dossier_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    missing_items: Mapped[list | None] = mapped_column(JSON, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))   # when it changed at the source
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(32))                         # admin_api | import:<file> | sync:<name>

    dossier: Mapped[Dossier] = relationship(back_populates="history")


class DossierSubscription(Base):
    """A citizen who passed the ownership check and asked to be told about changes."""

    __tablename__ = "dossier_subscriptions"
    __table_args__ = (UniqueConstraint("dossier_id", "channel", "recipient_id", name="uq_dossier_subscriptions_recipient"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))          # web | telegram | zalo
    recipient_id: Mapped[str] = mapped_column(String(128))    # the conversation's sender_id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="subscriptions")


class StatusCheckAttempt(Base):
    """Ownership checks in the chat, for the lockout (kept one day)."""

    __tablename__ = "status_check_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    receipt_code: Mapped[str] = mapped_column(String(64), index=True)  # as typed (normalised), known or not
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
