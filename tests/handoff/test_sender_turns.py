"""A conversation's messages are handled one at a time in the app, in arrival order: an erasure
waits for the conversation's turn in flight (which would otherwise write its events back after
they were erased), while other conversations go on."""
from __future__ import annotations

import asyncio

import pytest

from api import erasure
from tests.handoff.conftest import ScriptedRasa


class HeldRasa(ScriptedRasa):
    """Rasa whose answer to "giữ lại" waits until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.started = asyncio.Event()

    async def send(self, sender_id, text, metadata=None):
        if text == "giữ lại":
            self.started.set()
            await self.release.wait()
        return await super().send(sender_id, text, metadata)


@pytest.fixture
def rasa() -> HeldRasa:
    return HeldRasa()


async def test_an_erasure_waits_for_the_turn_in_flight_and_others_go_on(make_router, rasa, monkeypatch):
    router = make_router()
    erased: list[tuple[str, bool]] = []
    monkeypatch.setattr(erasure, "erase_everything",
                        lambda db, settings, sender: erased.append((sender, rasa.release.is_set())) or {})
    held = asyncio.create_task(router.handle("web-held", "giữ lại"))
    await asyncio.wait_for(rasa.started.wait(), 5)
    erasing = asyncio.create_task(router.handle("web-held", erasure.CONFIRM))
    other = await asyncio.wait_for(router.handle("web-other", "làm hộ chiếu ở đâu"), 5)   # not held up
    assert other and erased == []
    rasa.release.set()
    await asyncio.wait_for(asyncio.gather(held, erasing), 5)
    assert erased == [("web-held", True)]          # after the turn had its answer
    assert rasa.sent_by("web-held") == ["giữ lại"]
