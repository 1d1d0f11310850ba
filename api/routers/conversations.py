"""Audit API: the whole trace of one conversation, for authenticated officers only."""
import logging

from fastapi import APIRouter, HTTPException

from api.console.auth import OfficerDep
from api.deps import SessionDep
from domain.handoff.trace import build_trace

router = APIRouter(prefix="/api/v1", tags=["conversations"])
log = logging.getLogger(__name__)


@router.get("/conversations/{sender_id}")
async def conversation_trace(sender_id: str, auth: OfficerDep, session: SessionDep) -> dict:
    """Messages with what the bot understood (intents, entities, procedures, filled fields),
    statuses disclosed, handoffs, notes, drafts and deliveries of one conversation.

    Needs an officer: the console cookie, or `Authorization: Bearer <token>` from
    `python -m api.console create-token USERNAME`.
    """
    trace = build_trace(session, sender_id)
    log.info("officer %s read the trace of %s", auth.officer.username, sender_id)
    if trace is None:
        raise HTTPException(404, "Không có cuộc trò chuyện này.")
    return trace
