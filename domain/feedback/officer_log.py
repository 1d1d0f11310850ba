"""Every change an officer or supervisor makes in the improvement loop, with who and when."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.feedback.models import OfficerAction
from domain.handoff.models import Officer
from domain.handoff.timeutil import iso


def record(session: Session, officer: Officer | None, action: str, target: str | None = None,
           data: dict[str, Any] | None = None, now: datetime | None = None) -> OfficerAction:
    row = OfficerAction(officer_id=officer.id if officer else None, username=officer.username if officer else "cli",
                        action=action, target=target, data=data or {}, created_at=now or utcnow())
    session.add(row)
    session.flush()
    return row


def recent(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    rows = session.scalars(select(OfficerAction).order_by(OfficerAction.id.desc()).limit(limit))
    return [{"id": r.id, "username": r.username, "action": r.action, "target": r.target, "data": r.data,
             "created_at": iso(r.created_at)} for r in rows]
