"""Live events are published after the SQLite turn is released: with Redis a publish is a network
call, and a slow one must not hold every other writer of the process."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from core.db import Database
from domain.handoff.live import hub, publish_after_commit


class RecordingBroker:
    def __init__(self, db: Database):
        self.db, self.seen = db, []

    def publish(self, payload: dict) -> None:
        self.seen.append((payload["n"], self.db._turns.locked()))


@pytest.fixture()
def db_and_broker(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'live.db'}")
    broker = RecordingBroker(db)
    hub.use_broker(broker)
    try:
        yield db, broker
    finally:
        hub.use_broker(None)
        db.dispose()


def test_events_are_published_after_the_turn_is_released(db_and_broker):
    db, broker = db_and_broker
    with db.session() as session:
        session.execute(text("select 1"))
        publish_after_commit(session, {"n": 1})
        publish_after_commit(session, {"n": 2})
        assert broker.seen == []            # not before the commit
    assert broker.seen == [(1, False), (2, False)]


def test_a_rolled_back_transaction_publishes_nothing(db_and_broker):
    db, broker = db_and_broker
    with pytest.raises(RuntimeError):
        with db.session() as session:
            publish_after_commit(session, {"n": 1})
            raise RuntimeError("failed turn")
    assert broker.seen == []
    with db.session() as session:         # the turn was released: the next session gets it
        publish_after_commit(session, {"n": 2})
    assert broker.seen == [(2, False)]


def test_a_session_without_a_turn_publishes_at_its_commit(db_and_broker):
    db, broker = db_and_broker
    with db.session(turn=False) as session:
        publish_after_commit(session, {"n": 1})
    assert broker.seen == [(1, False)]
