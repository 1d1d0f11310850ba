"""Telegram webhook (POST /telegram/webhook) and officer downloads of files citizens sent."""
from __future__ import annotations

import hmac
import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from connectors.models import ChannelAttachment

router = APIRouter(tags=["channels"])
log = logging.getLogger(__name__)


def _connector(request: Request):
    hub = getattr(request.app.state, "channels", None)
    if hub is None or hub.telegram is None:
        raise HTTPException(404, "Telegram is not configured (TELEGRAM_BOT_TOKEN)")
    return hub.telegram


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(
    request: Request,
    x_telegram_bot_api_secret_token: Annotated[str | None, Header()] = None,
) -> dict:
    """Telegram posts each update here; answered at once, handled in the background."""
    connector = _connector(request)
    secret = request.app.state.services.settings.telegram_webhook_secret
    given = x_telegram_bot_api_secret_token or ""
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        raise HTTPException(401, "invalid X-Telegram-Bot-Api-Secret-Token")
    try:
        data = await request.json()
    except ValueError as error:
        raise HTTPException(400, "body is not JSON") from error
    try:
        await connector.accept_json(data)
    except (KeyError, TypeError, ValueError) as error:   # an update PTB cannot read: retrying will not help
        log.warning("telegram: unreadable update %s: %s", data.get("update_id") if isinstance(data, dict) else "?", error)
    return {"ok": True}


@router.get("/telegram/files/{download_key}", include_in_schema=False)
async def telegram_file(download_key: str, request: Request) -> Response:
    """A photo or file a citizen sent during a handoff (the link is shown to the officer only)."""
    connector = _connector(request)
    db = request.app.state.services.db

    def lookup() -> ChannelAttachment | None:
        with db.session() as session:
            row = session.query(ChannelAttachment).filter_by(download_key=download_key, channel="telegram").one_or_none()
            if row is not None:
                session.expunge(row)
            return row

    row = await run_in_threadpool(lookup)
    if row is None or not row.file_id:
        raise HTTPException(404, "Không tìm thấy tệp")
    content = await connector.download(row.file_id)
    name = row.name or (f"anh-{row.id}.jpg" if row.kind == "photo" else f"tep-{row.id}")
    return Response(content, media_type=row.mime_type or "application/octet-stream",
                    headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})
