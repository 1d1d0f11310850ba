"""Background handling: in order per conversation, concurrently across conversations."""
import asyncio
import time

import pytest

from connectors.dispatcher import Dispatcher
from connectors.envelope import Envelope


def env(sender: str, n: int, delay: float = 0.0) -> Envelope:
    return Envelope(channel="telegram", sender_id=sender, platform_message_id=f"{sender}:{n}", text=str(n),
                    extra={"delay": delay})


async def test_one_conversation_is_handled_in_arrival_order():
    done = []

    async def handle(e: Envelope):
        await asyncio.sleep(e.extra["delay"])
        done.append(e.text)

    dispatcher = Dispatcher(handle)
    for n, delay in enumerate([0.2, 0.0, 0.1, 0.0]):
        dispatcher.submit(env("telegram:1", n, delay))
    await dispatcher.drain(5)
    assert done == ["0", "1", "2", "3"]
    assert dispatcher.active_conversations == 0


async def test_conversations_do_not_wait_for_each_other():
    finished: dict[str, float] = {}

    async def handle(e: Envelope):
        await asyncio.sleep(e.extra["delay"])
        finished[e.sender_id] = time.monotonic()

    dispatcher = Dispatcher(handle)
    started = time.monotonic()
    dispatcher.submit(env("slow", 0, 0.5))
    dispatcher.submit(env("fast", 0, 0.0))
    await dispatcher.drain(5)
    assert finished["fast"] - started < 0.2 < finished["slow"] - started


async def test_a_failing_message_does_not_stop_the_conversation():
    done = []

    async def handle(e: Envelope):
        if e.text == "1":
            raise RuntimeError("boom")
        done.append(e.text)

    dispatcher = Dispatcher(handle)
    for n in range(3):
        dispatcher.submit(env("telegram:1", n))
    await dispatcher.drain(5)
    assert done == ["0", "2"]


async def test_close_cancels_work_that_does_not_finish():
    async def handle(e: Envelope):
        await asyncio.sleep(30)

    dispatcher = Dispatcher(handle)
    dispatcher.submit(env("telegram:1", 0))
    await asyncio.sleep(0)
    await dispatcher.close(timeout=0.1)
    assert dispatcher.active_conversations == 0
    with pytest.raises(RuntimeError):
        dispatcher.submit(env("telegram:1", 1))
