"""Live delivery to the web chat: WebSocket /ws/chat/{sender_id}.

The server pushes the citizen's outbox rows of channel "web" (officer replies, status
notifications, and the bot's answers to messages kept while Rasa was down, kind "bot_reply":
connectors/web/inbox.py) as {"type": "messages", "messages": [...]}; the widget answers
{"type": "ack", "ids": [...]} once it has shown them, and only then are they marked
delivered — rows sent to a widget that closed before acknowledging are sent again on
the next connection. The citizen's own messages still go to POST /api/v1/chat.

The connection needs the conversation's session token (from POST /api/v1/chat) as
`?token=` (browsers cannot set headers on a WebSocket); without it the socket is closed
with 1008 before anything is read or acknowledged.
"""
from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from api import web_session
from connectors.web import push as web_push

router = APIRouter(tags=["channels"])
MAX_SENDER_ID = 128


@router.websocket("/ws/chat/{sender_id}")
async def chat_updates(websocket: WebSocket, sender_id: str) -> None:
    settings = websocket.app.state.services.settings
    token = websocket.query_params.get("token")
    if not 0 < len(sender_id) <= MAX_SENDER_ID or not web_session.token_matches(settings, sender_id, token):
        await websocket.close(code=1008)
        return
    await websocket.accept()
    services = websocket.app.state.services
    db, poll = services.db, services.settings.web_push_poll_seconds
    sent: set[int] = set()
    receiver: asyncio.Task | None = None   # the widget's next message (acks, pings)
    try:
        while True:
            rows = await run_in_threadpool(web_push.pending_for, db, sender_id)
            fresh = [row for row in rows if row["id"] not in sent]
            if fresh:
                await websocket.send_json({"type": "messages", "messages": fresh})
                sent.update(row["id"] for row in fresh)
            if receiver is None:
                receiver = asyncio.ensure_future(websocket.receive_json())
            done, _ = await asyncio.wait({receiver}, timeout=poll)
            if not done:
                continue
            data, receiver = receiver.result(), None   # raises WebSocketDisconnect when the widget left
            if not isinstance(data, dict):
                continue
            if data.get("type") == "ack":
                raw = data.get("ids")
                ids = [int(i) for i in (raw if isinstance(raw, list) else [])[:1000]
                       if isinstance(i, (int, str)) and str(i).isdigit() and len(str(i)) < 19]
                await run_in_threadpool(web_push.mark_delivered, db, sender_id, ids)
            elif data.get("type") == "ping":
                await websocket.send_json({"type": "pong"})
    except (WebSocketDisconnect, ValueError):   # gone, or sent something that is not JSON
        pass
    finally:
        if receiver is not None:
            receiver.cancel()
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):   # already closed by the widget
            await websocket.close()
