"""Live events are published after the SQLite turn is released: with Redis a publish is a network
call, and a slow one must not hold every other writer of the process."""
from __future__ import annotations

import threading
import time

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


def test_a_nested_session_publishes_when_the_outer_block_ends(db_and_broker):
    db, broker = db_and_broker
    with db.session():
        with db.session() as inner:          # same thread: it shares the outer session's turn
            publish_after_commit(inner, {"n": 1})
        assert broker.seen == []             # committed, but the turn is still held
    assert broker.seen == [(1, False)]


def test_consecutive_sessions_publish_in_commit_order_without_holding_the_turn(db_and_broker):
    db, broker = db_and_broker
    publishing, second_ran = threading.Event(), threading.Event()
    record = broker.publish

    def slow_publish(payload: dict) -> None:   # a slow Redis for the first event
        if payload["n"] == 1:
            publishing.set()
            time.sleep(0.3)
        record(payload)

    broker.publish = slow_publish

    def first() -> None:
        with db.session() as session:
            publish_after_commit(session, {"n": 1})

    thread = threading.Thread(target=first)
    thread.start()
    assert publishing.wait(5)
    with db.session() as session:              # the turn is free while the first event is sent
        second_ran.set()
        publish_after_commit(session, {"n": 2})
    thread.join(5)
    assert second_ran.is_set()
    assert [n for n, _ in broker.seen] == [1, 2]
