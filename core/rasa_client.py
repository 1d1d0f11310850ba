"""HTTP client for the Rasa server: NLU parse, REST channel, model status."""
from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (not started, still loading, or failed)."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def close(self) -> None:
        await self._client.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = await self._client.request(method, path, **kwargs)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"{method} {path}: {error}") from error
        return response.json()

    async def parse(self, text: str) -> dict[str, Any]:
        return await self._request("POST", "/model/parse", json={"text": text})

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        payload = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        return await self._request("POST", "/webhooks/rest/webhook", json=payload)

    async def model_loaded(self) -> bool:
        try:
            status = await self._request("GET", "/status")
        except RasaUnavailable:
            return False
        return bool(status.get("model_id"))

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{sender_id}/tracker")
