"""Publish/subscribe across app processes over Redis (REDIS_URL), for live updates.

`RedisBroker(url, channel, deliver)`: `publish(payload)` sends a JSON message on the channel;
a daemon thread of each process receives every message (its own too) and calls `deliver`.
Without Redis the product runs one process and publishes in memory (the broker is optional).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class RedisBroker:
    def __init__(self, url: str, channel: str, deliver: Callable[[dict[str, Any]], None]) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._channel = channel
        self._deliver = deliver
        self._stopped = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._listen, name=f"broker:{channel}", daemon=True)

    def start(self, timeout: float = 5.0) -> "RedisBroker":
        self._thread.start()
        self._ready.wait(timeout)   # subscribed before anything is published
        return self

    def publish(self, payload: dict[str, Any]) -> None:
        try:
            self._client.publish(self._channel, json.dumps(payload, ensure_ascii=False, default=str))
        except Exception:  # noqa: BLE001 - a live update is a convenience: the database has the truth
            log.exception("broker: publish on %s failed", self._channel)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=3)
        self._client.close()

    def _listen(self) -> None:
        while not self._stopped.is_set():
            try:
                pubsub = self._client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self._channel)
                self._ready.set()
                while not self._stopped.is_set():
                    message = pubsub.get_message(timeout=0.5)
                    if message and message.get("type") == "message":
                        self._deliver(json.loads(message["data"]))
                pubsub.close()
            except Exception:  # noqa: BLE001 - Redis restarted: subscribe again
                log.exception("broker: subscription to %s lost; retrying", self._channel)
                time.sleep(1)
