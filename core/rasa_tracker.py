"""Rasa's SQL tracker store, read by the app only to erase or expire conversations.

Where it lives follows the app's database (api/stack.py writes the same place into Rasa's
endpoints): with PostgreSQL the same database, with SQLite a `rasa_tracker.db` next to the
app's file. Rasa keeps one row per event in its `events` table (sender_id, timestamp).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from core.settings import ROOT, Settings


def tracker_database_url(settings: Settings) -> str:
    db = settings.database_url
    if db.startswith("postgresql"):
        return db
    app_db = Path(db.split("///", 1)[1]) if db.startswith("sqlite:///") else ROOT / "var" / "app.db"
    return f"sqlite:///{app_db.parent / 'rasa_tracker.db'}"


def _run(settings: Settings, statement: str, **params) -> int:
    url = tracker_database_url(settings)
    if url.startswith("sqlite:///") and not Path(url.split("///", 1)[1]).exists():
        return 0
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            return connection.execute(text(statement), params).rowcount or 0
    finally:
        engine.dispose()


def erase_conversation(settings: Settings, sender_id: str) -> int:
    """Every event Rasa stored for this conversation (messages, slots: names, numbers)."""
    return _run(settings, "DELETE FROM events WHERE sender_id = :sender", sender=sender_id)


def expire_events(settings: Settings, before_epoch: float) -> int:
    """Events older than the retention period (Rasa's timestamp is seconds since the epoch)."""
    return _run(settings, "DELETE FROM events WHERE timestamp < :before", before=before_epoch)
