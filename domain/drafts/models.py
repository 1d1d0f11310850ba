from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class Draft(Base):
    """A confirmed declaration: the answers and the lines exactly as the citizen confirmed them."""
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)               # shown to the citizen: TK-7Q4MK2
    sender_id: Mapped[str] = mapped_column(String(128), index=True)           # the conversation that owns it
    procedure_code: Mapped[str] = mapped_column(String(16))                   # the form file / procedure
    title: Mapped[str] = mapped_column(String(200))
    values: Mapped[dict] = mapped_column(JSON)                                # field name -> answer
    lines: Mapped[list] = mapped_column(JSON)                                 # [{name, label, value, section, printed}]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CitizenProfile(Base):
    """What a citizen agreed to have remembered for the next form (name, căn cước, phone, address)."""
    __tablename__ = "citizen_profiles"

    sender_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
