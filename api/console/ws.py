"""Live console channel (WebSocket /console/ws).

Server -> console: every live event (new message in any conversation, owner changes,
queue changes, notes). Console -> server: {"type": "send", "sender_id", "text"} sends an
officer reply; {"type": "ping"} is answered with {"type": "pong"}.

While the socket is open the officer counts as present (last_seen_at is refreshed);
when it closes, their conversations go back to the queue after the disconnect timeout.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from api.console.accounts import resolve
from api.console.auth import same_origin, token_of
from domain.handoff import officers, service
from domain.handoff.live import hub
from domain.handoff.messages import message_json

router = APIRouter()
log = logging.getLogger(__name__)
MAX_TEXT = 4000


def _check(db, token: str | None, idle: timedelta) -> int | None:
    """The officer id of a live session, refreshing their presence; None when it ended."""
    with db.session() as session:
        found = resolve(session, token, idle)
        if found is None:
            return None
        officers.touch_officer(session, found.officer.id)
        return found.officer.id


def _reply(db, officer_id: int, sender_id: str, text: str) -> dict:
    with db.session() as session:
        from domain.handoff.models import Officer

        officer = session.get(Officer, officer_id)
        message = officers.officer_reply(session, sender_id, officer, text)
        return message_json(message)


async def _forward(websocket: WebSocket, queue: asyncio.Queue) -> None:
    while True:
        await websocket.send_json(await queue.get())


async def _heartbeat(websocket: WebSocket, db, token: str | None, idle: timedelta, every: float) -> None:
    """Keep the officer present; close the socket when their session expires or is revoked."""
    while True:
        await asyncio.sleep(every)
        if await run_in_threadpool(_check, db, token, idle) is None:
            await websocket.close(code=4401)
            return


@router.websocket("/console/ws")
async def console_socket(websocket: WebSocket) -> None:
    services = websocket.app.state.services
    settings = services.settings
    idle = timedelta(minutes=settings.console_session_idle_minutes)
    token, _ = token_of(websocket)
    if not same_origin(websocket):  # another site cannot open the socket with the officer's cookie
        await websocket.close(code=4403)
        return
    officer_id = await run_in_threadpool(_check, services.db, token, idle)
    if officer_id is None:
        await websocket.close(code=4401)
        return
    await websocket.accept()
    queue = hub.subscribe()
    every = max(1.0, min(15.0, settings.console_disconnect_timeout_seconds / 4))
    tasks = [asyncio.create_task(_forward(websocket, queue)),
             asyncio.create_task(_heartbeat(websocket, services.db, token, idle, every))]
    try:
        await websocket.send_json({"type": "hello", "officer_id": officer_id})
        while True:
            data = await websocket.receive_json()
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "ping":
                await websocket.send_json({"type": "pong"})
            elif kind == "send":
                await _send(websocket, services.db, officer_id, data)
    except (WebSocketDisconnect, RuntimeError, ValueError):
        pass  # closed by the browser, the network, or a malformed frame
    finally:
        hub.unsubscribe(queue)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        # the disconnect timeout counts from now
        with contextlib.suppress(Exception):
            await run_in_threadpool(_touch, services.db, officer_id)


def _touch(db, officer_id: int) -> None:
    with db.session() as session:
        officers.touch_officer(session, officer_id)


async def _send(websocket: WebSocket, db, officer_id: int, data: dict) -> None:
    text = str(data.get("text") or "").strip()[:MAX_TEXT]
    sender_id = str(data.get("sender_id") or "")
    if not text or not sender_id:
        return
    try:
        message = await run_in_threadpool(_reply, db, officer_id, sender_id, text)
    except (LookupError, service.HandoffConflict) as error:
        await websocket.send_json({"type": "error", "sender_id": sender_id, "detail": str(error) or "not found"})
        return
    await websocket.send_json({"type": "sent", "sender_id": sender_id, "client_id": data.get("client_id"),
                               "message_id": message["id"]})
