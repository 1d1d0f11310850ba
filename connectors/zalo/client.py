"""Zalo OA customer-service messages (POST /v3.0/oa/message/cs with the access_token header)."""
from __future__ import annotations

import logging

import httpx

from connectors.zalo.tokens import ZaloTokenStore

log = logging.getLogger(__name__)
MESSAGE_PATH = "/v3.0/oa/message/cs"
TOKEN_ERRORS = frozenset({-216, -220})              # access token invalid / expired
REPLY_WINDOW_ERRORS = frozenset({-230, -232})       # the citizen has not written recently enough
UNREACHABLE_ERRORS = frozenset({-213, -227, -244})  # not following, inactive, restricted


class ZaloApiError(RuntimeError):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message}")
        self.code = code
        self.message = message


class ZaloClient:
    def __init__(self, tokens: ZaloTokenStore, base_url: str, http: httpx.AsyncClient | None = None) -> None:
        self._tokens = tokens
        self._http = http or httpx.AsyncClient(base_url=base_url, timeout=15.0)

    async def close(self) -> None:
        await self._http.aclose()

    async def _post(self, token: str, body: dict) -> dict:
        response = await self._http.post(MESSAGE_PATH, json=body, headers={"access_token": token})
        response.raise_for_status()
        return response.json()

    async def send(self, user_id: str, message: dict) -> str | None:
        """Send one message; on an expired token, refresh it once and retry. Returns Zalo's message id."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        token = await self._tokens.access_token()
        result = await self._post(token, body)
        if result.get("error") in TOKEN_ERRORS:
            log.info("zalo: access token rejected (%s); refreshing", result.get("error"))
            token = await self._tokens.refresh(token)
            result = await self._post(token, body)
        code = int(result.get("error", 0) or 0)
        if code != 0:
            raise ZaloApiError(code, str(result.get("message", "")))
        return (result.get("data") or {}).get("message_id")
