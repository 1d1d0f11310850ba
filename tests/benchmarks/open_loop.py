"""Open-loop load: many conversations, each writing every ~`interval` seconds whatever the replies.

Issue 13's target shape: 1,000 citizens, each sending a message every ~30 s (with jitter) for
3 minutes, ≈ 33 messages/s in all. Unlike the closed loop of chat_bench.py, a conversation does
not wait for its reply before the next message is due (only the very first reply is awaited: it
carries the session token every later message needs). Afterwards each conversation's message
log is read from the app's database and checked: every message sent is there exactly once and in
the order sent, and each is followed by at least one reply (`check_conversation`). A message
answered 202 (Rasa too slow: kept, answered later over the push channel) counts as `queued`; its
reply must be in the log by the end of the drain.
"""
from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

import httpx

CLIENT_SHARD = 25   # conversations per HTTP client (connection pool)

@dataclass
class Check:
    """What the message log of one conversation shows against what was sent."""
    lost: int = 0          # sent, never in the log
    duplicated: int = 0    # in the log more often than sent
    reordered: int = 0     # in the log, out of the order sent
    unanswered: int = 0    # in the log with no reply before the next citizen message

    def __add__(self, other: "Check") -> "Check":
        return Check(self.lost + other.lost, self.duplicated + other.duplicated,
                     self.reordered + other.reordered, self.unanswered + other.unanswered)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.reordered or self.unanswered)


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], previous + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def check_conversation(sent: list[str], log: Iterable[tuple[str, str | None]]) -> Check:
    """`sent`: the citizen's texts in the order sent; `log`: (direction "in"/"out", text) rows of
    the conversation in the order stored. Counts lost, duplicated and reordered citizen messages
    and citizen messages with no reply before the next one (or the end)."""
    inbound: list[str] = []
    unanswered = 0
    replied = True
    for direction, text in log:
        if direction == "in":
            unanswered += not replied
            inbound.append(text or "")
            replied = False
        elif direction == "out":
            replied = True
    unanswered += not replied
    want, got = Counter(sent), Counter(inbound)
    matched = sum((want & got).values())
    return Check(lost=sum((want - got).values()), duplicated=sum((got - want).values()),
                 reordered=matched - _lcs(sent, inbound), unanswered=unanswered)


def quantile(latencies: list[float], q: int) -> float:
    """The q-th percentile (1..99) of the latencies; the one value, or 0, when there are fewer than two."""
    if len(latencies) < 2:
        return latencies[0] if latencies else 0.0
    return statistics.quantiles(latencies, n=100)[q - 1]


@dataclass
class OpenLoopResult:
    conversations: int
    seconds: float                     # from the first send to the last reply
    sent: int = 0
    answered: int = 0                  # 200 with a reply
    queued: int = 0                    # 202: kept, answered later
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)   # of the 200 answers
    check: Check = field(default_factory=Check)
    cpu_ms: dict[str, float] = field(default_factory=dict)

    def quantile(self, q: int) -> float:
        return quantile(self.latencies, q)

    def line(self) -> str:
        c = self.check
        return (f"{self.conversations} conversations open loop: {self.sent} sent, {self.answered} answered, "
                f"{self.queued} queued (202), {len(self.errors)} errors; p50 {self.quantile(50) * 1000:.0f} ms, "
                f"p95 {self.quantile(95) * 1000:.0f} ms; lost {c.lost}, duplicated {c.duplicated}, "
                f"reordered {c.reordered}, unanswered {c.unanswered}")


def schedule(duration: float, interval: float, jitter: float, rng: random.Random) -> list[float]:
    """Send times of one conversation: a random start within the first interval, then every
    interval × (1 ± jitter) until `duration`."""
    times, t = [], rng.uniform(0, interval)
    while t < duration:
        times.append(t)
        t += interval * rng.uniform(1 - jitter, 1 + jitter)
    return times


async def drive_open_loop(base_url: str, conversations: int, duration: float, scripts: list[list[str]],
                          interval: float = 30.0, jitter: float = 0.3, seed: int = 13,
                          progress: Callable[[str], None] = print) -> tuple[OpenLoopResult, dict[str, list[str]]]:
    """Run the load; returns the result (without the log check) and each sender's texts in the
    order they were sent."""
    rng = random.Random(seed)
    result = OpenLoopResult(conversations, 0.0)
    sent_by: dict[str, list[str]] = {}
    # no keep-alive: a pooled connection the server closed while idle (30 s between messages)
    # would fail the next POST. One client per CLIENT_SHARD conversations and no pool limit:
    # httpcore matches queued requests to connections in O(requests x connections), and one pool
    # holding ~1,400 requests in flight kept this process's event loop busy for minutes (py-spy:
    # AsyncConnectionPool._assign_requests_to_connections), so the client, not the server, set
    # the pace of the first 1,000-conversation run
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    started = time.perf_counter()

    async def post(client: httpx.AsyncClient, sender: str, text: str, token: str | None) -> str | None:
        result.sent += 1
        t0 = time.perf_counter()
        try:
            response = await client.post("/api/v1/chat", json={"sender_id": sender, "text": text},
                                         headers={"X-Session-Token": token} if token else {})
            response.raise_for_status()
            data = response.json()
            if response.status_code == 202:
                result.queued += 1
            elif data.get("messages"):
                result.answered += 1
                result.latencies.append(time.perf_counter() - t0)
            else:
                result.errors.append(f"{sender}: {text!r}: no reply")
            return data.get("session_token")
        except (httpx.HTTPError, ValueError) as error:
            result.errors.append(f"{sender}: {text!r}: {type(error).__name__} {error}")
            return None

    async def conversation(client: httpx.AsyncClient, index: int) -> None:
        sender = f"open-{index}-{uuid.uuid4().hex[:8]}"
        script = [t for k in range(len(scripts)) for t in scripts[(index + k) % len(scripts)]]
        times = schedule(duration, interval, jitter, rng)
        texts = [script[k % len(script)] for k in range(len(times))]
        sent_by[sender] = []
        token: str | None = None
        pending = []
        for when, text in zip(times, texts):
            await asyncio.sleep(max(0.0, started + when - time.perf_counter()))
            sent_by[sender].append(text)
            if token is None:   # the first message: its reply carries the session token
                token = await post(client, sender, text, None)
                if token is None:
                    return
            else:
                pending.append(asyncio.create_task(post(client, sender, text, token)))
        await asyncio.gather(*pending)

    async def report_progress() -> None:
        while True:
            await asyncio.sleep(10)
            done = result.answered + result.queued + len(result.errors)
            recent = sorted(result.latencies[-300:])
            p95 = recent[int(len(recent) * 0.95)] * 1000 if recent else 0
            progress(f"    {time.perf_counter() - started:5.0f}s: {result.sent} sent, {done} answered "
                     f"({result.queued} queued, {len(result.errors)} errors), in flight {result.sent - done}, "
                     f"recent p95 {p95:.0f} ms")

    clients = [httpx.AsyncClient(base_url=base_url, timeout=300, limits=limits)
               for _ in range(-(-conversations // CLIENT_SHARD))]
    ticker = asyncio.create_task(report_progress())
    try:
        await asyncio.gather(*(conversation(clients[i // CLIENT_SHARD], i) for i in range(conversations)))
    finally:
        ticker.cancel()
        for client in clients:
            await client.aclose()
    result.seconds = time.perf_counter() - started
    return result, sent_by


def check_logs(database_url: str, sent_by: dict[str, list[str]], drain_seconds: float = 60.0) -> Check:
    """Read every conversation's message log (waiting up to `drain_seconds` for replies of kept
    messages) and check it against what was sent."""
    from core.db import Database
    from domain.handoff.messages import history
    from domain.handoff.service import get_conversation

    db = Database(database_url)
    deadline = time.monotonic() + drain_seconds
    try:
        while True:
            total = Check()
            with db.session() as session:
                for sender, sent in sent_by.items():
                    conversation = get_conversation(session, sender)
                    rows = [] if conversation is None else [(m.direction, m.text) for m in history(session, conversation)
                                                            if m.author != "system"]
                    total = total + check_conversation(sent, rows)
            if total.ok or time.monotonic() > deadline:
                return total
            time.sleep(5)
    finally:
        db.dispose()
