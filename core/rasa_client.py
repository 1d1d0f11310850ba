"""HTTP client for the Rasa server: NLU parse, REST channel, model status, trackers.

Sender ids are validated before any call (printable, no control characters or lone
surrogates, at most 128 characters) and URL-encoded in paths, so an id such as
`../../status` can never reach another Rasa route. Rasa's HTTP API runs with an auth
token (`rasa run --auth-token`); the client sends it as Rasa expects (`?token=`).
"""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import httpx

from core import metrics

MAX_SENDER_ID = 128


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
    def __init__(self, base_url: str, timeout: float, auth_token: str = "") -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._auth = {"token": auth_token} if auth_token else {}

    async def close(self) -> None:
        await self._client.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        endpoint = _endpoint(path)
        started = time.perf_counter()
        try:
            response = await self._client.request(method, path, params=self._auth or None, **kwargs)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            metrics.RASA_ERRORS.inc(endpoint=endpoint)
            raise RasaUnavailable(f"{method} {path.split('?')[0]}: {type(error).__name__}") from error
        finally:
            metrics.RASA_SECONDS.observe(time.perf_counter() - started, endpoint=endpoint)

    async def parse(self, text: str) -> dict[str, Any]:
        return await self._request("POST", "/model/parse", json={"text": text})

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        payload = {"sender": checked_sender_id(sender_id), "message": text, "metadata": metadata or {}}
        return await self._request("POST", "/webhooks/rest/webhook", json=payload)

    async def model_loaded(self) -> bool:
        try:
            status = await self._request("GET", "/status")
        except RasaUnavailable:
            return False
        return bool(status.get("model_id"))

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{sender_path(sender_id)}/tracker")
