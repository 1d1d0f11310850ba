"""Business logic of the dossier store: create / update with history and notifications,
lookups, and the chat's ownership check with its lockout.

Callers own the transaction (Database.session()); nothing here commits.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain.dossiers import lockout, notifications
from domain.dossiers.identity import Factor, OwnerHasher
from domain.dossiers.models import Dossier, DossierStatusChange
from domain.dossiers.records import DossierRecord, normalize_receipt_code
from domain.dossiers.statuses import DeliveryMethod, Status, can_change, is_overdue, today_in_vietnam
from domain.dossiers.wording import DossierView

log = logging.getLogger(__name__)


class DossierNotFound(LookupError):
    pass


class DossierExists(ValueError):
    pass


class InvalidChange(ValueError):
    """A change the dossier cannot take (transition, stale data, missing owner)."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def find(session: Session, receipt_code: str) -> Dossier | None:
    code = normalize_receipt_code(receipt_code)
    return session.scalar(select(Dossier).where(Dossier.receipt_code == code)) if code else None


def get(session: Session, receipt_code: str) -> Dossier:
    dossier = find(session, receipt_code)
    if dossier is None:
        raise DossierNotFound(receipt_code)
    return dossier


def find_by_owner(session: Session, hasher: OwnerHasher, id_number: str | None = None,
                  phone: str | None = None) -> list[Dossier]:
    """Dossiers of one person, by the full căn cước and/or phone (officer use)."""
    keys = []
    if id_number:
        keys.append(Dossier.owner_id_hash == hasher.full("id_number", id_number))
    if phone:
        keys.append(Dossier.owner_phone_hash == hasher.full("phone", phone))
    if not keys:
        return []
    return list(session.scalars(select(Dossier).where(or_(*keys)).order_by(Dossier.id)))


def view_of(dossier: Dossier) -> DossierView:
    return DossierView(
        receipt_code=dossier.receipt_code, status=Status(dossier.status), agency=dossier.agency,
        appointment_date=dossier.appointment_date, missing_items=tuple(dossier.missing_items or ()),
        delivery_method=DeliveryMethod(dossier.delivery_method) if dossier.delivery_method else None,
        status_note=dossier.status_note,
    )


def overdue(dossier: Dossier, now: datetime | None = None) -> bool:
    return is_overdue(Status(dossier.status), dossier.appointment_date, today_in_vietnam(now))


def _append_history(dossier: Dossier, record: DossierRecord, source: str, now: datetime) -> None:
    dossier.history.append(DossierStatusChange(
        status=record.status.value, note=record.status_note,
        missing_items=list(record.missing_items) or None,
        changed_at=record.status_changed_at or now, recorded_at=now, source=source[:32],
    ))


def create(session: Session, hasher: OwnerHasher, record: DossierRecord, source: str,
           now: datetime | None = None) -> Dossier:
    now = now or utcnow()
    if find(session, record.receipt_code) is not None:
        raise DossierExists(record.receipt_code)
    if not (record.owner_id_number or record.owner_phone):
        raise InvalidChange("owner_id_number or owner_phone is required for a new dossier")
    dossier = Dossier(
        receipt_code=record.receipt_code, procedure_code=record.procedure_code, agency=record.agency,
        status=record.status.value, status_note=record.status_note, missing_items=list(record.missing_items),
        appointment_date=record.appointment_date,
        delivery_method=record.delivery_method.value if record.delivery_method else None,
        created_at=now, updated_at=now,
        **hasher.owner_columns(record.receipt_code, record.owner_id_number, record.owner_phone),
    )
    _append_history(dossier, record, source, now)
    session.add(dossier)
    session.flush()
    log.info("dossier %s created (%s) by %s", dossier.receipt_code, dossier.status, source)
    return dossier


def _details(dossier: Dossier) -> tuple:
    return (dossier.procedure_code, dossier.agency, dossier.status_note, list(dossier.missing_items or []),
            dossier.appointment_date, dossier.delivery_method, dossier.owner_id_hash, dossier.owner_phone_hash)


def change_status(session: Session, hasher: OwnerHasher, dossier: Dossier, record: DossierRecord, source: str,
                  now: datetime | None = None, strict: bool = True) -> Literal["updated", "unchanged"]:
    """Apply a new state of the dossier; a new status appends history and notifies opt-ins.

    strict: the status must change (the admin API's "update status"); otherwise the same
    status only refreshes the details (re-importing a file changes nothing).
    """
    now = now or utcnow()
    # every refusal comes before the first write, so a refused change leaves no trace
    old = Status(dossier.status)
    new = record.status
    if new == old and strict:
        raise InvalidChange(f"the dossier is already {old.value}")
    if new != old and not can_change(old, new):
        raise InvalidChange(f"status cannot change from {old.value} to {new.value}")
    if new != old and record.status_changed_at and dossier.history:
        last = lockout.as_utc(dossier.history[-1].changed_at)
        if record.status_changed_at < last:
            raise InvalidChange("status_changed_at is older than the last recorded change")

    before = _details(dossier)
    dossier.procedure_code = record.procedure_code
    dossier.agency = record.agency or dossier.agency
    dossier.appointment_date = record.appointment_date or dossier.appointment_date
    if record.delivery_method:
        dossier.delivery_method = record.delivery_method.value
    if new != old or record.status_note:
        dossier.status_note = record.status_note
    dossier.missing_items = list(record.missing_items) if new is Status.SUPPLEMENT_REQUIRED else []
    owner = hasher.owner_columns(dossier.receipt_code, record.owner_id_number, record.owner_phone)
    for column, value in owner.items():
        if value is not None:
            setattr(dossier, column, value)

    if new == old:
        if _details(dossier) == before:
            return "unchanged"
        dossier.updated_at = now
        return "updated"
    dossier.status = new.value
    dossier.updated_at = now
    _append_history(dossier, record, source, now)
    session.flush()
    queued = notifications.notify_subscribers(session, dossier, view_of(dossier), today_in_vietnam(now))
    log.info("dossier %s: %s -> %s by %s (%d notification(s))", dossier.receipt_code, old.value, new.value,
             source, queued)
    return "updated"


def upsert(session: Session, hasher: OwnerHasher, record: DossierRecord, source: str,
           now: datetime | None = None) -> Literal["created", "updated", "unchanged"]:
    """Create the dossier, or bring the stored one to the record's state (import, sync)."""
    dossier = find(session, record.receipt_code)
    if dossier is None:
        create(session, hasher, record, source, now)
        return "created"
    return change_status(session, hasher, dossier, record, source, now, strict=False)


# --- the chat's ownership check -------------------------------------------------------

@dataclass(frozen=True)
class CheckResult:
    outcome: Literal["verified", "mismatch", "locked"]
    receipt_code: str
    locked_until: datetime | None = None


def locked_until(session: Session, sender_id: str, receipt_code: str | None = None,
                 now: datetime | None = None) -> datetime | None:
    code = normalize_receipt_code(receipt_code) if receipt_code else None
    return lockout.locked_until(session, sender_id, code, now or utcnow())


def passed_check(session: Session, sender_id: str, receipt_code: str | None = None,
                 now: datetime | None = None) -> str | None:
    """The receipt code this conversation proved it owns lately (lockout.passed_check), or None."""
    code = normalize_receipt_code(receipt_code) if receipt_code else None
    if receipt_code and code is None:
        return None
    return lockout.passed_check(session, sender_id, code, now or utcnow())


def check_ownership(session: Session, hasher: OwnerHasher, receipt_code: str, factor: Factor, sender_id: str,
                    now: datetime | None = None) -> CheckResult:
    """Does the factor prove ownership of the dossier? Unknown receipt = wrong factor.

    A locked sender or receipt is refused without trying; every try is recorded, and the
    failure that reaches the limit answers "locked" at once.
    """
    now = now or utcnow()
    code = normalize_receipt_code(receipt_code) or receipt_code.strip().upper()[:64]
    lockout.serialize(session, sender_id[:128], code, now)  # concurrent guesses wait here, one by one
    # the receipt's lock stops 4-digit guessing; a full căn cước / phone (not guessable) still
    # lets the owner in, so a stranger who knows a receipt code cannot lock its owner out
    receipt_lock = code if factor.kind == "last4" else None
    until = lockout.locked_until(session, sender_id, receipt_lock, now)
    if until:
        return CheckResult("locked", code, until)
    dossier = find(session, code)
    stored = {} if dossier is None else {
        "owner_id_last4_hash": dossier.owner_id_last4_hash, "owner_phone_last4_hash": dossier.owner_phone_last4_hash,
        "owner_id_hash": dossier.owner_id_hash, "owner_phone_hash": dossier.owner_phone_hash,
    }
    verified = hasher.matches(code, stored, factor) and dossier is not None
    lockout.record_attempt(session, sender_id, code, verified, now)
    log.info("status check of %s by %s: %s", code, sender_id, "verified" if verified else "not verified")
    if verified:
        return CheckResult("verified", code)
    until = lockout.locked_until(session, sender_id, receipt_lock, now)
    return CheckResult("locked", code, until) if until else CheckResult("mismatch", code)
