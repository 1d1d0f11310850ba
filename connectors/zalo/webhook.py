"""Zalo Official Account webhook (POST /zalo/webhook), verified with X-ZEvent-Signature."""
from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request

router = APIRouter(tags=["channels"])
log = logging.getLogger(__name__)


@router.post("/zalo/webhook", include_in_schema=False)
async def zalo_webhook(
    request: Request,
    x_zevent_signature: Annotated[str | None, Header()] = None,
) -> dict:
    """Zalo wants 200 within about 2 s: verify, claim, queue, answer; the reply is sent later."""
    hub = getattr(request.app.state, "channels", None)
    if hub is None or hub.zalo is None:
        raise HTTPException(404, "Zalo is not configured (ZALO_APP_ID)")
    raw = await request.body()
    if not hub.zalo.verify(raw, x_zevent_signature):
        raise HTTPException(401, "invalid X-ZEvent-Signature")
    event = json.loads(raw)   # valid JSON: the signature check parsed it already
    await hub.zalo.accept_event(event)
    return {"error": 0, "message": "ok"}
