"""Rasa's SQLite tracker store file: private to the product's user and in WAL mode (one fsync per
saved turn, readers never wait for the writer); the setting survives a restart."""
import sqlite3
import stat

import yaml

from api.stack import write_endpoints
from core.settings import Settings


def test_tracker_store_file_is_private_and_write_ahead_logged(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    endpoints = yaml.safe_load(write_endpoints(settings, tmp_path / "endpoints.yml").read_text())
    tracker_db = tmp_path / "rasa_tracker.db"
    assert endpoints["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)}
    assert stat.S_IMODE(tracker_db.stat().st_mode) == 0o600
    with sqlite3.connect(tracker_db) as connection:     # a new connection, as Rasa's
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    write_endpoints(settings, tmp_path / "endpoints.yml")   # a restart keeps it
    with sqlite3.connect(tracker_db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
