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
