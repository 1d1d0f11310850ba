"""HTTP client for the Rasa server: NLU parse, REST channel, model status, trackers.

Sender ids are validated before any call (printable, no control characters or lone
surrogates, at most 128 characters) and URL-encoded in paths, so an id such as
`../../status` can never reach another Rasa route. Rasa's HTTP API runs with an auth
token (`rasa run --auth-token`); the client sends it as Rasa expects (`?token=`).
"""
from __future__ import annotations

import asyncio
import time
import zlib
from typing import Any
from urllib.parse import quote

import httpx

from core import metrics

MAX_SENDER_ID = 128
CONNECT_ATTEMPTS = 3
CONNECT_RETRY_SECONDS = 0.5


def _endpoint(path: str) -> str:
    """A metrics label without the sender id: /conversations/{id}/tracker -> tracker."""
    return path.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "root"


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


class RasaClient:
    """One or several Rasa servers (replicas sharing the tracker store). A conversation always
    goes to the same replica (stable hash of its sender id), so its turns never race."""

    def __init__(self, base_url: str | list[str], timeout: float, auth_token: str = "") -> None:
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self._clients = [httpx.AsyncClient(base_url=url, timeout=timeout) for url in urls]
        self._client = self._clients[0]
        self._next = 0
        self._auth = {"token": auth_token} if auth_token else {}

    async def close(self) -> None:
        for client in self._clients:
            await client.aclose()

    def _replica(self, sender_id: str | None) -> httpx.AsyncClient:
        if sender_id is None:           # stateless calls (parse, status): take turns
            self._next = (self._next + 1) % len(self._clients)
            return self._clients[self._next]
        return self._clients[zlib.crc32(sender_id.encode("utf-8", "replace")) % len(self._clients)]

    async def _request(self, method: str, path: str, *, client: httpx.AsyncClient | None = None,
                       **kwargs: Any) -> Any:
        endpoint = _endpoint(path)
        started = time.perf_counter()
        try:
            response = await self._send_with_connect_retries(client or self._client, method, path, **kwargs)
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
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                return await client.request(method, path, params=self._auth or None, **kwargs)
            except httpx.ConnectError:
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(CONNECT_RETRY_SECONDS * (attempt + 1))
        raise AssertionError("unreachable")

    async def parse(self, text: str) -> dict[str, Any]:
        return await self._request("POST", "/model/parse", json={"text": text}, client=self._replica(None))

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        payload = {"sender": checked_sender_id(sender_id), "message": text, "metadata": metadata or {}}
        return await self._request("POST", "/webhooks/rest/webhook", json=payload, client=self._replica(sender_id))

    async def model_loaded(self) -> bool:
        """Every replica has its model loaded."""
        for client in self._clients:
            try:
                status = await self._request("GET", "/status", client=client)
            except RasaUnavailable:
                return False
            if not status.get("model_id"):
                return False
        return True

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{sender_path(sender_id)}/tracker",
                                   client=self._replica(sender_id))
