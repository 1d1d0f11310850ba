"""Smoke of the open-loop bench (tests/benchmarks/open_loop.py) against the test stack: 20
conversations writing every ~5 s for 20 s; every message answered once and in order. Correctness
only: no timing is asserted (the machine is shared)."""
from __future__ import annotations

import asyncio

import pytest

from tests.benchmarks.chat_bench import OPEN_LOOP_CONVERSATIONS
from tests.benchmarks.open_loop import check_logs, drive_open_loop

pytestmark = pytest.mark.e2e


def test_open_loop_smoke_loses_nothing(stack, base_url):
    result, sent_by = asyncio.run(drive_open_loop(base_url, 20, 20.0, OPEN_LOOP_CONVERSATIONS, interval=5.0,
                                                  progress=lambda line: None))
    assert result.sent == sum(len(texts) for texts in sent_by.values()) >= 20
    assert not result.errors
    assert result.answered + result.queued == result.sent
    check = check_logs(stack.settings.database_url, sent_by, drain_seconds=60)
    assert check.ok, check
