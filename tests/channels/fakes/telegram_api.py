"""A stand-in Telegram Bot API server: records requests, answers in Telegram's JSON format.

PTB is pointed at it with Application.builder().base_url("http://127.0.0.1:PORT/bot").
PTB sends parameters form-encoded, nested objects (reply_markup) as JSON strings.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Trợ lý DVC", "username": "dvc_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
JSON_FIELDS = {"reply_markup", "allowed_updates", "link_preview_options", "entities"}


@dataclass
class Call:
    token: str
    method: str
    params: dict


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-token"
    calls: list[Call] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)       # served by getUpdates
    failures: dict[str, list[dict]] = field(default_factory=dict)  # method -> queued error bodies
    files: dict[str, bytes] = field(default_factory=dict)   # file_id -> content
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- test helpers ---------------------------------------------------------------------

    def of(self, method: str) -> list[dict]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def fail_next(self, method: str, code: int, description: str, retry_after: int | None = None) -> None:
        body = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self.failures.setdefault(method, []).append(body)

    def queue_update(self, update: dict) -> None:
        with self._lock:
            self.updates.append(update)

    # ---- the server -----------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
        ])

    async def _params(self, request: Request) -> dict:
        if request.headers.get("content-type", "").startswith("application/json"):
            return await request.json()
        form = await request.form()
        params = {}
        for key, value in form.items():
            value = str(value)
            params[key] = json.loads(value) if key in JSON_FIELDS else value
        return params

    async def _method(self, request: Request) -> Response:
        token, method = request.path_params["token"], request.path_params["method"]
        params = await self._params(request)
        with self._lock:
            self.calls.append(Call(token, method, params))
        if token != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        queued = self.failures.get(method)
        if queued:
            body = queued.pop(0)
            return JSONResponse(body, status_code=body["error_code"])
        handler = getattr(self, "_" + method, None)
        if handler is None:
            return JSONResponse({"ok": True, "result": True})
        return JSONResponse({"ok": True, "result": await handler(params)})

    async def _getMe(self, params: dict):  # noqa: N802 - Telegram's method names
        return BOT_USER

    async def _sendMessage(self, params: dict):  # noqa: N802
        return {"message_id": next(self._ids), "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"}, "from": BOT_USER,
                "text": params.get("text", "")}

    async def _getUpdates(self, params: dict):  # noqa: N802
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.3)
        while True:
            with self._lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.02)

    async def _getFile(self, params: dict):  # noqa: N802
        file_id = params["file_id"]
        return {"file_id": file_id, "file_unique_id": "u-" + file_id, "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}.bin"}

    async def _file(self, request: Request) -> Response:
        file_id = request.path_params["path"].rsplit("/", 1)[-1].removesuffix(".bin")
        if file_id not in self.files:
            return Response(status_code=404)
        return Response(self.files[file_id], media_type="application/octet-stream")


# ---- updates as Telegram sends them -------------------------------------------------------------

_update_ids = itertools.count(1000)


def user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Dân", "language_code": "vi"}


def chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Dân"}


def message_update(chat_id: int, message_id: int, text: str | None = None, update_id: int | None = None,
                   **extra) -> dict:
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat(chat_id), "from": user(chat_id)}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    message.update(extra)
    return {"update_id": update_id or next(_update_ids), "message": message}


def callback_update(chat_id: int, query_id: str, data: str, message_id: int = 1) -> dict:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": query_id, "from": user(chat_id), "chat_instance": "ci-1", "data": data,
        "message": {"message_id": message_id, "date": int(time.time()), "chat": chat(chat_id),
                    "from": BOT_USER, "text": "…"},
    }}


def photo_update(chat_id: int, message_id: int, file_id: str = "photo-big", caption: str | None = None) -> dict:
    photo = [
        {"file_id": "photo-small", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": file_id, "file_unique_id": "b", "width": 1280, "height": 960},
    ]
    extra = {"photo": photo}
    if caption:
        extra["caption"] = caption
    return message_update(chat_id, message_id, **extra)
