"""The public web chat: POST /api/v1/chat, one citizen message in, the bot's replies out.

Sessions (api/web_session.py): a call without `X-Session-Token` starts a conversation and
the answer carries its `sender_id` and `session_token`; every later call sends the token
in the `X-Session-Token` header. Test clients and evaluation tools use this same path.

Rasa down: the message is kept in the persisted inbox (connectors/web/inbox.py, reached as
`app.state.channels.web`) and the answer is 202 with `queued: true` and a polite reply; the
bot's answer comes later over the push WebSocket, in order with the conversation's next ones.
"""
import logging
import re
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api import web_session
from api.conversation import ConversationRouter
from api.deps import ServicesDep
from api.rate_limit import SLOW_DOWN, RateLimiter
from core.db import Database
from core.rasa_client import InvalidSenderId, RasaUnavailable
from core.schemas import BotMessage, ChatRequest, ChatResponse
from domain.handoff.service import get_conversation

router = APIRouter(prefix="/api/v1", tags=["chat"])
SURROGATES = re.compile("[\ud800-\udfff]")
log = logging.getLogger(__name__)

NEED_TOKEN = ("This conversation already exists: send its session token in the X-Session-Token header, "
              "or start a new conversation without a sender_id.")
BAD_TOKEN = "The session token does not belong to this sender_id."
CHANNEL_ONLY = "telegram: and zalo: conversations are reachable only through their verified webhooks."
BAD_ID = "sender_id may hold only letters, digits, '-', '_' and '.' (at most 128, starting with a letter or digit)."
TOO_MANY_SESSIONS = "Too many new conversations from this address: try again in a minute."
ERRORS = {429: {"description": "too many new conversations from one address"}, 401: {"description": "a session token is missing or wrong for an existing conversation"},
          403: {"description": "a Telegram / Zalo conversation id (reachable only through its webhook)"},
          202: {"description": "Rasa is down (or an earlier kept message waits): the message is kept, `queued` is "
                               "true, and the bot's answer comes over the push WebSocket /ws/chat/{sender_id}"},
          503: {"description": "Rasa is down and the message could not be kept: try again in a few minutes"}}
BUSY = "Dạ, hệ thống đang bận hoặc đang khởi động. Anh/chị thử lại sau ít phút nhé."
QUEUED = ("Dạ, hệ thống đang bận. Em đã ghi lại tin nhắn và sẽ trả lời anh/chị ngay tại đây khi hệ thống "
          "sẵn sàng, anh/chị không cần gửi lại ạ.")


def clean_text(text: str) -> str:
    """What can be stored and sent on: no NUL, lone surrogates replaced."""
    return SURROGATES.sub("\ufffd", text.replace("\x00", ""))


def _exists(db: Database, sender_id: str) -> bool:
    with db.session() as session:
        return get_conversation(session, sender_id) is not None


def _channel(session: Session, sender_id: str) -> str:
    """The channel recorded for the conversation (a stand-in's `channel` holds for later calls)."""
    conversation = get_conversation(session, sender_id)
    return conversation.channel if conversation is not None and conversation.channel else "web"


def _channel_and_kept(request: Request, db: Database, sender_id: str, channel: str | None) -> tuple[str, bool]:
    """The conversation's channel and whether a kept message of it still waits (one thread hop,
    one transaction when the inbox keeps its messages in this database)."""
    kept = _kept(request)
    with db.session() as session:
        channel = channel or _channel(session, sender_id)
        if kept is None:
            return channel, False
        return channel, kept.has_pending(sender_id, session if kept.db is db else None)


def _limiter(request: Request, name: str, per_minute: int) -> RateLimiter:
    limiter = getattr(request.app.state, name, None)
    if limiter is None:
        limiter = RateLimiter(per_minute)
        setattr(request.app.state, name, limiter)
    return limiter


async def _session(body: ChatRequest, token: str | None, services) -> str:
    """The sender id this caller may use (raises 401/403/422 otherwise)."""
    settings = services.settings
    sender_id = body.sender_id
    if token is not None:
        if not sender_id or not web_session.token_matches(settings, sender_id, token):
            raise HTTPException(401, BAD_TOKEN)
        return sender_id
    if sender_id is None:
        return web_session.new_sender_id()
    if web_session.is_channel_id(sender_id):
        raise HTTPException(403, CHANNEL_ONLY)
    if not web_session.is_web_id(sender_id):
        raise HTTPException(422, BAD_ID)
    if await run_in_threadpool(_exists, services.db, sender_id):
        raise HTTPException(401, NEED_TOKEN)
    return sender_id


async def _keep(request: Request, response: Response, sender_id: str, text: str, channel: str,
                inbound_id: int | None = None, behind: bool = False) -> ChatResponse:
    """Rasa is down (or an earlier kept message waits): keep the message, answer 202 politely."""
    kept = getattr(getattr(request.app.state, "channels", None), "web", None)
    if kept is None:   # no persisted inbox in this process: the citizen must send again
        raise HTTPException(503, BUSY)
    await run_in_threadpool(kept.keep, sender_id, text, channel, inbound_id, behind)
    response.status_code = 202
    settings = request.app.state.services.settings
    return ChatResponse(sender_id=sender_id, session_token=web_session.token_for(settings, sender_id),
                        messages=[BotMessage(text=QUEUED)], queued=True)


def _kept(request: Request):
    """The web chat's persisted inbox (connectors/web/inbox.py), when this process has one."""
    return getattr(getattr(request.app.state, "channels", None), "web", None)


@router.post("/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, services: ServicesDep, request: Request, response: Response,
               x_session_token: Annotated[str | None, Header(description="the conversation's session token")] = None,
               ) -> ChatResponse:
    """One citizen message in, the bot's replies (text and buttons) out.

    Start a conversation by posting without `X-Session-Token` (with no `sender_id`, or a fresh
    one you chose); the answer returns `sender_id` and `session_token`. Send that token in the
    `X-Session-Token` header with every later message of the conversation. `channel` records
    the conversation's real channel for tests and channel stand-ins (default `web`).

    While Rasa is down the message is not lost: the answer is **202** with `queued: true` and a
    polite reply; the bot's answer is pushed later over `/ws/chat/{sender_id}?token=…` (kind
    `bot_reply`, also on the next connection until acknowledged). Later messages of the
    conversation get 202 too until the kept ones are answered, so answers keep their order.
    """
    settings = services.settings
    if x_session_token is None and not _limiter(request, "chat_session_limiter", settings.chat_new_sessions_per_minute
                                                ).allow(request.client.host if request.client else "-"):
        raise HTTPException(429, TOO_MANY_SESSIONS)
    sender_id = await _session(body, x_session_token, services)
    if not _limiter(request, "chat_message_limiter", settings.chat_messages_per_minute).allow(sender_id):
        return ChatResponse(sender_id=sender_id, session_token=web_session.token_for(settings, sender_id),
                            messages=[BotMessage(text=SLOW_DOWN)])
    conversation = ConversationRouter(services.rasa, services.settings.max_message_chars)
    text = clean_text(body.text)
    try:
        channel, kept_before = await run_in_threadpool(_channel_and_kept, request, services.db, sender_id, body.channel)
        if kept_before:   # answered after the earlier ones
            return await _keep(request, response, sender_id, text, channel, behind=True)
        messages = await conversation.handle(sender_id, text, channel=channel)
    except RasaUnavailable as error:
        log.warning("chat: %s; the message is kept and answered when Rasa is back", error)
        return await _keep(request, response, sender_id, text, channel, getattr(error, "inbound_id", None))
    except InvalidSenderId as error:
        raise HTTPException(422, BAD_ID) from error
    return ChatResponse(sender_id=sender_id, session_token=web_session.token_for(services.settings, sender_id),
                        messages=messages)
