"""Engine and session factory for one database URL, plus schema migration."""
from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)
# longest wait for this process's SQLite turn before going on without it (see Database.session)
TURN_WAIT_SECONDS = 1.0
# on an event loop's thread: shorter, since the whole loop waits with it (SQLite's busy handler,
# the alternative, would sleep on that thread too)
LOOP_TURN_WAIT_SECONDS = 0.25
MIGRATION_LOCK_KEY = 7_246_301   # any constant: the advisory lock of schema migrations
# session.info key: work to run once a session's block has ended and its SQLite turn is released
AFTER_TURN = "after_turn"


def normalize_url(url: str) -> str:
    """postgresql:// means psycopg 3 here (the driver installed in the app venv)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _private_file(path: Path) -> None:
    """The database holds citizens' personal data: readable by the product's user only (0600),
    its WAL and journal files too (SQLite creates them with the main file's mode)."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        parsed = make_url(self.url)
        kwargs: dict = {"pool_pre_ping": True}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                _private_file(Path(parsed.database))
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if parsed.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; a second one waits in SQLite's busy handler, which
        # sleeps 1, 2, 5 ... 100 ms between tries, so under concurrent chats some turns waited
        # hundreds of ms for a lock freed long before. In one process, transactions take turns on
        # this lock instead and the next one starts as soon as the last commits. Measured at 50
        # concurrent conversations: 57 -> 69-75 messages/s, p95 1.6 -> 1.1 s (README, issue 13).
        self._turns = threading.Lock() if self.is_sqlite else None
        self._turn_owner: int | None = None
        self._owner_work: list = []              # the turn holder's work after its block
        self._after_order = threading.Lock()      # that work runs in commit order

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, turn: bool = True) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error. `turn=False`: for a session
        held while its holder waits on other work that may open sessions (a request's
        dependency held across a Rasa call, whose actions use the database)."""
        took_turn = turn and self._take_turn()
        # work to run after the block: this session's own list when it took the turn; a session
        # nested in the turn holder's (same thread) adds to the holder's, run when that one ends
        nested = not took_turn and self._turns is not None and self._turn_owner == threading.get_ident()
        after_turn: list = self._owner_work if nested else []
        if took_turn:
            self._owner_work = after_turn
        try:
            with self.sessions() as session, session.begin():
                if took_turn or nested:
                    session.info[AFTER_TURN] = after_turn
                yield session
        finally:
            if not nested:
                self._finish_turn(took_turn, after_turn)

    def _finish_turn(self, took_turn: bool, after_turn: list) -> None:
        """Release the turn, then run the work after it, in commit order: the next session may
        take the turn meanwhile, but its own work waits for this one's (live events stay in order)."""
        if after_turn:
            self._after_order.acquire()
        try:
            if took_turn:
                self._owner_work = []
                self._turn_owner = None
                self._turns.release()
            for work in after_turn:
                try:
                    work()
                except Exception:  # noqa: BLE001 - the transaction is committed; its side work only logs
                    log.exception("database: work after the transaction failed")
        finally:
            if after_turn:
                self._after_order.release()

    def _take_turn(self) -> bool:
        """Wait for this process's SQLite turn. Not for a session opened inside another on the
        same thread (it would wait for itself). A plain lock, not an RLock: FastAPI may close a
        dependency's session on another thread than the one that opened it."""
        if self._turns is None or self._turn_owner == threading.get_ident():
            return False
        wait = LOOP_TURN_WAIT_SECONDS if _in_event_loop() else TURN_WAIT_SECONDS
        if not self._turns.acquire(timeout=wait):
            # a holder waiting on something else (another process's write): SQLite's own locking
            log.warning("database: no SQLite turn within %.2f s, going on without it", wait)
            return False
        self._turn_owner = threading.get_ident()
        return True

    def migrate(self) -> None:
        """Bring the schema to the latest revision of every branch (alembic upgrade heads)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self._migration_lock(), self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":   # one process migrates, the others wait
                connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Several app processes start at once (uvicorn workers, replicas): with SQLite they take
        turns through a lock file next to the database (PostgreSQL uses an advisory lock)."""
        database = make_url(self.url).database
        if not self.is_sqlite or not database or database == ":memory:":
            yield
            return
        import fcntl

        with open(f"{database}.migrate.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def dispose(self) -> None:
        self.engine.dispose()


def defer_after_turn(session: Session, work) -> bool:
    """Run `work` once the session's `Database.session` block has ended and its SQLite turn is
    released, so that slow side work (a Redis publish) does not hold every other writer of the
    process. False when the session holds no turn: the caller runs it now."""
    pending = session.info.get(AFTER_TURN)
    if pending is None:
        return False
    pending.append(work)
    return True


def _in_event_loop() -> bool:
    """Whether this thread runs an event loop: while a session opened there waits, every request
    and websocket of the process waits too (the actions' audit writes run there)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
