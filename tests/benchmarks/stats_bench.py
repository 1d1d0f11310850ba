"""Statistics and desk with 100,000 stored turns: how long the figures take (SQLite by default).

    .venvs/app/bin/python -m tests.benchmarks.stats_bench [--turns 100000] [--database-url URL]

Prints the seconds of stats.compute (30 days), the CSV and the desk list; the goal is under a
second each. Timing lives here, not in the tests (they assert the figures only).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from core.db import Database
from domain.feedback import desk, stats
from domain.feedback.desk_items import put_on_desk
from domain.feedback.seed import seed_turns
from domain.handoff.models import Conversation, ConversationMessage


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate()
        started = time.perf_counter()
        with db.session() as s:
            seed_turns(s, args.turns)
        with db.session() as s:  # 2,000 desk items among the turns
            for message in s.query(ConversationMessage).filter(ConversationMessage.direction == "in").limit(2000):
                put_on_desk(s, s.get(Conversation, message.conversation_id), message, "fallback")
        print(f"seeded {args.turns} turns in {time.perf_counter() - started:.1f}s")
        start, end = stats.period(30)
        for name, run in (("stats (30 days)", lambda s: stats.compute(s, start, end)),
                          ("stats csv", lambda s: stats.to_csv(stats.compute(s, start, end))),
                          ("desk list (100 items)", lambda s: desk.open_items(s, 100))):
            with db.session() as s:
                run(s)  # warm
                began = time.perf_counter()
                run(s)
                print(f"{name}: {time.perf_counter() - began:.3f}s")
        db.dispose()


if __name__ == "__main__":
    main()
