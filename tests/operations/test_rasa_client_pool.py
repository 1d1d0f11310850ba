"""The app's Rasa client under overload, against a real slow HTTP server (tests/operations/
slow_http_stub.py), no mock of httpx: calls wait on a semaphore below the pool size, cancelled or
timed-out calls give their slot back, and a pool whose slots leaked (httpcore#1093: every call a
PoolTimeout while nothing runs) is replaced by a fresh client. Nothing here asserts a duration:
a lost slot shows up as a call failing with RasaUnavailable, not as a slow one."""
from __future__ import annotations

import asyncio
import logging

import pytest

from core.rasa_client import RasaClient, RasaUnavailable
from tests.operations.slow_http_stub import SlowHttpStub


@pytest.fixture
def stub():
    with SlowHttpStub(delay=0.2) as server:
        yield server


async def _until(condition) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met")


async def test_cancelled_and_timed_out_calls_leave_the_client_usable(stub):
    client = RasaClient(stub.url, timeout=5, max_connections=4, max_in_flight=3)
    replica = client._replicas[0]

    async def one(n: int) -> list:
        call = client.send(f"web-{n}", "xin chào")
        if n % 3 == 0:                      # gives up while waiting or while Rasa answers
            return await asyncio.wait_for(call, 0.01 * (n % 5 + 1))
        return await call

    for _ in range(3):                      # 30 calls for 4 connections, three times over
        tasks = [asyncio.create_task(one(n)) for n in range(30)]
        await asyncio.sleep(0.05)
        for task in tasks[1::4]:            # cancelled mid-way (some in flight, some waiting)
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        kinds = {"list" if isinstance(result, list) else type(result).__name__ for result in results}
        assert {"list", "CancelledError", "TimeoutError"} <= kinds, kinds
        assert not [r for r in results if isinstance(r, RasaUnavailable)]
        assert replica.in_flight == 0

    # every slot came back: a normal call (and as many as the semaphore allows) still succeeds
    assert await client.send("web-after", "xin chào") == []
    assert await asyncio.gather(*(client.send(f"web-after-{n}", "xin chào") for n in range(6))) == [[]] * 6
    assert replica.resets == 0    # (the stub may count more than 3 at once here: it still works
    #                               on requests whose caller gave up; see the next test for the bound)
    await client.close()


async def test_the_semaphore_bounds_calls_in_flight_at_rasa(stub):
    client = RasaClient(stub.url, timeout=10, max_connections=10, max_in_flight=3)
    replies = await asyncio.gather(*(client.send(f"web-{n}", "xin chào") for n in range(15)))
    assert replies == [[]] * 15 and stub.answered == 15
    assert 1 < stub.max_in_flight <= 3          # the pool would have allowed 10
    assert stub.max_connections <= 3
    await client.close()


async def test_more_than_the_default_pool_of_sends_at_once(stub):
    """What the 1,000-conversation open loop did: more than 100 messages for Rasa at once."""
    client = RasaClient(stub.url, timeout=30)                       # defaults: pool 100, 80 at once
    replies = await asyncio.gather(*(client.send(f"web-{n}", "xin chào") for n in range(150)))
    assert replies == [[]] * 150 and stub.max_in_flight <= 80
    await client.close()


async def test_waiting_too_long_for_a_slot_fails_cleanly_then_the_slot_is_usable(stub):
    client = RasaClient(stub.url, timeout=0.3, max_connections=2, max_in_flight=1)
    replica = client._replicas[0]
    held = await replica.acquire()              # the only slot, taken by a call that runs long
    with pytest.raises(RasaUnavailable, match="SlotTimeout"):
        await client.send("web-1", "xin chào")  # -> the caller's "kept for later" path
    replica.release(held, None)
    assert await client.send("web-1", "xin chào") == []
    await client.close()


async def test_a_pool_that_leaked_its_slots_is_replaced(stub, caplog):
    """Both pool slots held by requests the semaphore does not know about (what leaked slots
    look like): the next call gets PoolTimeout with nothing in flight, the client is recreated and
    logged, and the call after it is answered."""
    client = RasaClient(stub.url, timeout=0.5, max_connections=2, max_in_flight=1)
    leaked = client._client
    hogs = [asyncio.create_task(leaked.post("/hang", timeout=60)) for _ in range(2)]
    await _until(lambda: stub.in_flight == 2)
    with caplog.at_level(logging.WARNING, logger="core.rasa_client"):
        with pytest.raises(RasaUnavailable, match="PoolTimeout"):
            await client.send("web-1", "xin chào")
    assert client._replicas[0].resets == 1 and client._client is not leaked
    assert "client recreated" in caplog.text
    assert await client.send("web-1", "xin chào") == []
    await _until(lambda: leaked.is_closed)      # nothing ran on it through the semaphore: closed
    for hog in hogs:
        hog.cancel()
    await asyncio.gather(*hogs, return_exceptions=True)
    await client.close()


async def test_pool_timeouts_in_a_row_replace_the_client_even_with_calls_in_flight(stub):
    client = RasaClient(stub.url, timeout=0.5, max_connections=3, max_in_flight=2, pool_timeouts_before_reset=2)
    replica = client._replicas[0]
    leaked = client._client
    hogs = [asyncio.create_task(leaked.post("/hang", timeout=60)) for _ in range(3)]
    await _until(lambda: stub.in_flight == 3)
    held = await replica.acquire()              # a call in flight on the leaked client
    with pytest.raises(RasaUnavailable, match="PoolTimeout"):
        await client.send("web-1", "xin chào")
    assert replica.resets == 0                  # one PoolTimeout with another call running: wait
    with pytest.raises(RasaUnavailable, match="PoolTimeout"):
        await client.send("web-2", "xin chào")
    assert replica.resets == 1 and client._client is not leaked
    assert not leaked.is_closed                 # the call still running on it is not broken
    assert await client.send("web-3", "xin chào") == []
    replica.release(held, None)                 # the last call on the old client ends: closed
    await _until(lambda: leaked.is_closed)
    for hog in hogs:
        hog.cancel()
    await asyncio.gather(*hogs, return_exceptions=True)
    await client.close()
