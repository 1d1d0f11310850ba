"""Rasa's SQL tracker store with bot/components/rasa_speedups.py installed (Rasa venv, real
SQLTrackerStore on a SQLite file) stores and reads back exactly what Rasa's own code does: the
same rows (ids, columns, JSON) and the same trackers, with two stores on one file taking turns
on a conversation as two Rasa replicas do, a new conversation, and a tracker saved twice. The
connection is kept between retrieve and save instead of opened and closed (a write-ahead-log
checkpoint) each time, and every saved turn is committed: another connection sees it at once."""
import json
import subprocess

import pytest

from api.stack import RASA_PYTHON
from core.settings import ROOT

SCRIPT = """
import asyncio, json, sqlite3, sys
from sqlalchemy import event
from bot.components import rasa_speedups
path, mode = sys.argv[1], sys.argv[2]
if mode == "speedups":
    rasa_speedups.install()
from rasa.core import tracker_store
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

domain = Domain.from_dict({"intents": ["greet"], "slots": {"name": {"type": "text", "mappings": []}}})
replicas = [SQLTrackerStore(domain, dialect="sqlite", db=path) for _ in range(2)]
connects, counts = [], []
for store in replicas:
    event.listen(store.engine, "connect", lambda *a: connects.append(1))
    event.listen(store.engine, "before_cursor_execute",
                 lambda c, cursor, statement, *a: counts.append(1) if "count(" in statement else None)
clock = [1_700_000_000.0]

def at():
    clock[0] += 1.5
    return clock[0]

async def turn(store, sender, text, save_twice=False, new_session=False):
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    if new_session:   # as Rasa's action_session_start: later reads start here
        tracker.update(ActionExecuted("action_session_start", timestamp=at()))
        tracker.update(SessionStarted(timestamp=at()))
        tracker.update(ActionExecuted("action_listen", timestamp=at()))
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at()))
    tracker.update(SlotSet("name", text, timestamp=at()))
    tracker.update(ActionExecuted("utter_greet", timestamp=at()))
    tracker.update(BotUttered("chào " + text, timestamp=at()))
    tracker.update(ActionExecuted("action_listen", timestamp=at()))
    await store.save(tracker)
    if save_twice:
        tracker.update(BotUttered("thêm", timestamp=at()))
        await store.save(tracker)
    with sqlite3.connect(path) as other:   # committed: another connection sees it at once
        return other.execute("select count(*) from events where sender_id=?", (sender,)).fetchone()[0]

async def main():
    a, b = replicas
    seen = [await turn(a, "s1", "x0"), await turn(b, "s1", "x1"), await turn(a, "s1", "x2", save_twice=True),
            await turn(b, "s2", "y0"), await turn(a, "s1", "x3"), await turn(b, "s2", "y1", new_session=True),
            await turn(a, "s2", "y2")]
    trackers = {s: (await b.retrieve(s)).current_state() for s in ("s1", "s2")}
    trackers["s2 events"] = len((await a.retrieve("s2")).events)
    trackers["s2 all"] = (await a.retrieve_full_tracker("s2")).current_state()
    with sqlite3.connect(path) as other:
        rows = other.execute("select id, sender_id, type_name, timestamp, intent_name, action_name, data "
                             "from events order by id").fetchall()
    pg = tracker_store.create_engine_kwargs("postgresql://u:p@127.0.0.1:5432/db")
    print(json.dumps({"connects": len(connects), "counts": len(counts), "seen": seen, "rows": rows, "trackers": trackers,
                      "pool": type(a.engine.pool).__name__, "pg_poolclass": "poolclass" in pg,
                      "memory": rasa_speedups.is_sqlite_file("sqlite://")}))

asyncio.run(main())
"""


def _run(tmp_path, mode: str) -> dict:
    run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(tmp_path / f"{mode}.db"), mode], cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="no Rasa venv: run `make setup`")
def test_sql_tracker_store_speedups_store_and_read_what_rasa_does(tmp_path):
    fast, plain = _run(tmp_path, "speedups"), _run(tmp_path, "plain")
    assert fast["rows"] == plain["rows"] and fast["trackers"] == plain["trackers"]
    assert fast["seen"] == plain["seen"] == [5, 10, 16, 5, 21, 13, 18]
    assert [row[0] for row in fast["rows"]] == list(range(1, 40))
    assert fast["trackers"]["s1"]["slots"]["name"] == "x3" and fast["trackers"]["s2"]["slots"]["name"] == "y2"
    assert fast["trackers"]["s2 events"] == 12   # the latest session only: from its session_started
    # the connection each store opened serves all its sessions (Rasa opens one per session)
    assert fast["pool"] == "QueuePool" and fast["connects"] == 0 and plain["connects"] > 10
    # stored events counted by a query: Rasa at each of the 10 saves; here only for the two new
    # conversations (2 saves each) and the second save of a tracker
    assert plain["counts"] == 10 and fast["counts"] == 5
    assert not fast["pg_poolclass"] and not fast["memory"]   # PostgreSQL and in-memory SQLite: Rasa's own
