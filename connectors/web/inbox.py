"""The web chat's share of the persisted inbox (connectors/inbox.py).

POST /api/v1/chat answers synchronously while Rasa is up. When Rasa is down, the message is
kept here instead of dropped (the citizen is told at once, HTTP 202), replayed by the channel
hub's replayer like a Telegram or Zalo message, and its answer is written to the web outbox,
which the push WebSocket /ws/chat/{sender_id} delivers to the widget (again on the next
connection until the widget acknowledges it). While a conversation has a kept message, its
later messages are kept behind it, so answers come in the order the citizen wrote.

The router (api layer) reaches this through `app.state.channels.web`, never by import.
"""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from connectors import inbox, store
from connectors.envelope import Envelope
from connectors.models import ProcessedMessage
from core import outbox
from core.db import Database
from core.schemas import BotMessage

CHANNEL = "web"
BOT_REPLY = "bot_reply"   # outbox kind of an answer to a kept message
MAX_KEPT_CHARS = 8000     # as much as the conversation log keeps (longer texts are refused anyway)


class WebInbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def db(self) -> Database:
        return self._db

    def has_pending(self, sender_id: str, session: Session | None = None) -> bool:
        """Whether a kept message of this conversation still waits for its answer (blocking); in
        the caller's transaction when given one (on this inbox's database), else in its own."""
        if session is None:
            with self._db.session() as own:
                return self.has_pending(sender_id, own)
        return session.scalar(select(ProcessedMessage.id).where(
            ProcessedMessage.channel == CHANNEL, ProcessedMessage.sender_id == sender_id,
            ProcessedMessage.status.in_(inbox.PENDING)).limit(1)) is not None

    def keep(self, sender_id: str, text: str, channel: str = CHANNEL, inbound_id: int | None = None,
             behind: bool = False) -> str:
        """Persist a message to be answered later (blocking); returns its id in the inbox.

        `behind`: it waits for an earlier kept message (due at once, but replayed after it);
        otherwise Rasa was down and the replay backs off. `channel` is the conversation's
        channel for the trace (a stand-in's), `inbound_id` the message as already logged."""
        envelope = Envelope(channel=CHANNEL, sender_id=sender_id, platform_message_id=f"web-{uuid.uuid4().hex}",
                            text=text[:MAX_KEPT_CHARS],
                            extra={"busy_told": True, "conversation_channel": channel, "inbound_id": inbound_id})
        with self._db.session() as session:
            store.claim_message(session, envelope)
            if behind:
                inbox.queue_behind(session, envelope)
            else:
                inbox.schedule_retry(session, envelope)
        return envelope.platform_message_id

    async def send(self, envelope: Envelope, messages: list[BotMessage]) -> None:
        """The answer of a replayed message: into the web outbox, in the same transaction that
        marks the message answered, so it is pushed exactly once."""
        await run_in_threadpool(self._answer, envelope, messages)

    def _answer(self, envelope: Envelope, messages: list[BotMessage]) -> None:
        with self._db.session() as session:
            for message in messages:
                outbox.enqueue(session, CHANNEL, envelope.sender_id, BOT_REPLY, {
                    "from": "bot", "text": message.text, "buttons": [b.model_dump() for b in message.buttons],
                    "link": message.link, "attachment": message.attachment})
            store.finish_message(session, envelope, "done")
