"""All channels of one app process: started and stopped by the app's lifespan."""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from starlette.concurrency import run_in_threadpool

from api.conversation import ConversationRouter
from connectors import inbox, store
from connectors.dispatcher import Dispatcher
from connectors.envelope import Envelope
from connectors.handler import EnvelopeHandler, Router
from connectors.handoff import HandoffHook
from connectors.outbox_delivery import OutboxDelivery
from connectors.web.inbox import WebInbox
from core.db import Database
from core.settings import Settings

log = logging.getLogger(__name__)
FORGET_MESSAGE_IDS_AFTER = timedelta(days=14)   # far beyond any platform's retries


def build_router(services) -> Router:
    """The same conversation router the web chat uses (api/routers/chat.py)."""
    return ConversationRouter(services.rasa, services.settings.max_message_chars,
                              db=services.db, settings=services.settings)


class ChannelHub:
    def __init__(self, settings: Settings, db: Database, router: Router, rasa=None) -> None:
        from connectors.telegram.connector import TelegramConnector
        from connectors.zalo.connector import ZaloConnector

        self.settings = settings
        self.db = db
        self._rasa = rasa   # probed while messages wait for it (core.rasa_client.RasaClient)
        self._rasa_seen_down = False
        self.hook = HandoffHook(db, settings.public_base_url)
        self.handler = EnvelopeHandler(router, db, self.hook)
        self.dispatcher = Dispatcher(self.handler)
        # web chat messages kept while Rasa is down (POST /api/v1/chat), answered through the push socket
        self.web = WebInbox(db)
        self.handler.senders["web"] = self.web
        self.telegram = TelegramConnector(settings, db, self.accept) if settings.telegram_bot_token else None
        self.zalo = ZaloConnector(settings, db, self.accept) if settings.zalo_app_id else None
        self.deliveries: list[OutboxDelivery] = []
        self._replayer: asyncio.Task | None = None
        for connector in (self.telegram, self.zalo):
            if connector is not None:
                self.handler.senders[connector.channel] = connector
                self.deliveries.append(OutboxDelivery(connector.channel, db, connector.deliver_outbox,
                                                      settings.channel_outbox_poll_seconds))

    @classmethod
    def from_services(cls, services) -> "ChannelHub":
        return cls(services.settings, services.db, build_router(services), services.rasa)

    async def start(self) -> None:
        pruned = await run_in_threadpool(self._prune)
        if pruned:
            log.info("channels: forgot %d old message ids", pruned)
        for connector in (self.telegram, self.zalo):
            if connector is not None:
                connector.start()
        for delivery in self.deliveries:
            delivery.start()
        self._replayer = asyncio.create_task(self._replay_loop(), name="channels:inbox-replay")
        log.info("channels: web%s%s", " + telegram" if self.telegram else "", " + zalo" if self.zalo else "")

    async def _replay_loop(self) -> None:
        """Hand messages left pending (a crash, Rasa down) to the dispatcher again, in order.
        While messages wait for Rasa, Rasa is asked each round whether it is up: when it comes
        back after being seen down, they are replayed at once instead of at the end of their
        backoff (a message that fails with Rasa up keeps its backoff)."""
        while True:
            try:
                if await self._rasa_is_back():
                    await run_in_threadpool(self._retry_now)
                for envelope in await run_in_threadpool(self._take_due):
                    self.dispatcher.submit(envelope)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - e.g. the database is briefly down: try again later
                log.exception("channels: inbox replay failed")
            await asyncio.sleep(self.settings.channel_inbox_replay_seconds)

    async def _rasa_is_back(self) -> bool:
        if self._rasa is None or not await run_in_threadpool(self._waiting_for_rasa):
            return False
        up = await self._rasa.model_loaded()
        back, self._rasa_seen_down = up and self._rasa_seen_down, not up
        return back

    def _waiting_for_rasa(self) -> bool:
        with self.db.session() as session:
            return inbox.waiting_for_rasa(session)

    def _retry_now(self) -> None:
        with self.db.session() as session:
            if inbox.retry_now(session):
                log.info("channels: Rasa is back; replaying the messages kept while it was down")

    def _take_due(self) -> list[Envelope]:
        with self.db.session() as session:
            return inbox.take_due(session)

    async def stop(self) -> None:
        if self._replayer is not None:
            self._replayer.cancel()
            await asyncio.gather(self._replayer, return_exceptions=True)
        for delivery in self.deliveries:
            await delivery.stop()
        await self.dispatcher.close()
        for connector in (self.telegram, self.zalo):
            if connector is not None:
                await connector.stop()

    def _prune(self) -> int:
        with self.db.session() as session:
            return store.prune_processed(session, FORGET_MESSAGE_IDS_AFTER)

    async def accept(self, envelope: Envelope) -> bool:
        """Claim the platform message id and queue the work; False for a retried delivery.
        Raises when the database is down, so the webhook answers 500 and the platform retries."""
        claimed = await run_in_threadpool(self._claim, envelope)
        if claimed and not envelope.extra.get("queued_behind"):
            self.dispatcher.submit(envelope)
        else:
            log.info("channel %s: %s already handled (retried delivery)", envelope.channel, envelope.platform_message_id)
        return claimed

    def _claim(self, envelope: Envelope) -> bool:
        """True when the message is new and may be handled now (False: a retried delivery, or it
        waits behind an earlier message of the conversation that is being replayed)."""
        with self.db.session() as session:
            if not store.claim_message(session, envelope):
                return False
            if inbox.has_pending_before(session, envelope):
                inbox.queue_behind(session, envelope)
                envelope.extra["queued_behind"] = True
            followed = envelope.extra.get("followed")
            if envelope.command == "unfollow":
                store.set_followed(session, envelope.sender_id, envelope.channel, False)
            else:
                store.touch_contact(session, envelope.sender_id, envelope.channel, envelope.received_at, followed)
            return True
