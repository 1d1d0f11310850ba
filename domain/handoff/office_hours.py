"""When officers answer: OFFICE_HOURS "07:30-17:00", OFFICE_DAYS "mon-fri", holidays, timezone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NAMES_VI = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def _zone(name: str) -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - no tz database: Vietnam has no daylight saving
        if name == "Asia/Ho_Chi_Minh":
            return timezone(timedelta(hours=7))
        raise


def _parse_time(text: str) -> time:
    hours, minutes = text.strip().split(":")
    if (int(hours), int(minutes)) == (24, 0):  # "00:00-24:00": the whole day
        return time.max
    return time(int(hours), int(minutes))


def parse_days(spec: str) -> frozenset[int]:
    """"mon-fri" -> {0..4}; "mon,wed,fri" and "mon-fri,sat" also work."""
    days: set[int] = set()
    for part in spec.lower().replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            first, last = (DAYS.index(p[:3]) for p in part.split("-", 1))
            days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
        else:
            days.add(DAYS.index(part[:3]))
    if not days:
        raise ValueError(f"no office days in {spec!r}")
    return frozenset(days)


@dataclass(frozen=True)
class OfficeHours:
    opens: time
    closes: time
    days: frozenset[int]
    zone: tzinfo
    holidays: frozenset[date] = frozenset()

    @classmethod
    def parse(cls, hours: str, days: str, zone: str = "Asia/Ho_Chi_Minh", holidays: str = "") -> "OfficeHours":
        opens, closes = (_parse_time(t) for t in hours.split("-", 1))
        if closes <= opens:
            raise ValueError(f"office hours must close after they open: {hours!r}")
        dates = frozenset(date.fromisoformat(d.strip()) for d in holidays.split(",") if d.strip())
        return cls(opens, closes, parse_days(days), _zone(zone), dates)

    @classmethod
    def from_settings(cls, settings) -> "OfficeHours":
        return cls.parse(settings.office_hours, settings.office_days, settings.office_timezone,
                         settings.office_holidays)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return (
            local.weekday() in self.days
            and local.date() not in self.holidays
            and self.opens <= local.time().replace(tzinfo=None) < self.closes
        )

    def describe(self) -> str:
        """Plain Vietnamese, e.g. "thứ Hai đến thứ Sáu, 07:30–17:00"."""
        ordered = sorted(self.days)
        if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
            days = f"{DAY_NAMES_VI[ordered[0]]} đến {DAY_NAMES_VI[ordered[-1]]}"
        else:
            days = ", ".join(DAY_NAMES_VI[d] for d in ordered)
        closes = "24:00" if self.closes == time.max else f"{self.closes:%H:%M}"
        return f"{days}, {self.opens:%H:%M}–{closes}"
