"""Dates as citizens write them ("5/3/85", "mùng năm tháng ba năm 1985"), checked for a form field."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from core.text.normalize import fold
from core.text.number_words import spoken_numbers_to_digits
from core.text.result import Result, clean

DATE_EXAMPLE = "05/03/2020 hoặc 5 tháng 3 năm 2020"

_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORDED_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:thang|thg|th)\s*(\d{1,2})(?:\s*,?\s*(?:nam|n)?\s*(\d{4}|\d{2}))?(?!\d)"
)
_MONTH_YEAR_ONLY = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})$")


@dataclass(frozen=True)
class DateRules:
    """Plausibility of a date for one field (ages in whole years, relative to today)."""
    allow_past: bool = True
    allow_future: bool = False
    min_age: int | None = None           # e.g. 14: the person must be at least 14 years old
    max_age: int | None = None           # e.g. 120, or 18 for a child's birth
    max_years_ahead: int | None = None   # for future dates (end of a temporary stay)
    year_optional: bool = False          # a day and month alone mean the nearest such day (see _nearest_year)
    too_young: str | None = None         # custom explanations from the form definition
    too_old: str | None = None

    @staticmethod
    def from_options(options: Mapping | None) -> "DateRules":
        o = dict(options or {})
        return DateRules(
            allow_past=bool(o.get("allow_past", not o.get("future_only", False))),
            allow_future=bool(o.get("allow_future", o.get("future_only", False))),
            min_age=o.get("min_age"), max_age=o.get("max_age"), max_years_ahead=o.get("max_years_ahead"),
            year_optional=bool(o.get("year_optional", False)),
            too_young=o.get("too_young"), too_old=o.get("too_old"),
        )


def _full_year(two_digits: int, rules: DateRules, today: date) -> int:
    """'85' -> 1985, '20' -> 2020 for past dates; future dates stay in this century."""
    year = 2000 + two_digits
    if not rules.allow_future and year > today.year:
        year -= 100
    return year


def _parse_parts(text: str) -> tuple[int, int, int | None, int | None] | None:
    """(day, month, year or None, digits typed for the year) from the first date-like part.

    Digits are read first, so whatever parses that way is unchanged; numbers in words ("mùng năm
    tháng chạp năm 1990") are read only when the digits alone give no date or no year.
    """
    folded = fold(text)
    parts = _parse_folded(folded)
    if parts is None or parts[2] is None:
        parts = _parse_folded(spoken_numbers_to_digits(folded)) or parts
    return parts


def _parse_folded(folded: str) -> tuple[int, int, int | None, int | None] | None:
    iso = _ISO_DATE.search(folded)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1)), 4
    for pattern, groups in ((_WORDED_DATE, (1, 2, 3)), (_NUMERIC_DATE, (1, 3, 4))):
        m = pattern.search(folded)
        if m:
            day, month, year = (m.group(g) for g in groups)
            return int(day), int(month), int(year) if year else None, len(year) if year else None
    return None


def _nearest_year(day: int, month: int, rules: DateRules, today: date) -> int | None:
    """The year of a day and month written without one ("bé sinh hôm 20/11", "ở tới 30/6"), for a
    field about a recent or near event (`year_optional`) that goes one way only: the latest such
    day not after today for a past date, the next one after today for a future date, if that day
    passes the field's rules; otherwise None and the year is asked. The summary shows the year."""
    if not rules.year_optional or rules.allow_past == rules.allow_future:
        return None
    for year in ((today.year, today.year - 1) if rules.allow_past else (today.year, today.year + 1)):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (candidate <= today) == rules.allow_past:
            text = candidate.strftime("%d/%m/%Y")
            return year if validate_date(text, rules, today=today).ok else None
    return None


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def validate_date(text: str, rules: DateRules | None = None, *, today: date | None = None) -> Result:
    rules = rules or DateRules()
    today = today or date.today()
    raw = clean(text)
    if _MONTH_YEAR_ONLY.match(fold(raw)) or _MONTH_YEAR_ONLY.match(spoken_numbers_to_digits(fold(raw))):
        return Result.invalid(f"Dạ, anh/chị ghi thêm ngày giúp em, ví dụ: {DATE_EXAMPLE}.")
    parts = _parse_parts(raw)
    if parts is None:
        return Result.invalid(f"Dạ, em chưa đọc được ngày này. Anh/chị ghi ngày, tháng, năm giúp em, "
                              f"ví dụ: {DATE_EXAMPLE}.")
    day, month, year, year_digits = parts
    if year is None:
        nearest = _nearest_year(day, month, rules, today)
        if nearest is None:
            return Result.invalid(f"Dạ, anh/chị ghi thêm năm giúp em, ví dụ: {day:02d}/{month:02d}/{today.year}.")
        year, year_digits = nearest, 4
    if year_digits == 2:
        year = _full_year(year, rules, today)
    if not 1 <= month <= 12:
        return Result.invalid(f"Dạ, tháng chỉ từ 1 đến 12, anh/chị vừa ghi tháng {month}. "
                              f"Anh/chị ghi lại ngày/tháng/năm giúp em, ví dụ: {DATE_EXAMPLE}.")
    try:
        value = date(year, month, day)
    except ValueError:
        return Result.invalid(f"Dạ, tháng {month} năm {year} không có ngày {day}. Anh/chị xem lại giúp em.")
    shown = value.strftime("%d/%m/%Y")
    if value > today and not rules.allow_future:
        return Result.invalid(f"Dạ, ngày {shown} chưa tới (hôm nay là {today:%d/%m/%Y}). "
                              "Anh/chị xem lại ngày, nhất là năm, giúp em.")
    if value <= today and not rules.allow_past:
        return Result.invalid(f"Dạ, ngày này phải sau hôm nay ({today:%d/%m/%Y}). Anh/chị xem lại giúp em.")
    if rules.max_years_ahead is not None and value > _years_later(today, rules.max_years_ahead):
        return Result.invalid(f"Dạ, ngày này xa quá: chỉ được trong vòng {rules.max_years_ahead} năm tới "
                              f"(đến {_years_later(today, rules.max_years_ahead):%d/%m/%Y}). Anh/chị xem lại giúp em.")
    if value <= today:
        age = _age_on(value, today)
        if rules.max_age is not None and age > rules.max_age:
            return Result.invalid(rules.too_old or f"Dạ, ngày {shown} cách đây {age} năm, em nghĩ có nhầm lẫn. "
                                  "Anh/chị xem lại năm giúp em.")
        if rules.min_age is not None and age < rules.min_age:
            return Result.invalid(rules.too_young or f"Dạ, theo ngày sinh {shown} thì người này mới {age} tuổi, "
                                  f"chưa đủ {rules.min_age} tuổi. Anh/chị xem lại giúp em.")
    return Result.valid(shown)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validate_year(text: str, *, min_age: int | None = None, max_age: int | None = 120,
                  today: date | None = None) -> Result:
    today = today or date.today()
    raw = clean(text)
    folded = fold(raw)
    if not re.search(r"\d", folded):  # "năm hai nghìn không trăm hai mươi"
        folded = spoken_numbers_to_digits(folded)
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", folded)
    rest = re.sub(r"(?<!\d)\d{4}(?!\d)|\b(?:nam|sinh|la)\b", "", folded).strip(" ,")
    if len(years) != 1 or (rest and _parse_parts(raw) is None):
        return Result.invalid("Dạ, anh/chị ghi năm sinh bằng 4 chữ số giúp em, ví dụ: 1990.")
    year = int(years[0])
    if year > today.year:
        return Result.invalid(f"Dạ, năm {year} chưa tới. Anh/chị xem lại giúp em.")
    if max_age is not None and today.year - year > max_age:
        return Result.invalid(f"Dạ, năm {year} cách đây hơn {max_age} năm, em nghĩ có nhầm lẫn. Anh/chị xem lại giúp em.")
    if min_age is not None and today.year - year < min_age:
        return Result.invalid(f"Dạ, theo năm sinh {year} thì người này chưa đủ {min_age} tuổi. Anh/chị xem lại giúp em.")
    return Result.valid(str(year))
