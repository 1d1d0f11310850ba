"""One dossier as it comes from outside (import file, one-stop sync, admin API), validated.

Every problem of a row is reported at once, in words an operator can act on; nothing
here touches the database (checks against stored dossiers live in service.py).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from core.text.patterns import RECEIPT_CODE_RE
from domain.dossiers.identity import normalize_id_number, normalize_phone
from domain.dossiers.statuses import VIETNAM, DeliveryMethod, Status

FIELDS = (
    "receipt_code", "procedure_code", "status", "owner_id_number", "owner_phone", "appointment_date",
    "agency", "missing_items", "delivery_method", "status_note", "status_changed_at",
)
PROCEDURE_CODE_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-_]{0,63}")
DELIVERY_ALIASES = {"desk": "desk", "tai_quay": "desk", "truc_tiep": "desk", "postal": "postal",
                    "buu_chinh": "postal", "buu_dien": "postal"}


class RecordInvalid(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class DossierRecord:
    receipt_code: str
    procedure_code: str
    status: Status
    owner_id_number: str | None = None       # normalised digits; only ever hashed
    owner_phone: str | None = None
    appointment_date: date | None = None
    agency: str | None = None
    missing_items: tuple[str, ...] = field(default_factory=tuple)
    delivery_method: DeliveryMethod | None = None
    status_note: str | None = None
    status_changed_at: datetime | None = None

    def __repr__(self) -> str:  # never print owner numbers (logs, tracebacks)
        return f"DossierRecord(receipt_code={self.receipt_code!r}, status={self.status.value!r})"


def normalize_receipt_code(value: Any) -> str | None:
    text = str(value or "").strip().upper()
    return text if RECEIPT_CODE_RE.fullmatch(text) and any(c.isdigit() for c in text) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> date | None:
    """ISO 2025-03-05 or Vietnamese 05/03/2025; raises ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_datetime(value: Any) -> datetime:
    """ISO 8601; a time without zone is Vietnam time."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(timezone.utc)


def parse_items(value: Any) -> tuple[str, ...]:
    """A list, or a text with items separated by ';' or new lines."""
    items = value if isinstance(value, list | tuple) else re.split(r"[;\n]", str(value))
    return tuple(str(item).strip() for item in items if str(item).strip())


def parse_record(fields: Mapping[str, Any], require_owner: bool = True) -> DossierRecord:
    """Validate one raw row; raises RecordInvalid listing every problem found."""
    errors: list[str] = []
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        errors.append(f"unknown field(s): {', '.join(unknown)}")

    receipt_code = normalize_receipt_code(fields.get("receipt_code"))
    if receipt_code is None:
        errors.append("receipt_code is missing or not a receipt code (e.g. 000.00.15.H22-240918-0003)")

    procedure_code = str(fields.get("procedure_code") or "").strip()
    if not PROCEDURE_CODE_RE.fullmatch(procedure_code):
        errors.append("procedure_code is missing or malformed (e.g. 1.001193)")

    status: Status | None = None
    raw_status = str(fields.get("status") or "").strip().lower()
    try:
        status = Status(raw_status)
    except ValueError:
        errors.append(f"status {raw_status!r} is not one of {', '.join(s.value for s in Status)}")

    id_number = phone = None
    if not _blank(fields.get("owner_id_number")):
        id_number = normalize_id_number(str(fields["owner_id_number"]))
        if id_number is None:
            errors.append("owner_id_number is not a 12-digit căn cước (or 9-digit CMND)")
    if not _blank(fields.get("owner_phone")):
        phone = normalize_phone(str(fields["owner_phone"]))
        if phone is None:
            errors.append("owner_phone is not a Vietnamese phone number")
    if require_owner and _blank(fields.get("owner_id_number")) and _blank(fields.get("owner_phone")):
        errors.append("owner_id_number or owner_phone is required (the owner's proof in the chat)")

    appointment_date = None
    if not _blank(fields.get("appointment_date")):
        try:
            appointment_date = parse_date(fields["appointment_date"])
        except ValueError:
            errors.append("appointment_date is not a date (YYYY-MM-DD or DD/MM/YYYY)")

    missing_items = () if _blank(fields.get("missing_items")) else parse_items(fields["missing_items"])
    if status is Status.SUPPLEMENT_REQUIRED and not missing_items:
        errors.append("missing_items is required when the status is supplement_required")

    delivery_method = None
    if not _blank(fields.get("delivery_method")):
        key = str(fields["delivery_method"]).strip().lower()
        if key not in DELIVERY_ALIASES:
            errors.append("delivery_method must be desk or postal")
        else:
            delivery_method = DeliveryMethod(DELIVERY_ALIASES[key])

    changed_at = None
    if not _blank(fields.get("status_changed_at")):
        try:
            changed_at = parse_datetime(fields["status_changed_at"])
        except ValueError:
            errors.append("status_changed_at is not an ISO 8601 date-time")

    agency = None if _blank(fields.get("agency")) else str(fields["agency"]).strip()[:255]
    note = None if _blank(fields.get("status_note")) else str(fields["status_note"]).strip()
    if errors:
        raise RecordInvalid(errors)
    assert receipt_code is not None and status is not None
    return DossierRecord(
        receipt_code=receipt_code, procedure_code=procedure_code, status=status, owner_id_number=id_number,
        owner_phone=phone, appointment_date=appointment_date, agency=agency, missing_items=missing_items,
        delivery_method=delivery_method, status_note=note, status_changed_at=changed_at,
    )
