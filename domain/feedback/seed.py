"""Synthetic conversations for the statistics' tests and benchmark (fictitious, no personal data)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.handoff.models import Conversation, ConversationMessage

CHANNELS = ("web", "telegram", "zalo")
CODES = ("1.001193", "1.004194", "1.000894", "2.000046")


def seed_turns(session: Session, turns: int, *, conversations: int = 5000, days: int = 30,
               end: datetime | None = None) -> dict:
    """`turns` citizen messages (and as many bot answers) spread over `conversations` and `days`.

    Returns what the figures must say: {"conversations": n, "per_channel": {...}, "per_code": {...}}.
    """
    end = end or datetime.now(timezone.utc)
    start = end - timedelta(days=days) + timedelta(hours=1)
    session.execute(insert(Conversation), [
        {"id": i + 1, "sender_id": f"seed-{i}", "channel": CHANNELS[i % 3], "owner": "bot",
         "failed_understandings": 0, "created_at": start, "last_activity_at": start}
        for i in range(conversations)])
    step = (end - start) / max(turns, 1)
    rows, per_code = [], {}
    for t in range(turns):
        conversation = t % conversations
        code = CODES[conversation % len(CODES)] if conversation % 5 else None
        at = start + step * t
        rows.append({"conversation_id": conversation + 1, "direction": "in", "author": "citizen",
                     "channel": CHANNELS[conversation % 3], "text": "thủ tục", "created_at": at, "owner": "bot",
                     "procedure_code": code, "intent": "ask_procedure"})
        rows.append({"conversation_id": conversation + 1, "direction": "out", "author": "bot",
                     "channel": CHANNELS[conversation % 3], "text": "trả lời", "created_at": at, "owner": "bot"})
        if code:
            per_code.setdefault(code, set()).add(conversation)
        if len(rows) >= 20000:
            session.execute(insert(ConversationMessage), rows)
            rows = []
    if rows:
        session.execute(insert(ConversationMessage), rows)
    active = min(conversations, turns)
    return {"conversations": active,
            "per_channel": {c: len([i for i in range(active) if CHANNELS[i % 3] == c]) for c in CHANNELS},
            "per_code": {c: len(v) for c, v in per_code.items()}}
