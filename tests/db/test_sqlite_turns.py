"""SQLite transactions of one process take turns on a lock (core/db/engine.py) instead of
sleeping in SQLite's busy handler: concurrent writers all commit, nothing is lost, and a session
opened inside another on the same thread does not deadlock."""
import threading
import time

from sqlalchemy import text

from core.db.engine import Database


def _database(tmp_path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'turns.db'}")
    with db.session() as session:
        session.execute(text("CREATE TABLE notes (writer INTEGER, n INTEGER)"))
    return db


def test_concurrent_writers_all_commit_in_order_per_writer(tmp_path):
    db, errors = _database(tmp_path), []

    def write(writer: int) -> None:
        try:
            for n in range(40):
                with db.session() as session:
                    # read then write in one transaction: the pattern that upgrades a read lock
                    session.execute(text("SELECT count(*) FROM notes")).scalar_one()
                    session.execute(text("INSERT INTO notes VALUES (:w, :n)"), {"w": writer, "n": n})
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    with db.session() as session:
        rows = session.execute(text("SELECT writer, n FROM notes ORDER BY rowid")).all()
    assert len(rows) == 8 * 40
    for writer in range(8):
        assert [n for w, n in rows if w == writer] == list(range(40))


def test_a_transaction_starts_when_the_one_before_it_ends(tmp_path):
    db, order = _database(tmp_path), []
    opened, release = threading.Event(), threading.Event()

    def first() -> None:
        with db.session() as session:
            session.execute(text("INSERT INTO notes VALUES (1, 1)"))
            opened.set()
            release.wait(timeout=30)
            order.append("first commits")

    def second() -> None:
        with db.session() as session:
            order.append("second starts")
            session.execute(text("SELECT count(*) FROM notes")).scalar_one()

    threading.Thread(target=first, daemon=True).start()
    assert opened.wait(timeout=30)
    waiting = threading.Thread(target=second, daemon=True)
    waiting.start()
    waiting.join(timeout=0.3)
    assert waiting.is_alive()          # not in SQLite's busy handler: waiting for its turn
    release.set()
    waiting.join(timeout=30)
    assert order == ["first commits", "second starts"]


def test_a_session_inside_another_on_the_same_thread_does_not_deadlock(tmp_path):
    db, done = _database(tmp_path), threading.Event()

    def nested() -> None:
        with db.session() as outer:
            outer.execute(text("SELECT 1"))
            with db.session() as inner:
                inner.execute(text("SELECT count(*) FROM notes")).scalar_one()
        done.set()

    worker = threading.Thread(target=nested, daemon=True)
    worker.start()
    assert done.wait(timeout=30)


def test_a_failed_transaction_releases_the_turn(tmp_path):
    db = _database(tmp_path)
    try:
        with db.session() as session:
            session.execute(text("INSERT INTO notes VALUES (1, 1)"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    finished = threading.Event()

    def other() -> None:
        with db.session() as session:
            session.execute(text("INSERT INTO notes VALUES (2, 2)"))
        finished.set()

    threading.Thread(target=other, daemon=True).start()
    assert finished.wait(timeout=30)
    with db.session() as session:
        assert session.execute(text("SELECT writer FROM notes")).scalars().all() == [2]


def test_a_session_held_past_its_turn_does_not_block_others_for_ever(tmp_path, monkeypatch):
    import core.db.engine as engine

    monkeypatch.setattr(engine, "TURN_WAIT_SECONDS", 0.2)
    db, release, done = _database(tmp_path), threading.Event(), threading.Event()

    def holder() -> None:   # e.g. a transaction waiting on a Rasa call whose action needs the DB
        with db.session():
            release.wait(timeout=30)

    def other() -> None:
        with db.session() as session:
            session.execute(text("INSERT INTO notes VALUES (3, 3)"))
        done.set()

    threading.Thread(target=holder, daemon=True).start()
    threading.Thread(target=other, daemon=True).start()
    assert done.wait(timeout=10)      # went on without the turn after 0.2 s
    release.set()


def test_a_session_without_a_turn_runs_beside_one_holding_it(tmp_path):
    db, release, done = _database(tmp_path), threading.Event(), threading.Event()

    def holder() -> None:
        with db.session():
            release.wait(timeout=30)

    def reader() -> None:
        with db.session(turn=False) as session:
            session.execute(text("SELECT count(*) FROM notes")).scalar_one()
        done.set()

    threading.Thread(target=holder, daemon=True).start()
    threading.Thread(target=reader, daemon=True).start()
    assert done.wait(timeout=0.15)
    release.set()


def test_a_session_on_an_event_loop_waits_for_a_turn_only_briefly(tmp_path):
    import asyncio

    db, release, held = _database(tmp_path), threading.Event(), threading.Event()

    def holder() -> None:
        with db.session():
            held.set()
            release.wait(timeout=30)

    threading.Thread(target=holder, daemon=True).start()
    assert held.wait(timeout=10)

    async def on_the_loop() -> int:
        # e.g. an action's audit write from async code: it stalls the whole loop while it waits
        with db.session() as session:
            return session.execute(text("SELECT count(*) FROM notes")).scalar_one()

    async def bounded() -> int:
        return await asyncio.wait_for(asyncio.to_thread(asyncio.run, on_the_loop()), timeout=2.0)

    started = time.perf_counter()
    try:
        assert asyncio.run(bounded()) == 0
        assert time.perf_counter() - started < 2.0   # went on without the turn after 0.25 s
    finally:
        release.set()
