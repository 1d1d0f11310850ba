"""Delivers the outbox rows of one channel (officer replies, status notifications).

A background task polls the outbox; each row is sent by the channel's `deliver` function.
A failure that retrying cannot fix (Zalo's reply window closed, the citizen blocked the
bot) marks the row failed for good, with a reason the officer console shows (last_error).
Other failures are retried with a growing delay, up to the outbox's attempt limit.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool

from connectors import replies
from core import outbox
from core.db import Database
from core.outbox.models import OutboxMessage
from core.outbox.store import MAX_ATTEMPTS
from core.schemas import BotMessage, Button

log = logging.getLogger(__name__)


# how long a worker may take to send a claimed row before another worker may send it
LEASE_SECONDS = 120.0


class PermanentFailure(Exception):
    """Delivery can never succeed; the message is the reason shown to the officer."""


def outbox_messages(row: OutboxMessage) -> list[BotMessage]:
    """An outbox row's channel-neutral payload as the messages a channel renders."""
    payload = row.payload or {}
    text = payload.get("text")
    if text and (row.kind == "officer_reply" or payload.get("from") == "officer"):
        text = replies.OFFICER_PREFIX + text
    buttons = [Button(title=b.get("title", ""), payload=b.get("payload", b.get("title", "")))
               for b in payload.get("buttons") or []]
    message = BotMessage(text=text, buttons=buttons, link=payload.get("link"), attachment=payload.get("attachment"))
    return [message] if (message.text or message.buttons or message.link or message.attachment) else []


def mark_permanently_failed(db: Database, row_id: int, reason: str) -> None:
    with db.session() as session:
        row = session.get(OutboxMessage, row_id)
        if row is not None:
            row.attempts = max(row.attempts + 1, MAX_ATTEMPTS)  # no longer pending
            row.last_error = reason[:2000]


class OutboxDelivery:
    def __init__(self, channel: str, db: Database, deliver: Callable[[OutboxMessage], Awaitable[None]],
                 poll_seconds: float) -> None:
        self.channel = channel
        self._db = db
        self._deliver = deliver
        self._poll = poll_seconds
        self._retry_at: dict[int, float] = {}   # row id -> monotonic time of the next try
        self._task: asyncio.Task | None = None
        # several app processes may poll one database: each row is sent under a lease (outbox.claim)
        self.worker = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=f"outbox:{self.channel}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - e.g. the database is briefly unavailable
                log.exception("outbox %s: delivery round failed", self.channel)
            await asyncio.sleep(self._poll)

    def _pending(self) -> list[OutboxMessage]:
        """Rows due now and claimed by this worker, oldest first; a citizen's later rows wait
        behind one that is backing off or being sent by another worker."""
        with self._db.session() as session:
            rows = outbox.pending(session, self.channel)
            now, waiting, due = time.monotonic(), set(), []
            for row in rows:
                if row.recipient_id in waiting or self._retry_at.get(row.id, 0) > now:
                    waiting.add(row.recipient_id)
                elif outbox.claim(session, row.id, self.worker, LEASE_SECONDS):
                    due.append(row)
                else:
                    waiting.add(row.recipient_id)
            session.expunge_all()
        return due

    async def run_once(self) -> int:
        """Deliver what is due now; returns how many rows were delivered."""
        delivered, failed_recipients = 0, set()
        for row in await run_in_threadpool(self._pending):
            if row.recipient_id in failed_recipients:
                continue  # keep the citizen's messages in order
            try:
                await self._deliver(row)
            except PermanentFailure as failure:
                log.warning("outbox %s #%s for %s failed for good: %s", self.channel, row.id, row.recipient_id, failure)
                await run_in_threadpool(mark_permanently_failed, self._db, row.id, str(failure))
                self._retry_at.pop(row.id, None)
                continue
            except Exception as error:  # noqa: BLE001 - retried later
                log.warning("outbox %s #%s: %s (will retry)", self.channel, row.id, error)
                backoff = min(300.0, 2.0 ** (row.attempts + 1))
                await run_in_threadpool(self._mark_failed, row.id, f"{type(error).__name__}: {error}", backoff)
                self._retry_at[row.id] = time.monotonic() + backoff
                failed_recipients.add(row.recipient_id)
                continue
            await run_in_threadpool(self._mark_delivered, row.id)
            self._retry_at.pop(row.id, None)
            delivered += 1
        return delivered

    def _mark_delivered(self, row_id: int) -> None:
        with self._db.session() as session:
            outbox.mark_delivered(session, [row_id])

    def _mark_failed(self, row_id: int, error: str, retry_in: float) -> None:
        with self._db.session() as session:
            outbox.mark_failed(session, row_id, error, retry_in)
