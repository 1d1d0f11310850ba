"""What happens to one envelope: router (or a channel reply) first, then the platform's sender."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from connectors import inbox, replies, store
from connectors.envelope import FORWARDABLE_KINDS, Envelope
from connectors.handoff import HandoffHook
from core.db import Database
from core.rasa_client import RasaUnavailable
from core.schemas import BotMessage

log = logging.getLogger(__name__)

# channel commands -> what the conversation router gets
ROUTER_COMMANDS = {"start": "/greet", "human": "/request_human", "reset": "/restart"}


class Router(Protocol):
    # also takes `logged_inbound_id=` (api.conversation.ConversationRouter) when a replay passes one
    async def handle(self, sender_id: str, text: str, channel: str = "web") -> list[BotMessage]: ...


class ReplySender(Protocol):
    async def send(self, envelope: Envelope, messages: list[BotMessage]) -> None: ...


class EnvelopeHandler:
    def __init__(self, router: Router, db: Database, hook: HandoffHook,
                 senders: dict[str, ReplySender] | None = None) -> None:
        self._router = router
        self._db = db
        self._hook = hook
        self.senders: dict[str, ReplySender] = senders or {}

    async def __call__(self, envelope: Envelope) -> None:
        if await run_in_threadpool(self._waits_behind, envelope):
            return   # an earlier message of the conversation waits for Rasa again: answered after it
        status: str | None = "done"
        try:
            messages = await self.messages_for(envelope)
        except RasaUnavailable as error:
            # kept in the persisted inbox and replayed when Rasa is back; the citizen is told once
            log.warning("channel %s: %s; the message will be replayed", envelope.channel, error)
            await run_in_threadpool(self._retry, envelope, getattr(error, "inbound_id", None))
            told = envelope.extra.get("attempt") or envelope.extra.get("busy_told")   # the web chat told it at once
            messages, status = ([] if told else [replies.BUSY_QUEUED]), None
        except Exception:  # noqa: BLE001 - the citizen still gets an answer
            log.exception("channel %s: router failed for %s", envelope.channel, envelope.platform_message_id)
            messages, status = [replies.BUSY], "failed"
        if messages:
            try:
                await self.senders[envelope.channel].send(envelope, messages)
            except Exception:  # noqa: BLE001
                log.exception("channel %s: reply to %s failed", envelope.channel, envelope.platform_message_id)
                status = "failed"
        if status is not None:
            await run_in_threadpool(self._finish, envelope, status)

    def _finish(self, envelope: Envelope, status: str) -> None:
        with self._db.session() as session:
            store.finish_message(session, envelope, status)

    def _waits_behind(self, envelope: Envelope) -> bool:
        with self._db.session() as session:
            return inbox.wait_behind_earlier(session, envelope)

    def _retry(self, envelope: Envelope, inbound_id: int | None = None) -> None:
        with self._db.session() as session:
            inbox.schedule_retry(session, envelope, inbound_id=inbound_id)

    async def messages_for(self, envelope: Envelope) -> list[BotMessage]:
        if envelope.command:
            return await self._command(envelope)
        messages: list[BotMessage] = []
        text = envelope.router_text
        if envelope.attachments:
            attachment_replies, forwarded = await self._attachments(envelope)
            messages += attachment_replies
            if forwarded:
                text = None  # the caption went to the officer with the file
        if text and text.strip():
            messages += await self._route(envelope, text)
        return messages

    async def _route(self, envelope: Envelope, text: str) -> list[BotMessage]:
        # a replayed web chat message keeps its conversation's channel (a stand-in's) and its logged row
        channel = envelope.extra.get("conversation_channel") or envelope.channel
        inbound_id = envelope.extra.get("inbound_id")
        if isinstance(inbound_id, int):
            return await self._router.handle(envelope.sender_id, text, channel, logged_inbound_id=inbound_id)
        return await self._router.handle(envelope.sender_id, text, channel)

    async def _command(self, envelope: Envelope) -> list[BotMessage]:
        command = envelope.command
        if command == "help":
            return [replies.HELP]
        if command == "unfollow":
            return []  # the citizen left: nothing can be sent any more
        if command == "expired_button":
            return [replies.EXPIRED_BUTTON]
        if command in ROUTER_COMMANDS:
            messages = await self._route(envelope, ROUTER_COMMANDS[command])
            if messages or await run_in_threadpool(self._hook.in_handoff, envelope.sender_id):
                return messages   # during a handoff the officer answers, or nobody
            # Rasa's /restart says nothing itself
            return [replies.RESET_DONE if command == "reset" else replies.HELP]
        return [replies.HELP]

    async def _attachments(self, envelope: Envelope) -> tuple[list[BotMessage], bool]:
        """Photos and files reach the officer during a handoff; otherwise explain what works.
        Returns the replies and whether something was forwarded."""
        in_handoff = await run_in_threadpool(self._hook.in_handoff, envelope.sender_id)
        if not in_handoff:
            return [replies.non_text_reply(envelope.attachments[0].kind)], False
        messages, forwarded = [], False
        for attachment in envelope.attachments:
            if attachment.kind in FORWARDABLE_KINDS:
                await run_in_threadpool(self._hook.deliver_attachment, envelope, attachment)
                messages.append(replies.forwarded_to_officer(attachment.kind))
                forwarded = True
            else:
                messages.append(replies.not_forwardable_in_handoff(attachment.kind))
        return messages, forwarded


Submit = Callable[[Envelope], Awaitable[bool]]
