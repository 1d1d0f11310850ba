"""Drafts and profiles in the database (every function runs inside the caller's transaction)."""
from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from domain.drafts.models import CitizenProfile, Draft
from knowledge.flows.checks import check_values, document_rows
from knowledge.flows.forms import PROFILE_KEYS, FormDefinition, load_forms

# no 0/O, 1/I/L: the code is read aloud to officers and typed by elderly citizens
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class UnknownForm(LookupError):
    pass


class InvalidDraft(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _new_code(session: Session) -> str:
    while True:
        code = "TK-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if session.scalar(select(Draft.id).where(Draft.code == code)) is None:
            return code


def find_form(form_code: str, forms: dict[str, FormDefinition] | None = None) -> FormDefinition:
    form = (forms if forms is not None else load_forms()).get(form_code)
    if form is None:
        raise UnknownForm(form_code)
    return form


def create_draft(session: Session, sender_id: str, form_code: str, values: dict[str, str], *,
                 forms: dict[str, FormDefinition] | None = None, today: date | None = None) -> Draft:
    """Validate the answers again (same rules as the chat) and store them with the filled lines."""
    form = find_form(form_code, forms)
    clean, errors = check_values(form, {k: str(v) for k, v in values.items()}, today)
    if errors:
        raise InvalidDraft(errors)
    lines = [asdict(row) for row in document_rows(form, clean)]
    draft = Draft(code=_new_code(session), sender_id=sender_id, procedure_code=form.procedure_code,
                  title=form.title, values=clean, lines=lines)
    session.add(draft)
    session.flush()
    return draft


def get_draft(session: Session, code: str) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.code == code.strip().upper()))


def drafts_of(session: Session, sender_id: str) -> list[Draft]:
    return list(session.scalars(select(Draft).where(Draft.sender_id == sender_id).order_by(Draft.id)))


def get_profile(session: Session, sender_id: str) -> dict[str, str] | None:
    profile = session.get(CitizenProfile, sender_id)
    return dict(profile.data) if profile is not None else None


def save_profile(session: Session, sender_id: str, data: dict[str, str]) -> dict[str, str]:
    """Remember (with the citizen's consent) only the profile keys, never anything else."""
    kept = {k: str(v) for k, v in data.items() if k in PROFILE_KEYS and v}
    profile = session.get(CitizenProfile, sender_id)
    if profile is None:
        session.add(CitizenProfile(sender_id=sender_id, data=kept))
    else:
        profile.data = kept
        profile.updated_at = utcnow()
    session.flush()
    return kept


def erase_profile(session: Session, sender_id: str) -> bool:
    """Forget the profile; True when there was one."""
    profile = session.get(CitizenProfile, sender_id)
    if profile is None:
        return False
    session.delete(profile)
    session.flush()
    return True
