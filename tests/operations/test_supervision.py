"""`make run` supervises its processes: a child killed with SIGKILL is started again, with a
delay that grows while it keeps dying quickly; stopping the stack stops the restarts."""
from __future__ import annotations

import os
import signal
import sys

import pytest

from api import stack as stack_module
from api.stack import Stack

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def supervised(tmp_path):
    running = Stack(env={}, log_dir=tmp_path)
    yield running
    running.stop(grace=2)


def _kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(5)


def test_a_killed_child_is_restarted_after_a_growing_delay(supervised):
    first = supervised._spawn("rasa", SLEEPER)
    started = supervised._started_at["rasa"]
    _kill(first)
    assert supervised.supervise(now=started + 1) == []                       # 1 s delay, not yet
    assert supervised.supervise(now=started + 2.01) == ["rasa"]
    second = supervised._children["rasa"]
    assert second.pid != first.pid and second.poll() is None
    assert supervised.processes == [second]
    _kill(second)                                                            # dies quickly again
    again = supervised._started_at["rasa"]
    assert supervised.supervise(now=again + 1) == []
    assert supervised.supervise(now=again + 2.5) == []                       # now 2 s
    assert supervised.supervise(now=again + 3.01) == ["rasa"]


def test_a_child_that_was_stable_is_restarted_quickly_and_others_are_left_alone(supervised):
    app = supervised._spawn("app", SLEEPER)
    other = supervised._spawn("rasa", SLEEPER)
    _kill(app)
    later = supervised._started_at["app"] + stack_module.STABLE_SECONDS + 5
    supervised.supervise(now=later)
    assert supervised.supervise(now=later + stack_module.FIRST_RESTART_DELAY) == ["app"]
    assert supervised._children["rasa"] is other and other.poll() is None


def test_stopping_ends_every_child_and_nothing_is_restarted(supervised):
    child = supervised._spawn("app", SLEEPER)
    supervised.stop(grace=2)
    assert child.poll() is not None
    assert supervised.supervise() == []
