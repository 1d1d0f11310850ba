"""The Zalo OA connector: signed webhook events in, customer-service messages out."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from starlette.concurrency import run_in_threadpool

from connectors import store
from connectors.envelope import Envelope
from connectors.handler import Submit
from connectors.outbox_delivery import PermanentFailure, outbox_messages
from connectors.zalo import signature
from connectors.zalo.client import REPLY_WINDOW_ERRORS, UNREACHABLE_ERRORS, ZaloApiError, ZaloClient
from connectors.zalo.events import CHANNEL, envelope_from_event, user_id_of
from connectors.zalo.render import render
from connectors.zalo.tokens import ZaloTokenError, ZaloTokenStore
from core.db import Database
from core.outbox.models import OutboxMessage
from core.schemas import BotMessage
from core.settings import Settings

log = logging.getLogger(__name__)
TOKEN_CHECK_SECONDS = 600.0


def _vietnam_time(moment: datetime) -> str:
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # noqa: BLE001 - no tz database; Vietnam has no daylight saving
        zone = timezone(timedelta(hours=7))
    return moment.astimezone(zone).strftime("%H:%M ngày %d/%m/%Y")


def window_closed_reason(last_inbound: datetime | None, window: timedelta) -> str:
    """What the officer console shows when Zalo no longer accepts a reply."""
    days = window.total_seconds() / 86400
    limit = f"{days:g} ngày" if days >= 1 else f"{window.total_seconds() / 3600:g} giờ"
    since = f"người dân nhắn lần cuối lúc {_vietnam_time(last_inbound)}, " if last_inbound else ""
    return (f"zalo_reply_window_closed: Không gửi được qua Zalo: {since}đã quá {limit} Zalo cho phép "
            "Official Account trả lời. Hãy liên hệ người dân bằng cách khác (điện thoại) hoặc chờ người dân nhắn lại.")


class ZaloConnector:
    channel = CHANNEL

    def __init__(self, settings: Settings, db: Database, submit: Submit,
                 tokens: ZaloTokenStore | None = None, client: ZaloClient | None = None) -> None:
        self._settings = settings
        self._db = db
        self._submit = submit
        self._window = timedelta(hours=settings.zalo_reply_window_hours)
        self.tokens = tokens or ZaloTokenStore(db, settings)
        self.client = client or ZaloClient(self.tokens, settings.zalo_api_base_url)
        self._keeper: asyncio.Task | None = None

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        self._keeper = asyncio.create_task(self._keep_token_fresh(), name="zalo:token")

    async def _keep_token_fresh(self) -> None:
        """Refresh before expiry even when nobody writes (an unused refresh token dies after months)."""
        while True:
            try:
                await self.tokens.access_token()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - logged; retried next round
                log.warning("zalo: token check failed: %s", error)
            await asyncio.sleep(TOKEN_CHECK_SECONDS)

    async def stop(self) -> None:
        if self._keeper is not None:
            self._keeper.cancel()
            await asyncio.gather(self._keeper, return_exceptions=True)
        await self.client.close()
        self.tokens.close()

    # ---- inbound -------------------------------------------------------------------------

    def verify(self, raw_body: bytes, header: str | None) -> bool:
        return signature.verify(self._settings.zalo_app_id, self._settings.zalo_oa_secret_key, raw_body, header)

    async def accept_event(self, event: dict) -> bool:
        envelope = envelope_from_event(event)
        if envelope is None:
            return False
        if envelope.text and not envelope.attachments:
            envelope = await run_in_threadpool(self._resolve_button, envelope)
        return await self._submit(envelope)

    def _resolve_button(self, envelope: Envelope) -> Envelope:
        """A tapped button arrives as its title: give the router the payload behind it."""
        with self._db.session() as session:
            payload = store.offered_payload(session, envelope.sender_id, envelope.text or "")
        return replace(envelope, payload=payload) if payload is not None else envelope

    # ---- outbound ------------------------------------------------------------------------

    async def send(self, envelope: Envelope, messages: list[BotMessage]) -> None:
        await self.send_to(envelope.sender_id, messages)

    async def send_to(self, sender: str, messages: list[BotMessage]) -> None:
        user_id = user_id_of(sender)
        rendered, offered = render(messages, self._settings.public_base_url)
        if offered:
            await run_in_threadpool(self._remember, sender, offered)
        for message in rendered:
            await self.client.send(user_id, message)

    def _remember(self, sender: str, offered: dict[str, str]) -> None:
        with self._db.session() as session:
            store.remember_buttons(session, sender, CHANNEL, offered)

    def _last_inbound(self, sender: str) -> datetime | None:
        with self._db.session() as session:
            return store.last_inbound(session, sender)

    async def deliver_outbox(self, row: OutboxMessage) -> None:
        """Officer replies and notifications: only inside Zalo's reply window."""
        try:
            user_id_of(row.recipient_id)
        except ValueError as error:
            raise PermanentFailure(f"zalo_bad_recipient: mã người nhận không hợp lệ ({row.recipient_id})") from error
        last = await run_in_threadpool(self._last_inbound, row.recipient_id)
        if last is not None and datetime.now(timezone.utc) - last > self._window:
            raise PermanentFailure(window_closed_reason(last, self._window))
        try:
            await self.send_to(row.recipient_id, outbox_messages(row))
        except ZaloApiError as error:
            if error.code in REPLY_WINDOW_ERRORS:
                raise PermanentFailure(window_closed_reason(last, self._window) + f" (Zalo {error.code})") from error
            if error.code in UNREACHABLE_ERRORS:
                raise PermanentFailure(
                    f"zalo_unreachable: Zalo từ chối gửi tới người dân này ({error.code}: {error.message})") from error
            raise
        except ZaloTokenError as error:
            raise RuntimeError(f"zalo token: {error}") from error   # retried: an admin can fix the tokens
