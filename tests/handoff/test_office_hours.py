from datetime import date, datetime, timezone

import pytest

from domain.handoff.office_hours import OfficeHours, parse_days

HOURS = OfficeHours.parse("07:30-17:00", "mon-fri", "Asia/Ho_Chi_Minh", "2026-09-02")


def vn(*args) -> datetime:
    """A moment given in Vietnam's local time (UTC+7), expressed in UTC."""
    from datetime import timedelta

    return datetime(*args, tzinfo=timezone(timedelta(hours=7))).astimezone(timezone.utc)


@pytest.mark.parametrize("moment, is_open", [
    (vn(2026, 11, 23, 7, 29), False),    # Monday, one minute early
    (vn(2026, 11, 23, 7, 30), True),
    (vn(2026, 11, 23, 16, 59), True),
    (vn(2026, 11, 23, 17, 0), False),    # closes at 17:00
    (vn(2026, 11, 27, 12, 0), True),     # Friday
    (vn(2026, 11, 28, 10, 0), False),    # Saturday
    (vn(2026, 11, 29, 10, 0), False),    # Sunday
    (vn(2026, 9, 2, 10, 0), False),      # a holiday (Wednesday)
])
def test_is_open_in_local_time(moment, is_open):
    assert HOURS.is_open(moment) is is_open


def test_utc_moments_are_converted_to_vietnam_time():
    assert HOURS.is_open(datetime(2026, 11, 23, 0, 30, tzinfo=timezone.utc))       # 07:30 in Hà Nội
    assert not HOURS.is_open(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc))   # 17:00 in Hà Nội


def test_day_specs():
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("mon,wed,fri") == frozenset({0, 2, 4})
    assert parse_days("Mon-Fri, Sat") == frozenset(range(6))
    assert parse_days("sat-mon") == frozenset({5, 6, 0})
    with pytest.raises(ValueError):
        parse_days("")
    with pytest.raises(ValueError):
        parse_days("someday")


def test_whole_day_and_bad_ranges():
    always = OfficeHours.parse("00:00-24:00", "mon-sun")
    assert always.is_open(vn(2026, 11, 29, 23, 59, 59))
    with pytest.raises(ValueError):
        OfficeHours.parse("17:00-07:30", "mon-fri")
    assert HOURS.holidays == frozenset({date(2026, 9, 2)})


def test_described_in_plain_vietnamese():
    assert HOURS.describe() == "thứ Hai đến thứ Sáu, 07:30–17:00"
    assert OfficeHours.parse("08:00-11:30", "mon,wed").describe() == "thứ Hai, thứ Tư, 08:00–11:30"
