"""Guards every request passes: a body size limit and error answers that never crash.

- `BodySizeLimit`: a body over MAX_REQUEST_BYTES (Content-Length or counted while streaming)
  gets 413 with a JSON `detail` before any handler reads it.
- `validation_error`: FastAPI's 422 echoes the offending input, which may hold NaN,
  Infinity or lone surrogates that JSON cannot carry (a 500); ours gives `loc`, `msg`, `type`.
"""
from __future__ import annotations

import json
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "Request body too large."


class _TooLarge(Exception):
    pass


def _body(detail: Any) -> bytes:
    return json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(send, 413 if length.isdigit() else 400)
            return
        seen = 0
        exceeded = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if not exceeded:  # once over the limit, whatever the handler answers is replaced by 413
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            pass
        if exceeded:
            await self._refuse(send, 413)

    @staticmethod
    async def _refuse(send: Send, status: int) -> None:
        body = _body(TOO_LARGE if status == 413 else "Invalid Content-Length.")
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value[:200])
    if isinstance(value, (int, bool)) or value is None:
        return value
    return _clean(str(value))


async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    details = []
    for item in error.errors()[:20]:
        details.append({"loc": [_clean(part) for part in item.get("loc") or ()],
                        "msg": _clean(item.get("msg", "")), "type": _clean(item.get("type", ""))})
    return JSONResponse({"detail": details}, status_code=422)


async def unreadable_body(request: Request, error: Exception) -> JSONResponse:
    """A body nested too deep, or not text, wherever a handler parses it: 400, not a crash."""
    return JSONResponse({"detail": "Unreadable request body (invalid, not UTF-8 or nested too deep)."},
                        status_code=400)


def install(app: FastAPI, max_request_bytes: int) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(RecursionError, unreadable_body)
    app.add_exception_handler(UnicodeDecodeError, unreadable_body)
    app.add_middleware(BodySizeLimit, max_bytes=max_request_bytes)
