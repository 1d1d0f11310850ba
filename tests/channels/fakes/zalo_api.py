"""A stand-in Zalo server: OA customer-service messages (v3) and the OAuth v4 token refresh.

Access tokens expire on demand (error -220 as Zalo answers), refresh tokens work once
(a second use is refused, as on Zalo), and a citizen can be put outside the reply window.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class FakeZalo:
    app_id: str = "4242424242"
    app_secret_key: str = "app-secret"
    access_tokens: dict[str, bool] = field(default_factory=lambda: {"at-0": True})   # token -> valid
    refresh_tokens: dict[str, bool] = field(default_factory=lambda: {"rt-0": True})  # token -> unused
    expires_in: int = 90000
    refresh_delay: float = 0.0                      # widens race windows in lock tests
    closed_window_users: set[str] = field(default_factory=set)
    sent: list[dict] = field(default_factory=list)            # accepted message bodies
    rejected: list[dict] = field(default_factory=list)        # bodies refused, with the error
    refreshes: list[dict] = field(default_factory=list)       # every refresh request (form)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    _token_counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def expire(self, token: str) -> None:
        self.access_tokens[token] = False

    def texts_to(self, user_id: str) -> list[str]:
        return [b["message"].get("text", "") for b in self.sent if b["recipient"]["user_id"] == user_id]

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/v3.0/oa/message/cs", self._send, methods=["POST"]),
            Route("/v4/oa/access_token", self._refresh, methods=["POST"]),
        ])

    async def _send(self, request: Request) -> JSONResponse:
        body = await request.json()
        token = request.headers.get("access_token", "")
        user_id = body.get("recipient", {}).get("user_id")
        if token not in self.access_tokens:
            error = {"error": -216, "message": "Access token is invalid"}
        elif not self.access_tokens[token]:
            error = {"error": -220, "message": "access_token is expired or removed"}
        elif user_id in self.closed_window_users:
            error = {"error": -230, "message": "User has not interacted with the OA in the past 7 days"}
        else:
            error = None
        with self._lock:
            if error:
                self.rejected.append({**body, "token": token, "error": error["error"]})
                return JSONResponse(error)
            self.sent.append({**body, "token": token})
        return JSONResponse({"error": 0, "message": "Success",
                             "data": {"message_id": f"oa-msg-{next(self._counter)}", "user_id": user_id}})

    async def _refresh(self, request: Request) -> JSONResponse:
        form = dict(await request.form())
        secret = request.headers.get("secret_key", "")
        if self.refresh_delay:
            time.sleep(self.refresh_delay)   # blocking on purpose: concurrent refreshes overlap
        with self._lock:
            self.refreshes.append(form)
            token = form.get("refresh_token", "")
            if secret != self.app_secret_key or form.get("app_id") != self.app_id:
                return JSONResponse({"error": -14002, "error_name": "Invalid app", "error_description": "bad secret"})
            if form.get("grant_type") != "refresh_token" or not self.refresh_tokens.get(token):
                return JSONResponse({"error": -14014, "error_name": "Invalid refresh token",
                                     "error_description": "refresh token is invalid or already used"})
            self.refresh_tokens[token] = False   # single use
            n = next(self._token_counter)
            access, refresh = f"at-{n}", f"rt-{n}"
            self.access_tokens[access] = True
            self.refresh_tokens[refresh] = True
        return JSONResponse({"access_token": access, "refresh_token": refresh, "expires_in": str(self.expires_in)})


def text_event(user_id: str, msg_id: str, text: str, app_id: str = "4242424242", timestamp: int | None = None) -> dict:
    return {"app_id": app_id, "user_id_by_app": "app-" + user_id, "event_name": "user_send_text",
            "timestamp": str(timestamp or int(time.time() * 1000)), "sender": {"id": user_id},
            "recipient": {"id": "oa-1"}, "message": {"msg_id": msg_id, "text": text}}


def attachment_event(user_id: str, msg_id: str, event_name: str, payload: dict,
                     app_id: str = "4242424242", text: str | None = None) -> dict:
    kind = event_name.removeprefix("user_send_")
    message = {"msg_id": msg_id, "attachments": [{"type": kind, "payload": payload}]}
    if text:
        message["text"] = text
    return {"app_id": app_id, "event_name": event_name, "timestamp": str(int(time.time() * 1000)),
            "sender": {"id": user_id}, "recipient": {"id": "oa-1"}, "message": message}


def follow_event(user_id: str, name: str = "follow", app_id: str = "4242424242") -> dict:
    return {"app_id": app_id, "event_name": name, "timestamp": str(int(time.time() * 1000)),
            "oa_id": "oa-1", "follower": {"id": user_id}, "source": "oa_profile"}
