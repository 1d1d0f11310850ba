"""HTTP client for the Rasa server: NLU parse, REST channel, model status, trackers.

Sender ids are validated before any call (printable, no control characters or lone
surrogates, at most 128 characters) and URL-encoded in paths, so an id such as
`../../status` can never reach another Rasa route. Rasa's HTTP API runs with an auth
token (`rasa run --auth-token`); the client sends it as Rasa expects (`?token=`).

Each Rasa server has its own httpx pool, and in front of it a semaphore strictly smaller than the
pool (RASA_MAX_IN_FLIGHT < RASA_MAX_CONNECTIONS): under overload calls wait on the semaphore
(cancellable, bounded by the same timeout as httpx's pool wait), never inside httpcore's pool,
where a request cancelled while waiting for a slot can leave the slot taken for good
(encode/httpcore#1093, #550). Should the pool still run out (a `PoolTimeout` while nothing else is
in flight, or several in a row), the pool has leaked: the replica's client is replaced by a new
one, and the old one is closed once the calls still running on it are done.
"""
from __future__ import annotations

import asyncio
import logging
import time
import zlib
from typing import Any
from urllib.parse import quote

import httpx

from core import metrics

log = logging.getLogger(__name__)

MAX_SENDER_ID = 128
CONNECT_ATTEMPTS = 3
CONNECT_RETRY_SECONDS = 0.5
MAX_CONNECTIONS = 100           # httpx's default pool size, per Rasa server
MAX_IN_FLIGHT = 80              # calls at once per Rasa server; the rest wait on a semaphore
POOL_TIMEOUTS_BEFORE_RESET = 3  # PoolTimeouts in a row (with calls in flight) that replace a client


def _endpoint(path: str) -> str:
    """A metrics label without the sender id: /conversations/{id}/tracker -> tracker."""
    return path.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "root"


class Replies(list):
    """Rasa's replies to one message; `turn` is the tracker as it stands after this turn (slots,
    latest message, active loop, the events since the message) when Rasa sent it, else None."""

    def __init__(self, replies: list, turn: dict[str, Any] | None = None) -> None:
        super().__init__(replies)
        self.turn = turn


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (not started, still loading, or failed)."""


class InvalidSenderId(ValueError):
    """A sender id that must not be sent to Rasa (empty, too long, control characters...)."""


def valid_sender_id(sender_id: object) -> bool:
    if not isinstance(sender_id, str) or not 0 < len(sender_id) <= MAX_SENDER_ID:
        return False
    if sender_id != sender_id.strip() or sender_id in (".", ".."):
        return False
    for char in sender_id:
        code = ord(char)
        if code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or 0x80 <= code < 0xA0:
            return False
    return True


def checked_sender_id(sender_id: object) -> str:
    if not valid_sender_id(sender_id):
        raise InvalidSenderId("invalid sender id")
    return sender_id  # type: ignore[return-value]


def sender_path(sender_id: str) -> str:
    """The sender id as one URL path segment (every '/', '.', '%', '?' escaped)."""
    return quote(checked_sender_id(sender_id), safe="").replace(".", "%2E")


class SlotTimeout(httpx.TimeoutException):
    """No free slot to Rasa within the timeout (too many calls already in flight)."""


class _Replica:
    """One Rasa server: its httpx client, the semaphore in front of the client's pool, and the
    calls in flight on each client (the current one, and replaced ones not closed yet)."""

    def __init__(self, index: int, url: str, timeout: float, max_connections: int, max_in_flight: int,
                 pool_timeouts_before_reset: int) -> None:
        if not 0 < max_in_flight < max_connections:
            raise ValueError("max_in_flight must be at least 1 and below max_connections")
        self.index, self.url, self._timeout = str(index), url, timeout
        self._limits = httpx.Limits(max_connections=max_connections,
                                    max_keepalive_connections=min(20, max_connections))
        self._gate = asyncio.Semaphore(max_in_flight)
        self._reset_after = max(pool_timeouts_before_reset, 1)
        self._pool_timeouts = 0
        self._in_flight: dict[httpx.AsyncClient, int] = {}
        self._closing: set[asyncio.Task] = set()
        self.resets = 0
        self.client = self._new_client()

    def _new_client(self) -> httpx.AsyncClient:
        client = httpx.AsyncClient(base_url=self.url, timeout=self._timeout, limits=self._limits)
        self._in_flight[client] = 0
        return client

    @property
    def in_flight(self) -> int:
        return sum(self._in_flight.values())

    async def acquire(self) -> httpx.AsyncClient:
        """Wait (up to the timeout) for a slot; the client to use with it. Pair with release()."""
        try:
            async with asyncio.timeout(self._timeout):
                await self._gate.acquire()
        except TimeoutError:
            raise SlotTimeout("no free slot to Rasa") from None
        client = self.client
        self._in_flight[client] = self._in_flight.get(client, 0) + 1
        return client

    def release(self, client: httpx.AsyncClient, error: BaseException | None) -> None:
        """Give the slot back. `error`: how the call ended (None: Rasa answered)."""
        self._gate.release()
        if client not in self._in_flight:
            return                        # closed meanwhile (shutdown)
        self._in_flight[client] -= 1
        if isinstance(error, httpx.PoolTimeout):
            self._pool_timed_out(client)
        elif client is self.client and not isinstance(error, asyncio.CancelledError):
            self._pool_timeouts = 0       # the pool gave a connection: not leaked
        if client is not self.client and not self._in_flight[client]:
            self._close(client)

    def _pool_timed_out(self, client: httpx.AsyncClient) -> None:
        """With the semaphore below the pool size, a full pool means slots held by no call."""
        if client is not self.client:
            return                        # already replaced
        self._pool_timeouts += 1
        others = self._in_flight[client]
        if others and self._pool_timeouts < self._reset_after:
            return
        self.client = self._new_client()
        self._pool_timeouts = 0
        self.resets += 1
        metrics.RASA_CLIENT_RESETS.inc(replica=self.index)
        log.warning("rasa client: connection pool of replica %s leaked (PoolTimeout with %d other calls "
                    "in flight); client recreated, the old one closes when they end", self.index, others)

    def _close(self, client: httpx.AsyncClient) -> None:
        del self._in_flight[client]
        task = asyncio.get_running_loop().create_task(client.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        clients = list(self._in_flight)
        self._in_flight.clear()
        for client in clients:
            await client.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


class RasaClient:
    """One or several Rasa servers (replicas sharing the tracker store). A conversation always
    goes to the same replica (stable hash of its sender id), so its turns never race."""

    def __init__(self, base_url: str | list[str], timeout: float, auth_token: str = "", *,
                 max_connections: int = MAX_CONNECTIONS, max_in_flight: int = MAX_IN_FLIGHT,
                 pool_timeouts_before_reset: int = POOL_TIMEOUTS_BEFORE_RESET) -> None:
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self._replicas = [_Replica(index, url, timeout, max_connections, max_in_flight, pool_timeouts_before_reset)
                          for index, url in enumerate(urls)]
        self._next = 0
        self._auth = {"token": auth_token} if auth_token else {}

    @property
    def _client(self) -> httpx.AsyncClient:
        """The first replica's current httpx client."""
        return self._replicas[0].client

    async def close(self) -> None:
        for replica in self._replicas:
            await replica.close()

    def _replica(self, sender_id: str | None) -> _Replica:
        if sender_id is None:           # stateless calls (parse, status): take turns
            self._next = (self._next + 1) % len(self._replicas)
            return self._replicas[self._next]
        return self._replicas[zlib.crc32(sender_id.encode("utf-8", "replace")) % len(self._replicas)]

    async def _request(self, method: str, path: str, *, replica: _Replica | None = None, **kwargs: Any) -> Any:
        endpoint = _endpoint(path)
        started = time.perf_counter()
        replica = replica or self._replicas[0]
        try:
            client = await replica.acquire()
            outcome: BaseException | None = None
            try:
                response = await self._send_with_connect_retries(client, method, path, **kwargs)
            except BaseException as error:
                outcome = error
                raise
            finally:
                replica.release(client, outcome)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            metrics.RASA_ERRORS.inc(endpoint=endpoint)
            raise RasaUnavailable(f"{method} {path.split('?')[0]}: {type(error).__name__}") from error
        finally:
            metrics.RASA_SECONDS.observe(time.perf_counter() - started, endpoint=endpoint)

    async def _send_with_connect_retries(self, client: httpx.AsyncClient, method: str, path: str,
                                         **kwargs: Any) -> httpx.Response:
        """A refused connection never reached Rasa (a full listen queue under a burst, or a replica
        restarting), so trying again is safe; anything after the connection is not retried."""
        params = {**self._auth, **kwargs.pop("params", {})}
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                return await client.request(method, path, params=params or None, **kwargs)
            except httpx.ConnectError:
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(CONNECT_RETRY_SECONDS * (attempt + 1))
        raise AssertionError("unreachable")

    async def parse(self, text: str) -> dict[str, Any]:
        return await self._request("POST", "/model/parse", json={"text": text}, replica=self._replica(None))

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> Replies:
        """The replies; with the turn's tracker when Rasa's channel gives it (bot/channels/app_rest.py),
        so no second request for the tracker is needed. A plain REST channel's list works too."""
        payload = {"sender": checked_sender_id(sender_id), "message": text, "metadata": metadata or {}}
        answer = await self._request("POST", "/webhooks/rest/webhook", json=payload, params={"turn": "true"},
                                     replica=self._replica(sender_id))
        if isinstance(answer, dict) and isinstance(answer.get("messages"), list):
            turn = answer.get("turn")
            return Replies(answer["messages"], turn if isinstance(turn, dict) else None)
        return Replies(answer if isinstance(answer, list) else [])

    async def model_loaded(self) -> bool:
        """Every replica has its model loaded."""
        for replica in self._replicas:
            try:
                status = await self._request("GET", "/status", replica=replica)
            except RasaUnavailable:
                return False
            if not status.get("model_id"):
                return False
        return True

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{sender_path(sender_id)}/tracker",
                                   replica=self._replica(sender_id))
