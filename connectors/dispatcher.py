"""Background handling of inbound envelopes: in order per conversation, in parallel across them.

Webhooks only claim the message and call `submit`; the work (router, Rasa, replies)
runs here. One worker task per conversation with queued envelopes, so two messages of
one citizen are answered in the order they arrived; it ends when its queue is empty.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from connectors.envelope import Envelope

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self, handle: Callable[[Envelope], Awaitable[None]]) -> None:
        self._handle = handle
        self._queues: dict[str, deque[Envelope]] = {}
        self._workers: dict[str, asyncio.Task] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._closed = False

    @property
    def active_conversations(self) -> int:
        return len(self._workers)

    def submit(self, envelope: Envelope) -> None:
        """Queue an envelope (never blocks). Must be called from the event loop thread."""
        if self._closed:
            raise RuntimeError("dispatcher is closed")
        key = envelope.sender_id
        self._queues.setdefault(key, deque()).append(envelope)
        if key not in self._workers:
            self._idle.clear()
            self._workers[key] = asyncio.create_task(self._work(key), name=f"conversation:{key}")

    async def _work(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                envelope = queue.popleft()
                try:
                    await self._handle(envelope)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 - one failure must not stop the conversation
                    log.exception("channel %s: handling %s failed", envelope.channel, envelope.platform_message_id)
        finally:
            # no await between the empty check and the removal: submit() cannot slip in between
            self._queues.pop(key, None)
            self._workers.pop(key, None)
            if not self._workers:
                self._idle.set()

    async def drain(self, timeout: float | None = None) -> None:
        """Wait until every queued envelope is handled."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def close(self, timeout: float = 10.0) -> None:
        """Stop accepting, let running work finish for up to `timeout`, then cancel the rest."""
        self._closed = True
        try:
            await self.drain(timeout)
        except asyncio.TimeoutError:
            log.warning("channels: %d conversations still busy at shutdown; cancelling", len(self._workers))
            for task in list(self._workers.values()):
                task.cancel()
            await asyncio.gather(*self._workers.values(), return_exceptions=True)
