"""The dossier-status steps that touch the database: the owner check, disclosure, opt-in.

Whether a status may be shown or an opt-in taken is decided here from the server's record
of a passed owner check (service.passed_check), never from slots a caller could send; each
refused check and each disclosure is recorded in the audit trace in the same transaction.
"""
from __future__ import annotations

from domain.audit import record
from domain.dossiers import notifications, service
from domain.dossiers.identity import Factor, OwnerHasher
from domain.dossiers.statuses import today_in_vietnam
from domain.dossiers.wording import status_text


def check(session, hasher: OwnerHasher, code: str, factor: Factor, sender_id: str) -> service.CheckResult:
    """The owner check; a failed or locked one is a refusal of another person's data."""
    result = service.check_ownership(session, hasher, code, factor, sender_id)
    if result.outcome != "verified":
        record.refusal(session, sender_id, "other_person_data", result.receipt_code)
    return result


def locked_refusal(session, sender_id: str, code: str) -> bool:
    """Is this conversation locked out? (A receipt's own lock is applied to the factor given:
    the owner may still prove ownership with the full căn cước / phone.)"""
    if service.locked_until(session, sender_id, None) is None:
        return False
    record.refusal(session, sender_id, "other_person_data", code)
    return True


def answer(session, code: str, recipient_id: str) -> tuple[str, bool, str | None] | bool | None:
    """Only after a passed owner check on record: the status text (overdue apology included),
    whether this citizen already opted in, and the dossier's procedure; recorded as disclosed."""
    if not code or service.passed_check(session, recipient_id, code) is None:
        record.refusal(session, recipient_id, "other_person_data", code or None)
        return False
    dossier = service.find(session, code)
    if dossier is None:
        return None
    text = status_text(service.view_of(dossier), today_in_vietnam())
    record.status_disclosed(session, recipient_id, dossier.receipt_code)
    if dossier.procedure_code:
        record.procedure_identified(session, recipient_id, dossier.procedure_code, "status")
    return text, notifications.is_subscribed(session, dossier, recipient_id), dossier.procedure_code or None


def subscribe(session, code: str | None, channel: str, recipient_id: str) -> str | None:
    """Opt in, only for a dossier this conversation passed the owner check for (on record)."""
    code = service.passed_check(session, recipient_id, code)
    dossier = service.find(session, code) if code else None
    if dossier is None:
        return None
    notifications.subscribe(session, dossier, channel, recipient_id)
    return dossier.receipt_code


def unsubscribe(session, code: str, recipient_id: str) -> None:
    dossier = service.find(session, code)
    if dossier is not None:
        notifications.unsubscribe(session, dossier, recipient_id)
