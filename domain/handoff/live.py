"""Live events for officer consoles (publish/subscribe).

Publishers may run in any thread (request handlers, Rasa actions in the thread pool);
each subscriber is an asyncio queue drained by one console WebSocket. Events are
published after the database commit, so a console that reacts by reading the
database sees the change. With REDIS_URL set, events go through Redis pub/sub
(core/broker.py), so a console connected to any app process sees what happened in
any other; without it, in memory (one process).
"""
from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.db.engine import defer_after_turn

log = logging.getLogger(__name__)
MAX_PENDING = 500  # a console that stops reading loses events instead of growing memory


class LiveHub:
    def __init__(self) -> None:
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]] = set()
        self._lock = threading.Lock()
        self._broker = None

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(MAX_PENDING)
        with self._lock:
            self._subscribers.add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers = {s for s in self._subscribers if s[1] is not queue}

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def use_broker(self, broker) -> None:
        """Publish through a broker that delivers to every process (None: in memory again)."""
        self._broker = broker

    def publish(self, payload: dict[str, Any]) -> None:
        broker = getattr(self, "_broker", None)
        if broker is not None:
            broker.publish(payload)   # comes back through deliver(), in this process too
            return
        self.deliver(payload)

    def deliver(self, payload: dict[str, Any]) -> None:
        """Hand an event to this process's consoles."""
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(_put, queue, payload)
            except RuntimeError:  # that loop is closed: its console is gone
                self.unsubscribe(queue)


def _put(queue: asyncio.Queue, payload: dict) -> None:
    try:
        queue.put_nowait(payload)
    except asyncio.QueueFull:
        log.warning("a console is not reading its live events; dropping one")


hub = LiveHub()


def publish_after_commit(session: Session, payload: dict[str, Any]) -> None:
    """Publish once the session's transaction is committed (dropped if it rolls back)."""
    if not session.info.get("live_hooked"):
        event.listen(session, "after_commit", _flush)
        event.listen(session, "after_rollback", _drop)
        session.info["live_hooked"] = True
    session.info.setdefault("live_events", []).append(payload)


def _flush(session: Session) -> None:
    events = session.info.pop("live_events", [])
    if not events:
        return

    def publish() -> None:
        for payload in events:
            hub.publish(payload)

    # with Redis a publish is a network call: not while holding the process's SQLite turn
    if not defer_after_turn(session, publish):
        publish()


def _drop(session: Session) -> None:
    session.info.pop("live_events", None)
