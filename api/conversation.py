"""The conversation router: one entry point for every channel.

Who owns the conversation is decided from the database BEFORE Rasa is called: the bot
(Rasa answers), the officer queue or an officer (the message is stored and shown live
in the officer console; Rasa is not called, so the bot never answers). Every message
in and out is logged with what the bot understood (read from Rasa's tracker).
"""
from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import Any

from starlette.concurrency import run_in_threadpool

from api import erasure
from core import metrics
from core.db import Database
from core.rasa_client import RasaClient, RasaUnavailable
from core.schemas import BotMessage, Button
from core.settings import Settings
from domain.feedback.ratings import take_chat_message
from domain.feedback.turns import after_bot_turn
from domain.handoff.models import BOT, ConversationMessage
from domain.handoff.service import owner_of
from domain.handoff.turns import Route, after_turn, before_turn
from domain.handoff.understanding import from_tracker

log = logging.getLogger(__name__)

TOO_LONG_REPLY = (
    "Dạ, tin nhắn dài quá em chưa đọc hết được. Anh/chị viết ngắn lại giúp em, "
    "mỗi lần một câu hỏi nhé."
)
EMPTY_REPLY = "Dạ, em chưa nhận được nội dung. Anh/chị gõ câu hỏi giúp em nhé."
# an officer may read more than the bot, but the log is not a file store
MAX_STORED_CHARS = 8000
# One message of a conversation at a time in this process (FIFO). Rasa takes a conversation's
# turns one by one anyway; this also keeps an erasure from running while a turn of the same
# conversation is in flight, which would write that turn's events back after they were erased.
_SENDER_TURNS: weakref.WeakValueDictionary[tuple[int, str], asyncio.Lock] = weakref.WeakValueDictionary()


def sender_turn(sender_id: str) -> asyncio.Lock:
    """The conversation's lock on this event loop (dropped when no message holds or awaits it)."""
    key = (id(asyncio.get_running_loop()), sender_id)
    lock = _SENDER_TURNS.get(key)
    if lock is None:
        lock = _SENDER_TURNS[key] = asyncio.Lock()
    return lock


def to_messages(replies: list[dict[str, Any]]) -> list[BotMessage]:
    """Rasa REST replies -> channel-neutral messages (text, buttons, link, attachment)."""
    messages: list[BotMessage] = []
    for reply in replies:
        custom = reply.get("custom") or {}
        buttons = [
            Button(title=b.get("title", ""), payload=b.get("payload", b.get("title", "")))
            for b in reply.get("buttons") or []
        ]
        message = BotMessage(
            text=reply.get("text") or custom.get("text"),
            buttons=buttons,
            link=custom.get("link"),
            attachment=reply.get("attachment") or custom.get("attachment") or reply.get("image"),
        )
        if message.text or message.buttons or message.attachment or message.link:
            messages.append(message)
    return messages


def _as_message(reply: dict[str, Any]) -> BotMessage:
    return BotMessage(text=reply.get("text"), buttons=[Button(**b) for b in reply.get("buttons") or []])


def _logged(message: BotMessage) -> dict[str, Any]:
    return {"text": message.text or message.link or message.attachment,
            "buttons": [b.model_dump() for b in message.buttons]}


class ConversationRouter:
    def __init__(self, rasa: RasaClient, max_chars: int, db: Database | None = None,
                 settings: Settings | None = None) -> None:
        self._rasa = rasa
        self._max_chars = max_chars
        self._db = db
        self._settings = settings

    def _services(self) -> tuple[Database, Settings]:
        if self._db is None or self._settings is None:
            from domain.services import current

            services = current()
            self._db = self._db or services.db
            self._settings = self._settings or services.settings
        return self._db, self._settings

    async def handle(self, sender_id: str, text: str, channel: str = "web", *, logged_inbound_id: int | None = None,
                     **options: Any) -> list[BotMessage]:
        """One citizen message in, the replies to show out (possibly none: an officer answers).

        Counted and timed per channel for GET /metrics. When Rasa is down, RasaUnavailable is
        raised with `inbound_id` (the message as logged); a replay passes it back as
        `logged_inbound_id`, so the message is logged once however often it is tried.
        """
        started = time.perf_counter()
        label = channel if channel in ("web", "telegram", "zalo") else "other"
        try:
            async with sender_turn(sender_id):
                replies = await self._answer(sender_id, text, channel, logged_inbound_id, **options)
        finally:
            metrics.MESSAGE_SECONDS.observe(time.perf_counter() - started, channel=label)
        metrics.MESSAGES.inc(channel=label, answered_by="bot" if replies else "officer_or_queue")
        return replies

    async def _answer(self, sender_id: str, text: str, channel: str = "web", logged_inbound_id: int | None = None,
                      **options: Any) -> list[BotMessage]:
        """One citizen message in, the replies to show out (possibly none: an officer answers).

        ``options`` are passed to Rasa as message metadata (e.g. a channel's user info).
        """
        db, settings = self._services()
        if not text.strip():  # nothing to store or forward; only the bot asks again
            owner = await run_in_threadpool(self._owner, db, sender_id)
            return [BotMessage(text=EMPTY_REPLY)] if owner == BOT else []
        erasure_reply = await self._erasure(db, settings, sender_id, text)
        if erasure_reply is not None:
            return [erasure_reply]
        # feedback buttons and the comment after "Chưa đúng" never reach Rasa (same on every channel)
        taken, route = await run_in_threadpool(self._before, db, settings, sender_id, text[:MAX_STORED_CHARS],
                                               channel, logged_inbound_id)
        if taken is not None:
            return [_as_message(r) for r in taken]
        if not route.to_bot:
            return [_as_message(r) for r in route.replies]
        if len(text) > self._max_chars:
            messages, understanding = [BotMessage(text=TOO_LONG_REPLY)], None
        else:
            metadata = {**options, "channel": channel}
            try:
                replies = await self._rasa.send(sender_id, text, metadata=metadata)
            except RasaUnavailable as error:
                error.inbound_id = route.inbound_id   # the message is logged: a replay must not log it again
                raise
            messages = to_messages(replies)
            turn = getattr(replies, "turn", None)     # the turn's tracker, when Rasa sent it with the replies
            understanding = from_tracker(turn) if turn is not None else await self._understanding(sender_id)
        extra = await run_in_threadpool(self._after, db, settings, sender_id, route.inbound_id, messages,
                                        understanding)
        return messages + [_as_message(r) for r in extra]

    async def _erasure(self, db: Database, settings: Settings, sender_id: str, text: str) -> BotMessage | None:
        """"Xóa dữ liệu của tôi": asked once, then everything about the conversation is erased."""
        command = text.strip()
        if command == erasure.CONFIRM:
            counts = await run_in_threadpool(erasure.erase_everything, db, settings, sender_id)
            log.info("erased the data of a conversation on request: %s", counts)
            return BotMessage(text=erasure.DONE)
        if command == erasure.CANCEL:
            return BotMessage(text=erasure.KEPT)
        if erasure.asks_to_erase(text) and await run_in_threadpool(self._owner, db, sender_id) == BOT:
            return _as_message({"text": erasure.ASK, "buttons": erasure.BUTTONS})
        return None

    @staticmethod
    def _owner(db: Database, sender_id: str) -> str:
        with db.session() as session:
            return owner_of(session, sender_id)

    @staticmethod
    def _before(db: Database, settings: Settings, sender_id: str, text: str, channel: str,
                logged_inbound_id: int | None = None) -> tuple[list[dict] | None, Route | None]:
        """One transaction before Rasa: a feedback tap or comment is taken (its replies), else the
        route (who answers). One commit instead of two per message."""
        with db.session() as session:
            taken = take_chat_message(session, sender_id, text, channel)
            if taken is not None:
                return taken, None
            return None, before_turn(session, sender_id, text, channel, inbound_id=logged_inbound_id,
                                     disconnect_timeout=settings.console_disconnect_timeout_seconds)

    @staticmethod
    def _after(db: Database, settings: Settings, sender_id: str, inbound_id: int | None,
               messages: list[BotMessage], understanding: dict | None) -> list[dict]:
        """One transaction after Rasa: the bot's turn logged (and an officer offer), then the
        improvement loop (desk items, the "Hữu ích / Chưa đúng" offer)."""
        if inbound_id is None:
            return []
        with db.session() as session:
            # held here, the citizen's message stays in the session's identity map (weakly keyed):
            # after_bot_turn finds it there instead of reading the same row again
            inbound = session.get(ConversationMessage, inbound_id)  # noqa: F841
            extra = after_turn(session, sender_id, inbound_id, [_logged(m) for m in messages],
                               understanding, failure_threshold=settings.handoff_failed_understandings)
            return extra + after_bot_turn(session, sender_id, inbound_id, understanding)

    async def _understanding(self, sender_id: str) -> dict[str, Any] | None:
        """Intent, entities and filled slots of the turn, from Rasa's tracker."""
        try:
            return from_tracker(await self._rasa.tracker(sender_id))
        except RasaUnavailable as error:  # the answer was given; only the log loses detail
            log.warning("tracker of %s unavailable: %s", sender_id, error)
            return None
