"""Figures of the supervisors' statistics page, for one period (days in Vietnam's time zone).

Each figure is one indexed query (created_at ranges; GROUP BY in the database); only small
sets (forms, handoffs, status checks, unanswered wordings) are finished in Python.
"""
from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Date, cast, distinct, func, literal_column, select
from sqlalchemy.orm import Session

from domain.audit.models import TraceEvent
from domain.dossiers.models import StatusCheckAttempt
from domain.feedback.desk import similar
from domain.feedback.models import DeskItem, Feedback, FeedbackOffer
from domain.handoff.models import Conversation, ConversationMessage, Handoff
from domain.handoff.timeutil import as_utc

VIETNAM = timezone(timedelta(hours=7))
TOP = 10
LOCK_FAILURES, LOCK_WINDOW = 5, timedelta(minutes=15)


def period(days: int = 30, start: date | None = None, end: date | None = None,
           today: date | None = None) -> tuple[date, date]:
    end = end or today or datetime.now(VIETNAM).date()
    start = start or end - timedelta(days=max(days, 1) - 1)
    return (start, end) if start <= end else (end, start)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in Vietnam, as UTC."""
    low = datetime.combine(start, time(), VIETNAM).astimezone(timezone.utc)
    high = datetime.combine(end + timedelta(days=1), time(), VIETNAM).astimezone(timezone.utc)
    return low, high


def _day(session: Session, column):
    """The Vietnamese calendar day of a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, literal_column("'+7 hours'"))
    return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def conversations_per_day(session: Session, low: datetime, high: datetime) -> list[dict[str, Any]]:
    day = _day(session, ConversationMessage.created_at).label("day")
    rows = session.execute(
        select(day, ConversationMessage.channel, func.count(distinct(ConversationMessage.conversation_id)))
        .where(ConversationMessage.created_at >= low, ConversationMessage.created_at < high,
               ConversationMessage.direction == "in")
        .group_by(day, ConversationMessage.channel).order_by(day, ConversationMessage.channel))
    return [{"day": str(d), "channel": c, "conversations": int(n)} for d, c, n in rows]


def answered_without_officer(session: Session, low: datetime, high: datetime) -> dict[str, Any]:
    total = session.scalar(select(func.count(distinct(ConversationMessage.conversation_id))).where(
        ConversationMessage.created_at >= low, ConversationMessage.created_at < high,
        ConversationMessage.direction == "in")) or 0
    with_officer = session.scalar(select(func.count(distinct(Handoff.conversation_id)))
                                  .where(Handoff.requested_at >= low, Handoff.requested_at < high)) or 0
    callbacks = session.scalar(select(func.count(Conversation.id)).where(
        Conversation.callback_requested_at >= low, Conversation.callback_requested_at < high)) or 0
    helped = min(total, with_officer + callbacks)
    return {"conversations": int(total), "with_officer": int(helped), "share": _share(total - helped, total)}


def top_procedures(session: Session, low: datetime, high: datetime) -> list[dict[str, Any]]:
    count = func.count(distinct(ConversationMessage.conversation_id))
    rows = session.execute(
        select(ConversationMessage.procedure_code, count)
        .where(ConversationMessage.created_at >= low, ConversationMessage.created_at < high,
               ConversationMessage.direction == "in", ConversationMessage.procedure_code.is_not(None))
        .group_by(ConversationMessage.procedure_code).order_by(count.desc()).limit(TOP))
    return [{"procedure_code": code, "conversations": int(n)} for code, n in rows]


def top_unanswered(session: Session, low: datetime, high: datetime) -> list[dict[str, Any]]:
    count = func.count(DeskItem.id)
    rows = session.execute(
        select(DeskItem.folded, func.min(DeskItem.text), count)
        .where(DeskItem.created_at >= low, DeskItem.created_at < high)
        .group_by(DeskItem.folded).order_by(count.desc()).limit(200))
    groups: list[dict[str, Any]] = []
    for folded, text, n in rows:
        found = next((g for g in groups if similar(g["folded"], folded)), None)
        if found is None:
            groups.append({"folded": folded, "text": text, "count": int(n)})
        else:
            found["count"] += int(n)
    groups.sort(key=lambda g: -g["count"])
    return [{"text": g["text"], "count": g["count"]} for g in groups[:TOP]]


def feedback(session: Session, low: datetime, high: datetime) -> dict[str, Any]:
    offers = session.scalar(select(func.count(FeedbackOffer.id)).where(
        FeedbackOffer.created_at >= low, FeedbackOffer.created_at < high)) or 0
    rows = dict(session.execute(select(Feedback.rating, func.count(Feedback.id)).where(
        Feedback.created_at >= low, Feedback.created_at < high).group_by(Feedback.rating)).all())
    given = sum(rows.values())
    return {"offers": int(offers), "ratings": int(given), "up": int(rows.get("up", 0)),
            "down": int(rows.get("down", 0)), "rate": _share(given, offers),
            "share_negative": _share(int(rows.get("down", 0)), given)}


def _events(session: Session, kind: str, low: datetime, high: datetime) -> list[tuple[str, dict]]:
    return list(session.execute(select(TraceEvent.sender_id, TraceEvent.data).where(
        TraceEvent.created_at >= low, TraceEvent.created_at < high, TraceEvent.kind == kind)))


def forms(session: Session, low: datetime, high: datetime) -> dict[str, Any]:
    stages: dict[str, set] = defaultdict(set)
    for sender, data in _events(session, "form", low, high):
        stages[(data or {}).get("stage")].add((sender, (data or {}).get("procedure")))
    started = stages["filling"] | stages["confirming"] | stages["submitted"] | stages["abandoned"]
    return {"started": len(started), "confirmed": len(stages["submitted"]), "abandoned": len(stages["abandoned"])}


def handoffs(session: Session, low: datetime, high: datetime) -> dict[str, Any]:
    rows = list(session.execute(select(Handoff.requested_at, Handoff.taken_at).where(
        Handoff.requested_at >= low, Handoff.requested_at < high)))
    waits = [(as_utc(taken) - as_utc(asked)).total_seconds() for asked, taken in rows if taken is not None]
    return {"handoffs": len(rows), "taken": len(waits),
            "median_wait_seconds": round(statistics.median(waits), 1) if waits else None}


def status_checks(session: Session, low: datetime, high: datetime) -> dict[str, Any]:
    attempts = list(session.execute(select(StatusCheckAttempt.sender_id, StatusCheckAttempt.succeeded,
                                           StatusCheckAttempt.created_at).where(
        StatusCheckAttempt.created_at >= low, StatusCheckAttempt.created_at < high)
        .order_by(StatusCheckAttempt.created_at)))
    failures: dict[str, list[datetime]] = defaultdict(list)
    lockouts = 0
    for sender, succeeded, at in attempts:
        if succeeded:
            continue
        recent = [t for t in failures[sender] if as_utc(at) - t < LOCK_WINDOW] + [as_utc(at)]
        failures[sender] = recent
        if len(recent) == LOCK_FAILURES:
            lockouts += 1
    disclosed = session.scalar(select(func.count(TraceEvent.id)).where(
        TraceEvent.created_at >= low, TraceEvent.created_at < high, TraceEvent.kind == "status")) or 0
    passed = sum(1 for a in attempts if a[1])
    return {"checks": len(attempts), "passed": passed, "failed": len(attempts) - passed,
            "disclosed": int(disclosed), "lockouts": lockouts}


def compute(session: Session, start: date, end: date) -> dict[str, Any]:
    low, high = _bounds(start, end)
    per_day = conversations_per_day(session, low, high)
    channels = Counter()
    for row in per_day:
        channels[row["channel"]] += row["conversations"]
    return {"period": {"from": start.isoformat(), "to": end.isoformat(), "time_zone": "Asia/Ho_Chi_Minh"},
            "conversations_per_day": per_day, "conversation_days_by_channel": dict(channels),
            "answered_without_officer": answered_without_officer(session, low, high),
            "top_procedures": top_procedures(session, low, high),
            "top_unanswered": top_unanswered(session, low, high),
            "feedback": feedback(session, low, high), "forms": forms(session, low, high),
            "handoffs": handoffs(session, low, high), "status_checks": status_checks(session, low, high)}


def to_csv(figures: dict[str, Any]) -> str:
    """One row per figure: section, key, channel, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "channel", "value"])
    for row in figures["conversations_per_day"]:
        writer.writerow(["conversations_per_day", row["day"], row["channel"], row["conversations"]])
    for row in figures["top_procedures"]:
        writer.writerow(["top_procedures", row["procedure_code"], "", row["conversations"]])
    for row in figures["top_unanswered"]:
        writer.writerow(["top_unanswered", row["text"], "", row["count"]])
    for section in ("answered_without_officer", "feedback", "forms", "handoffs", "status_checks"):
        for key, value in figures[section].items():
            writer.writerow([section, key, "", "" if value is None else value])
    return out.getvalue()
