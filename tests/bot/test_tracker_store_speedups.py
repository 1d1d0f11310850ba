"""Rasa's SQL tracker store with bot/components/rasa_speedups.py installed (Rasa venv, real
SQLTrackerStore on a SQLite file): the connection is kept between retrieve and save instead of
opened and closed (a write-ahead-log checkpoint) each time; every saved turn is committed, seen
at once by another connection (another Rasa replica, the app's erasure), and read back equal."""
import json
import subprocess

import pytest

from api.stack import RASA_PYTHON
from core.settings import ROOT

SCRIPT = """
import asyncio, json, sqlite3, sys
from sqlalchemy import event
from bot.components import rasa_speedups
rasa_speedups.install()
from rasa.core import tracker_store
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

path = sys.argv[1]
domain = Domain.empty()
store = SQLTrackerStore(domain, dialect="sqlite", db=path)
connects = []
event.listen(store.engine, "connect", lambda *a: connects.append(1))

async def turn(sender, text):
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("chào " + text))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)

async def main():
    for i in range(5):
        await turn("a", f"x{i}")
        # committed: another connection sees the turn's events at once
        with sqlite3.connect(path) as other:
            seen = other.execute("select count(*) from events where sender_id='a'").fetchone()[0]
        assert seen == 4 * (i + 1), seen
    tracker = await store.retrieve("a")
    texts = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    pg = tracker_store.create_engine_kwargs("postgresql://u:p@127.0.0.1:5432/db")
    print(json.dumps({"connects": len(connects), "texts": texts, "events": len(tracker.events),
                      "pool": type(store.engine.pool).__name__, "pg_poolclass": "poolclass" in pg,
                      "memory": rasa_speedups.is_sqlite_file("sqlite://")}))

asyncio.run(main())
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="no Rasa venv: run `make setup`")
def test_sqlite_tracker_store_keeps_its_connection_and_commits_every_turn(tmp_path):
    db = tmp_path / "rasa_tracker.db"
    run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(db)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["pool"] == "QueuePool" and out["connects"] == 0   # the connection the store opened serves all 11 sessions
    assert out["texts"] == [f"x{i}" for i in range(5)] and out["events"] == 20
    assert not out["pg_poolclass"] and not out["memory"]   # PostgreSQL and in-memory SQLite: Rasa's own
