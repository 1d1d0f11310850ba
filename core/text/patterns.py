"""Deterministic finders for structured entities in citizens' messages.

receipt_code, id_number (căn cước), phone_number and date follow fixed formats, so
they are found by pattern (exact character offsets, values are the exact substrings)
instead of being learnt. Validation helpers used by forms live in core.text.validation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# e.g. 000.00.15.H22-240918-0003, G22.99.13-240915-0001, H29.112-241003-0045
RECEIPT_CODE_RE = re.compile(
    r"(?<![\w.])(?:[A-Za-z0-9]{1,4}\.){1,5}[A-Za-z0-9]{1,4}-\d{6}-\d{3,6}(?![\w-])"
)
ID_NUMBER_RE = re.compile(r"(?<![\d.,-])\d{12}(?![\d.,]\d)(?!\d)")
# 10-digit mobile starting with 0 (or +84 / 84 and 9 digits), optional separators.
PHONE_RE = re.compile(
    r"(?<![\w.+-])(?:\+84|84|0)[ .-]?(?:\d[ .-]?){8}\d(?![\w]|[.-]\d)"
)
_MONTH = r"(?:th[aá]ng|thg)"
_YEAR = r"(?:n[aă]m)"
# 05/03/2020, 5-3-2020, 05.03.2020, "ngày 12/10"; a dotted pair ("3.5 triệu") is not a date.
DATE_NUMERIC_RE = re.compile(
    r"(?<![\w./-])\d{1,2}(?:([/-])\d{1,2}(?:\1(?:\d{4}|\d{2}))?|\.\d{1,2}\.\d{4})(?![\w/-]|\.\d)"
)
DATE_WORDED_RE = re.compile(
    rf"(?<!\w)(?:(?:m[uù]ng|m[oồ]ng)\s*)?\d{{1,2}}\s*{_MONTH}\s*\d{{1,2}}(?:\s*,?\s*{_YEAR}\s*\d{{4}})?(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Match:
    entity: str
    value: str
    start: int
    end: int


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_mobile(value: str) -> bool:
    digits = _digits(value)
    if digits.startswith("84") and not value.lstrip().startswith("0"):
        digits = "0" + digits[2:]
    return len(digits) == 10 and digits[1] in "35789"


def _is_date(value: str) -> bool:
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    day, month = numbers[0], numbers[1]
    return 1 <= day <= 31 and 1 <= month <= 12


def find_entities(text: str) -> list[Match]:
    """All structured entities in `text`, without overlaps, ordered by position."""
    found: list[Match] = []

    def free(start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in found)

    def add(entity: str, regex: re.Pattern, accept=lambda v: True) -> None:
        for m in regex.finditer(text):
            value = m.group(0).rstrip(" .-")
            end = m.start() + len(value)
            if accept(value) and free(m.start(), end):
                found.append(Match(entity, value, m.start(), end))

    add("receipt_code", RECEIPT_CODE_RE, lambda v: any(c.isdigit() for c in v))
    add("id_number", ID_NUMBER_RE)
    add("phone_number", PHONE_RE, _is_mobile)
    add("date", DATE_WORDED_RE, _is_date)
    add("date", DATE_NUMERIC_RE, _is_date)
    return sorted(found, key=lambda m: m.start)
