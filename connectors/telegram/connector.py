"""The Telegram connector: PTB Application (webhook or polling), replies, outbox delivery."""
from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from connectors import payload_map
from connectors.envelope import Envelope
from connectors.handler import Submit
from connectors.outbox_delivery import PermanentFailure, outbox_messages
from connectors.telegram.render import CALLBACK_DATA_LIMIT, TelegramReply, render
from connectors.telegram.updates import CHANNEL, chat_id_of, envelope_from_update
from core.db import Database
from core.outbox.models import OutboxMessage
from core.schemas import BotMessage
from core.settings import Settings

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
SEND_ATTEMPTS = 4
START_RETRY_SECONDS = 30.0


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():   # PTB 22 warns that the type becomes timedelta in v23
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramConnector:
    channel = CHANNEL

    def __init__(self, settings: Settings, db: Database, submit: Submit) -> None:
        self._settings = settings
        self._db = db
        self._submit = submit
        self.polling = not settings.telegram_webhook_url
        base_url = settings.telegram_api_base_url.rstrip("/")
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token)
            .base_url(base_url)
            .base_file_url(base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url)
        )
        if not self.polling:
            builder = builder.updater(None)   # updates arrive at POST /telegram/webhook
        self.application = builder.build()
        self.application.add_handler(TypeHandler(Update, self._on_polled_update))
        self._ready = asyncio.Event()
        self._starter: asyncio.Task | None = None
        self._background: set[asyncio.Task] = set()

    @property
    def bot(self):
        return self.application.bot

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background: the app starts even when Telegram is unreachable."""
        self._starter = asyncio.create_task(self._start_with_retry(), name="telegram:start")

    async def wait_ready(self, timeout: float = 30.0) -> None:
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def _start_with_retry(self) -> None:
        while True:
            try:
                await self._start()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001
                log.warning("telegram: cannot start (%s); retrying in %.0fs", error, START_RETRY_SECONDS)
                await asyncio.sleep(START_RETRY_SECONDS)

    async def _start(self) -> None:
        await self.application.initialize()   # getMe checks the token (a no-op once it succeeded)
        if self.polling:
            await self.application.start()
            await self.application.updater.start_polling(
                timeout=self._settings.telegram_polling_timeout_seconds, allowed_updates=ALLOWED_UPDATES,
            )
            log.info("telegram: polling as @%s", self.bot.username)
        else:
            if not self._settings.telegram_webhook_secret:
                log.error("telegram: TELEGRAM_WEBHOOK_SECRET is empty: /telegram/webhook refuses every update")
            await self.bot.set_webhook(
                self._settings.telegram_webhook_url, secret_token=self._settings.telegram_webhook_secret or None,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("telegram: webhook %s set for @%s", self._settings.telegram_webhook_url, self.bot.username)
        self._ready.set()

    async def stop(self) -> None:
        if self._starter is not None:
            self._starter.cancel()
            await asyncio.gather(self._starter, return_exceptions=True)
        await asyncio.gather(*self._background, return_exceptions=True)
        try:
            if self.application.updater is not None and self.application.updater.running:
                await self.application.updater.stop()
            if self.application.running:
                await self.application.stop()
            await self.application.shutdown()  # a no-op when it never initialized
        except Exception:  # noqa: BLE001 - shutting down anyway
            log.exception("telegram: error while stopping")

    # ---- inbound -------------------------------------------------------------------------

    async def _on_polled_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.accept(update)

    async def accept_json(self, data: dict) -> bool:
        """A webhook body: parsed with PTB, then accepted like a polled update."""
        return await self.accept(Update.de_json(data, self.bot))

    async def accept(self, update: Update) -> bool:
        envelope = envelope_from_update(update)
        if envelope is None:
            return False
        callback_query_id = envelope.extra.get("callback_query_id")
        if callback_query_id:
            envelope = await run_in_threadpool(self._resolve_button, envelope)
            self._spawn(self._answer_callback(callback_query_id))   # stops the button's spinner now
        return await self._submit(envelope)

    def _resolve_button(self, envelope: Envelope) -> Envelope:
        from dataclasses import replace

        with self._db.session() as session:
            payload = payload_map.resolve(session, envelope.payload or "")
        if payload is None:
            return replace(envelope, payload=None, command="expired_button")
        return replace(envelope, payload=payload)

    async def _answer_callback(self, callback_query_id: str) -> None:
        try:
            await self.wait_ready()
            await self.bot.answer_callback_query(callback_query_id)
        except (TelegramError, asyncio.TimeoutError) as error:  # e.g. "query is too old" on a retry
            log.info("telegram: answerCallbackQuery %s: %s", callback_query_id, error)

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # ---- outbound ------------------------------------------------------------------------

    def _render(self, messages: list[BotMessage], sender: str) -> list[TelegramReply]:
        with self._db.session() as session:
            return render(messages, lambda p: payload_map.shorten(session, p, CALLBACK_DATA_LIMIT, owner=sender),
                          self._settings.public_base_url)

    async def send(self, envelope: Envelope, messages: list[BotMessage]) -> None:
        await self.send_to(envelope.sender_id, messages)

    async def send_to(self, sender: str, messages: list[BotMessage]) -> None:
        try:
            chat_id = chat_id_of(sender)
        except (IndexError, ValueError) as error:
            raise PermanentFailure(f"telegram_bad_recipient: mã người nhận không hợp lệ ({sender})") from error
        replies = await run_in_threadpool(self._render, messages, sender)
        await self.wait_ready()
        for reply in replies:
            await self._send_one(chat_id, reply)

    async def _send_one(self, chat_id: int, reply: TelegramReply) -> None:
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self.bot.send_message(chat_id, reply.text, reply_markup=reply.reply_markup)
                return
            except RetryAfter as error:   # flood control: Telegram says how long to wait
                if attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(min(_retry_after_seconds(error), 60.0))
            except Forbidden as error:
                raise PermanentFailure(
                    "telegram_blocked: người dân đã chặn hoặc xóa bot Telegram, không gửi được tin nhắn "
                    f"({error.message})") from error
            except BadRequest as error:
                if "chat not found" in error.message.lower():
                    raise PermanentFailure(
                        "telegram_chat_not_found: không tìm thấy cuộc trò chuyện Telegram của người dân") from error
                raise
            except NetworkError:          # includes TimedOut
                if attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(attempt)

    async def deliver_outbox(self, row: OutboxMessage) -> None:
        await self.send_to(row.recipient_id, outbox_messages(row))

    async def download(self, file_id: str) -> bytes:
        """A citizen's file, for the officer (Telegram keeps it; the bot token fetches it)."""
        await self.wait_ready()
        telegram_file = await self.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())
