"""Per-sender and per-address rate limits of the web chat (in memory, per app process).

A sliding window of one minute: a conversation sending more than CHAT_MESSAGES_PER_MINUTE
messages gets a polite "slow down" answer (Rasa is not called, nothing is stored); an address
starting more than CHAT_NEW_SESSIONS_PER_MINUTE conversations gets 429. Behind a reverse proxy
every caller has the proxy's address: raise the per-address limit there, or limit at the proxy.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

SLOW_DOWN = "Dạ, anh/chị nhắn nhanh quá, em chưa kịp đọc. Anh/chị chờ một chút rồi gửi lại giúp em nhé."
MAX_KEYS = 100_000


class RateLimiter:
    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.pop(key, None) or deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            allowed = len(hits) < self.per_minute
            if allowed:
                hits.append(now)
            self._hits[key] = hits            # most recent last; the oldest keys are dropped first
            while len(self._hits) > MAX_KEYS:
                self._hits.popitem(last=False)
            return allowed
