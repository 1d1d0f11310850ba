"""The open-loop bench's checker: every message once, in order, answered (no timing here)."""
from __future__ import annotations

import random

from tests.benchmarks.open_loop import Check, check_conversation, schedule


def log(*rows: str) -> list[tuple[str, str]]:
    """'>text' is a citizen message, '<text' a reply."""
    return [("in" if r[0] == ">" else "out", r[1:]) for r in rows]


def test_a_clean_conversation_passes():
    assert check_conversation(["a", "b", "c"], log(">a", "<x", ">b", "<y", "<z", ">c", "<w")).ok


def test_repeated_texts_sent_repeatedly_are_not_duplicates():
    assert check_conversation(["a", "a"], log(">a", "<x", ">a", "<x")).ok


def test_a_lost_message():
    assert check_conversation(["a", "b", "c"], log(">a", "<x", ">c", "<y")) == Check(lost=1)


def test_a_duplicated_message():
    assert check_conversation(["a", "b"], log(">a", "<x", ">b", "<y", ">b", "<y")) == Check(duplicated=1)


def test_reordered_messages():
    assert check_conversation(["a", "b", "c"], log(">a", "<x", ">c", "<y", ">b", "<z")) == Check(reordered=1)
    assert check_conversation(["a", "b", "c", "d"], log(">d", "<1", ">c", "<2", ">b", "<3", ">a", "<4")).reordered == 3


def test_a_message_without_reply():
    assert check_conversation(["a", "b"], log(">a", ">b", "<y")) == Check(unanswered=1)
    assert check_conversation(["a", "b"], log(">a", "<x", ">b")) == Check(unanswered=1)


def test_a_conversation_missing_from_the_log():
    assert check_conversation(["a", "b"], []) == Check(lost=2)


def test_checks_add_up():
    assert Check(1, 0, 2, 0) + Check(0, 3, 0, 1) == Check(1, 3, 2, 1)


def test_schedule_stays_within_the_duration_and_the_jitter():
    times = schedule(180, 30, 0.3, random.Random(1))
    assert 0 <= times[0] < 30 and times[-1] < 180
    assert all(21 <= b - a <= 39 for a, b in zip(times, times[1:]))
