"""The app's Rasa client over replicas: a conversation sticks to one Rasa server, health needs
every replica, and a refused connection (never reached Rasa) is tried again."""
from __future__ import annotations

import httpx
import pytest

from core import rasa_client
from core.rasa_client import RasaClient, RasaUnavailable
from tests.channels.fakes.rasa_api import FakeRasa
from tests.channels.fakes.server import ServerThread


@pytest.fixture
def two_rasas():
    fakes = [FakeRasa(), FakeRasa()]
    with ServerThread(fakes[0].app()) as one, ServerThread(fakes[1].app()) as two:
        yield fakes, [one.url, two.url]


async def test_each_conversation_sticks_to_one_replica_and_both_are_used(two_rasas):
    fakes, urls = two_rasas
    client = RasaClient(urls, timeout=5)
    senders = [f"web-{n}" for n in range(20)]
    for _ in range(2):
        for sender in senders:
            await client.send(sender, "xin chào")
    await client.close()
    served = [{m["sender"] for m in fake.received} for fake in fakes]
    assert served[0] and served[1] and not served[0] & served[1]      # split, never shared
    assert all(len([m for f in fakes for m in f.received if m["sender"] == s]) == 2 for s in senders)


async def test_health_needs_every_replica(two_rasas):
    _, urls = two_rasas
    assert await RasaClient(urls, timeout=2).model_loaded()
    assert not await RasaClient([urls[0], "http://127.0.0.1:9"], timeout=2).model_loaded()


async def test_a_refused_connection_is_tried_again_then_reported(monkeypatch, two_rasas):
    _, urls = two_rasas
    monkeypatch.setattr(rasa_client, "CONNECT_RETRY_SECONDS", 0.01)
    client = RasaClient(urls[0], timeout=2)
    real, calls = client._client.request, []

    async def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise httpx.ConnectError("refused")
        return await real(*args, **kwargs)

    monkeypatch.setattr(client._client, "request", flaky)
    assert await client.send("web-1", "xin chào")
    assert len(calls) == 3
    down = RasaClient("http://127.0.0.1:9", timeout=2)
    with pytest.raises(RasaUnavailable):
        await down.send("web-1", "xin chào")
