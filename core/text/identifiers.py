"""The one normaliser of căn cước and phone numbers (forms, dossiers, status checks, logs)."""
from __future__ import annotations

import re

ID_NUMBER_LENGTHS = (12, 9)   # căn cước / CCCD, and the old 9-digit CMND still on old dossiers


def national_phone(value: str | None) -> str:
    """Separators dropped and the country code written the national way:
    '+84 912.345.678' -> '0912345678', '84912345678' -> '0912345678' (any length, not checked)."""
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if raw.startswith("+84"):
        return "0" + raw[3:]
    if raw.startswith("84") and len(raw) in (11, 12):
        return "0" + raw[2:]
    return raw


def normalize_phone(value: str | None) -> str | None:
    """A Vietnamese phone number (mobile or landline) as digits, or None."""
    raw = national_phone(value)
    if raw.isdigit() and raw.startswith("0") and len(raw) in (10, 11):
        return raw
    return None


def normalize_id_number(value: str | None) -> str | None:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if digits.isdigit() and len(digits) in ID_NUMBER_LENGTHS:
        return digits
    return None
