"""Console live updates across app processes: two hubs (as two processes would have) joined by
Redis pub/sub; an event published in one reaches the consoles of both, exactly once each."""
from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from core.broker import RedisBroker
from domain.handoff.live import LiveHub

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


pytestmark = pytest.mark.skipif(not _redis_reachable(), reason=f"Redis not reachable at {REDIS_URL}")


async def _next(queue: asyncio.Queue) -> dict:
    return await asyncio.wait_for(queue.get(), timeout=5)


async def test_an_event_in_one_process_reaches_consoles_of_every_process():
    channel = f"console-live-test-{uuid.uuid4().hex[:8]}"
    hubs = [LiveHub(), LiveHub()]
    brokers = [RedisBroker(REDIS_URL, channel, hub.deliver).start() for hub in hubs]
    try:
        for hub, broker in zip(hubs, brokers):
            hub.use_broker(broker)
        consoles = [hub.subscribe() for hub in hubs]
        hubs[0].publish({"kind": "message", "sender_id": "web-1", "n": 1})
        hubs[1].publish({"kind": "queue", "sender_id": "web-2", "n": 2})
        for console in consoles:
            got = [await _next(console), await _next(console)]
            assert sorted(e["n"] for e in got) == [1, 2]
        await asyncio.sleep(0.3)
        assert all(console.empty() for console in consoles)          # once each, no echo loops
    finally:
        for broker in brokers:
            broker.stop()


async def test_without_a_broker_events_stay_in_the_process():
    hub = LiveHub()
    console = hub.subscribe()
    hub.publish({"kind": "message"})
    assert (await _next(console)) == {"kind": "message"}
