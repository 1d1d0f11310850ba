"""Officer roles (officer | supervisor); a change of role is logged like every other change."""
from __future__ import annotations

from sqlalchemy.orm import Session

from domain.feedback import officer_log
from domain.feedback.models import OFFICER_ROLE, SUPERVISOR_ROLE
from domain.handoff.models import Officer

ROLES = (OFFICER_ROLE, SUPERVISOR_ROLE)


def set_role(session: Session, officer: Officer, role: str, by: Officer | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if officer.role != role:
        session.flush()
        officer_log.record(session, by, "role", f"officer:{officer.username}", {"from": officer.role, "to": role})
        officer.role = role
