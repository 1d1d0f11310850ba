"""The officer console: the page at /console and its JSON API under /console/api."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.console.accounts import check_password, open_session, revoke
from api.console.auth import COOKIE, OfficerDep, same_origin, token_of
from api.console.canned import load_canned
from api.deps import SessionDep, SettingsDep
from core.outbox import pending
from domain.handoff import officers, service
from domain.handoff.queue import console_lists
from domain.handoff.timeutil import iso
from domain.handoff.trace import build_trace

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"console.js": "text/javascript", "console.css": "text/css"}
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


async def _sweep_forever(app: FastAPI) -> None:
    """Give back the conversations of officers whose console went away (disconnect timeout)."""
    services = app.state.services
    timeout = services.settings.console_disconnect_timeout_seconds
    while True:
        await asyncio.sleep(max(1.0, min(10.0, timeout / 4)))
        try:
            released = await run_in_threadpool(_sweep, services.db, timeout)
            if released:
                log.info("returned %d conversation(s) of disconnected officers to the queue", len(released))
        except Exception:  # noqa: BLE001 - keep sweeping after a database hiccup
            log.exception("disconnect sweep failed")


def _sweep(db, timeout: float) -> list[str]:
    with db.session() as session:
        return officers.release_stale(session, timeout)


@asynccontextmanager
async def lifespan(app: FastAPI):
    task = asyncio.create_task(_sweep_forever(app))
    try:
        yield
    finally:
        task.cancel()


router = APIRouter(prefix="/console", tags=["officer console"], lifespan=lifespan)


class LoginBody(BaseModel):
    username: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=256)


class TextBody(BaseModel):
    text: str = Field(..., min_length=1, max_length=4000)


def _officer_json(officer) -> dict:
    return {"id": officer.id, "username": officer.username, "name": officer.display_name}


@router.get("", include_in_schema=False)
async def console_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)


@router.get("/static/{name}", include_in_schema=False)
async def console_static(name: str) -> FileResponse:
    if name not in STATIC_FILES:
        raise HTTPException(404)
    return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})


@router.post("/api/login")
async def login(body: LoginBody, request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    if not same_origin(request):
        raise HTTPException(403, "Yêu cầu không hợp lệ.")
    officer = await run_in_threadpool(check_password, session, body.username, body.password)
    if officer is None:  # returned, not raised: the failed-login count must be committed
        log.info("console login failed for %r", body.username[:64])
        return JSONResponse({"detail": "Sai tên đăng nhập hoặc mật khẩu (hoặc tài khoản đang tạm khoá)."},
                            status_code=401)
    lifetime = timedelta(minutes=settings.console_session_minutes)
    token, row = open_session(session, officer, lifetime)
    response = JSONResponse({"officer": _officer_json(officer), "csrf_token": row.csrf_token})
    response.set_cookie(COOKIE, token, max_age=int(lifetime.total_seconds()), httponly=True, samesite="strict",
                        secure=settings.console_cookie_secure, path="/")
    log.info("officer %s logged in", officer.username)
    return response


@router.post("/api/logout")
async def logout(request: Request, auth: OfficerDep, session: SessionDep) -> Response:
    revoke(session, token_of(request)[0])
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/api/me")
async def me(auth: OfficerDep) -> dict:
    return {"officer": _officer_json(auth.officer), "csrf_token": auth.session.csrf_token,
            "expires_at": iso(auth.session.expires_at)}


@router.get("/api/queue")
async def queue(auth: OfficerDep, session: SessionDep) -> dict:
    return console_lists(session, auth.officer.id)


@router.get("/api/canned")
async def canned(auth: OfficerDep, settings: SettingsDep) -> list[dict]:
    return load_canned(settings.console_canned_replies)


@router.get("/api/conversations/{sender_id}")
async def conversation(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    trace = build_trace(session, sender_id)
    if trace is None:
        raise HTTPException(404, "Không có cuộc trò chuyện này.")
    return trace


@router.get("/api/conversations/{sender_id}/outbox")
async def outbox_pending(sender_id: str, auth: OfficerDep, session: SessionDep) -> list[dict]:
    """Messages queued for the citizen and not yet delivered by their channel."""
    conversation = service.get_conversation(session, sender_id)
    if conversation is None:
        raise HTTPException(404, "Không có cuộc trò chuyện này.")
    return [{"id": m.id, "kind": m.kind, "payload": m.payload}
            for m in pending(session, conversation.channel, sender_id)]


def _act(action, session, sender_id: str, auth, *args):
    try:
        return action(session, sender_id, auth.officer, *args)
    except LookupError as error:
        raise HTTPException(404, "Không có cuộc trò chuyện này.") from error
    except service.HandoffConflict as error:
        raise HTTPException(409, str(error)) from error


@router.post("/api/conversations/{sender_id}/take")
async def take(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    _act(officers.take_over, session, sender_id, auth)
    log.info("officer %s took over %s", auth.officer.username, sender_id)
    return {"ok": True}


@router.post("/api/conversations/{sender_id}/messages")
async def send(sender_id: str, body: TextBody, auth: OfficerDep, session: SessionDep) -> dict:
    message = _act(officers.officer_reply, session, sender_id, auth, body.text.strip())
    return {"id": message.id}


@router.post("/api/conversations/{sender_id}/hand-back")
async def hand_back(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    _act(officers.hand_back, session, sender_id, auth)
    log.info("officer %s handed %s back to the bot", auth.officer.username, sender_id)
    return {"ok": True}


@router.post("/api/conversations/{sender_id}/close")
async def close(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    _act(officers.close, session, sender_id, auth)
    return {"ok": True}


@router.post("/api/conversations/{sender_id}/callback-done")
async def callback_done(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    _act(officers.mark_callback_done, session, sender_id, auth)
    return {"ok": True}


@router.post("/api/conversations/{sender_id}/notes")
async def note(sender_id: str, body: TextBody, auth: OfficerDep, session: SessionDep) -> dict:
    _act(officers.add_note, session, sender_id, auth, body.text.strip())
    return {"ok": True}
