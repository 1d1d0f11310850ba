"""Lockouts that hold under concurrency: 20 parallel wrong guesses on one receipt (each from
another conversation) are evaluated at most MAX_FAILURES times, then the receipt is locked."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from domain.dossiers import lockout, service
from domain.dossiers.identity import Factor, OwnerHasher
from tests.dossiers.conftest import SECRET


def test_twenty_parallel_guesses_evaluate_at_most_the_allowed_number(database, seeded, monkeypatch):
    evaluated = []
    lock = threading.Lock()
    real_matches = OwnerHasher.matches

    def slow_matches(self, *args, **kwargs):
        with lock:
            evaluated.append(1)
        time.sleep(0.05)   # widen the window between the lock check and the recorded failure
        return real_matches(self, *args, **kwargs)

    monkeypatch.setattr(OwnerHasher, "matches", slow_matches)
    hasher = OwnerHasher(SECRET)
    barrier = threading.Barrier(20)

    def guess(i: int) -> str:
        barrier.wait()
        with database.session() as s:
            return service.check_ownership(s, hasher, seeded, Factor("last4", f"{i:04d}"), f"web-racer-{i}").outcome

    with ThreadPoolExecutor(20) as pool:
        outcomes = list(pool.map(guess, range(20)))
    assert len(evaluated) <= lockout.MAX_FAILURES, outcomes
    assert outcomes.count("locked") >= 20 - lockout.MAX_FAILURES
    with database.session() as s:
        assert service.locked_until(s, "web-someone-else", seeded) is not None


def test_twenty_parallel_officer_logins_evaluate_at_most_five_and_lock(database, monkeypatch):
    from api.console import accounts, passwords

    with database.session() as s:
        officer = accounts.create_officer(s, "race.officer", "mat-khau-rat-dai-race-1")
        real_hash = officer.password_hash
    evaluated = []
    lock = threading.Lock()
    real_verify = passwords.verify_password

    def counting_verify(password, stored):
        if stored == real_hash:
            with lock:
                evaluated.append(password)
        return real_verify(password, stored)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    barrier = threading.Barrier(20)

    def guess(i: int):
        barrier.wait()
        with database.session() as s:
            return accounts.check_password(s, "race.officer", f"sai-mat-khau-{i:02d}")

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(guess, range(20)))
    assert results == [None] * 20
    assert len(evaluated) <= accounts.MAX_FAILED_LOGINS
    with database.session() as s:   # the burst locked the account: even the right password is refused
        assert accounts.check_password(s, "race.officer", "mat-khau-rat-dai-race-1") is None
