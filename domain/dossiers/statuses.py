"""Dossier statuses as a one-stop system uses them, allowed changes, and overdue.

Overdue is not a status: it is derived from the appointment date, so it can never be
stale. Changes may skip steps (a sync sees only the latest state), but never go back
to "received" and never leave a final status.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT_REQUIRED = "supplement_required"
    AWAITING_PAYMENT = "awaiting_payment"
    RESULT_READY = "result_ready"
    RESULT_RETURNED = "result_returned"
    REJECTED = "rejected"


class DeliveryMethod(StrEnum):
    DESK = "desk"        # collected at the one-stop desk
    POSTAL = "postal"    # sent by post (dịch vụ bưu chính công ích)


ALLOWED_CHANGES: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.PROCESSING, Status.SUPPLEMENT_REQUIRED, Status.AWAITING_PAYMENT,
                                Status.RESULT_READY, Status.REJECTED}),
    Status.PROCESSING: frozenset({Status.SUPPLEMENT_REQUIRED, Status.AWAITING_PAYMENT, Status.RESULT_READY,
                                  Status.REJECTED}),
    Status.SUPPLEMENT_REQUIRED: frozenset({Status.PROCESSING, Status.AWAITING_PAYMENT, Status.RESULT_READY,
                                           Status.REJECTED}),
    Status.AWAITING_PAYMENT: frozenset({Status.PROCESSING, Status.RESULT_READY, Status.REJECTED}),
    Status.RESULT_READY: frozenset({Status.RESULT_RETURNED}),
    Status.RESULT_RETURNED: frozenset(),
    Status.REJECTED: frozenset(),
}

# the agency's clock runs in these statuses; in the others the citizen or the result waits
OVERDUE_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING})

# Vietnam has no daylight saving time: a fixed offset needs no tz database
VIETNAM = timezone(timedelta(hours=7), "ICT")


def can_change(old: Status, new: Status) -> bool:
    return new in ALLOWED_CHANGES[old]


def today_in_vietnam(now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(VIETNAM).date()


def is_overdue(status: Status, appointment_date: date | None, today: date) -> bool:
    return appointment_date is not None and status in OVERDUE_STATUSES and today > appointment_date
