"""Lockout and no-enumeration of the chat's ownership check (service level)."""
from datetime import datetime, timedelta, timezone

from domain.dossiers import service
from domain.dossiers.identity import Factor
from tests.dossiers.conftest import OWNER_ID

T0 = datetime(2025, 6, 10, 2, 0, tzinfo=timezone.utc)
WRONG = Factor("last4", "0000")
RIGHT = Factor("last4", OWNER_ID[-4:])
UNKNOWN = "G99.99-250101-0001"


def check(database, hasher, code, factor, sender, minutes):
    with database.session() as s:
        return service.check_ownership(s, hasher, code, factor, sender, now=T0 + timedelta(minutes=minutes))


def test_the_owner_passes(database, hasher, seeded):
    assert check(database, hasher, seeded, RIGHT, "web-a", 0).outcome == "verified"
    assert check(database, hasher, seeded, Factor("id_number", OWNER_ID), "web-a", 1).outcome == "verified"


def test_unknown_receipt_and_wrong_factor_are_indistinguishable(database, hasher, seeded):
    wrong = check(database, hasher, seeded, WRONG, "web-a", 0)
    unknown = check(database, hasher, UNKNOWN, WRONG, "web-b", 0)
    unknown_right_digits = check(database, hasher, UNKNOWN, RIGHT, "web-c", 0)
    assert wrong.outcome == unknown.outcome == unknown_right_digits.outcome == "mismatch"
    assert wrong.locked_until is None and unknown.locked_until is None


def test_five_failures_of_one_sender_lock_it_for_fifteen_minutes(database, hasher, seeded):
    outcomes = [check(database, hasher, f"G0{i}.11-250101-000{i}", WRONG, "web-a", i).outcome for i in range(5)]
    assert outcomes == ["mismatch"] * 4 + ["locked"]
    # even the right answer is refused while locked, and the refusal is not counted
    locked = check(database, hasher, seeded, RIGHT, "web-a", 10)
    assert locked.outcome == "locked" and locked.locked_until == T0 + timedelta(minutes=4 + 15)
    assert check(database, hasher, seeded, RIGHT, "web-other", 10).outcome == "verified"  # others are not locked
    assert check(database, hasher, seeded, RIGHT, "web-a", 19).outcome == "verified"     # lock over


def test_five_failures_on_one_receipt_lock_it_for_every_sender(database, hasher, seeded):
    outcomes = [check(database, hasher, seeded, WRONG, f"web-{i}", i).outcome for i in range(5)]
    assert outcomes[-1] == "locked"
    assert check(database, hasher, seeded, RIGHT, "web-owner", 6).outcome == "locked"
    assert check(database, hasher, seeded, RIGHT, "web-owner", 20).outcome == "verified"


def test_an_unknown_receipt_locks_like_a_known_one(database, hasher, seeded):
    known = [check(database, hasher, seeded, WRONG, f"web-k{i}", i).outcome for i in range(5)]
    unknown = [check(database, hasher, UNKNOWN, WRONG, f"web-u{i}", i).outcome for i in range(5)]
    assert known == unknown


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(database, hasher, seeded):
    outcomes = [check(database, hasher, seeded, WRONG, "web-a", i * 4).outcome for i in range(5)]  # 0..16 min
    assert outcomes == ["mismatch"] * 5
    assert check(database, hasher, seeded, RIGHT, "web-a", 17).outcome == "verified"


def test_lock_state_is_shared_through_the_database(database, hasher, seeded):
    """A second process (a new engine on the same database) sees the lock."""
    from core.db import Database

    for i in range(5):
        check(database, hasher, seeded, WRONG, "web-a", i)
    other = Database(database.url)
    try:
        with other.session() as s:
            assert service.locked_until(s, "web-a", now=T0 + timedelta(minutes=5)) is not None
    finally:
        other.dispose()


def test_each_new_lock_lasts_twice_as_long(database, hasher, seeded):
    for i in range(5):                                               # lock 1: 15 minutes after the 5th failure
        check(database, hasher, seeded, WRONG, f"web-s{i}", i)
    assert check(database, hasher, seeded, WRONG, "web-x", 10).locked_until == T0 + timedelta(minutes=4 + 15)
    for i in range(5):                                               # lock 2, after the first ran out: 30 minutes
        result = check(database, hasher, seeded, WRONG, f"web-t{i}", 20 + i)
    assert result.outcome == "locked" and result.locked_until == T0 + timedelta(minutes=24 + 30)
    for i in range(5):                                               # lock 3: one hour
        result = check(database, hasher, seeded, WRONG, f"web-u{i}", 60 + i)
    assert result.locked_until == T0 + timedelta(minutes=64 + 60)


def test_a_locked_receipt_still_lets_its_owner_in_with_the_full_number(database, hasher, seeded):
    for i in range(5):
        check(database, hasher, seeded, WRONG, f"web-stranger-{i}", i)
    assert check(database, hasher, seeded, RIGHT, "web-owner", 5).outcome == "locked"
    assert check(database, hasher, seeded, Factor("id_number", OWNER_ID), "web-owner", 6).outcome == "verified"
    assert check(database, hasher, seeded, Factor("id_number", "079203009999"), "web-x", 7).outcome == "mismatch"
