"""Handoff fixtures: a migrated database (SQLite and PostgreSQL), a scripted Rasa that runs
the real action_request_human in-process, settings with office hours that are always open
or always closed, and officers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from api.console.accounts import create_officer
from api.conversation import ConversationRouter
from bot.actions.handoff import ActionRequestHuman
from core.settings import Settings
from domain import services as services_module
from domain.services import Services
from tests.db import conftest as db_fixtures

database = db_fixtures.database  # the SQLite + PostgreSQL fixture
PASSWORD = "mat-khau-dai-du-10"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def open_settings(**overrides) -> Settings:
    base = {"office_hours": "00:00-24:00", "office_days": "mon-sun", "handoff_failed_understandings": 2,
            "console_disconnect_timeout_seconds": 120}
    return Settings(**{**base, **overrides})


def closed_settings(**overrides) -> Settings:
    """Office days that never include today (in Vietnam), whatever time the tests run."""
    today = datetime.now(timezone(timedelta(hours=7))).weekday()
    return open_settings(office_days=",".join(d for i, d in enumerate(DAYS) if i != today), **overrides)


class ScriptedRasa:
    """Stands in for the Rasa server: an intent per message, utterances, the real handoff action.

    ``intents`` maps message text -> intent (default "ask_procedure"); ``replies`` maps
    intent -> reply text. request_human runs bot.actions.handoff in-process, as Rasa would
    through the app's /webhook.
    """

    def __init__(self, intents: dict[str, str] | None = None, replies: dict[str, str] | None = None) -> None:
        self.intents = {"/request_human": "request_human", **(intents or {})}
        self.replies = replies or {}
        self.sent: list[tuple[str, str]] = []
        self.latest: dict[str, dict] = {}
        self.slots: dict[str, dict] = {}
        self.tracker_fails = False

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        self.sent.append((sender_id, text))
        intent = self.intents.get(text, "ask_procedure")
        latest = {"text": text, "intent": {"name": intent, "confidence": 0.91}, "entities": [],
                  "metadata": metadata or {}}
        self.latest[sender_id] = latest
        if intent == "request_human":
            dispatcher = CollectingDispatcher()
            tracker = Tracker(sender_id, self.slots.get(sender_id, {}), latest, [], False, None, {}, "action_listen")
            await ActionRequestHuman().run(dispatcher, tracker, {})
            return dispatcher.messages
        return [{"text": self.replies.get(intent, f"Trợ lý trả lời: {text}")}]

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        if self.tracker_fails:
            from core.rasa_client import RasaUnavailable

            raise RasaUnavailable("tracker down")
        return {"sender_id": sender_id, "latest_message": self.latest.get(sender_id, {}),
                "slots": self.slots.get(sender_id, {}), "active_loop": {}}

    def sent_by(self, sender_id: str) -> list[str]:
        return [text for sender, text in self.sent if sender == sender_id]


@pytest.fixture
def rasa() -> ScriptedRasa:
    return ScriptedRasa(intents={"asdkjh": "nlu_fallback", "trời mưa không": "out_of_scope",
                                 "chán quá": "complain", "cảm ơn": "thank"})


@pytest.fixture
def make_router(database, rasa):
    """make_router(settings) -> a ConversationRouter wired like the app (services current)."""
    def make(settings: Settings | None = None) -> ConversationRouter:
        settings = settings or open_settings()
        services_module.set_current(Services(settings=settings, rasa=rasa, db=database))
        return ConversationRouter(rasa, settings.max_message_chars, db=database, settings=settings)

    yield make
    services_module.set_current(None)


@pytest.fixture
def officers(database):
    """Two officers: lan and minh."""
    with database.session() as session:
        lan = create_officer(session, "lan", PASSWORD, "Nguyễn Thị Lan")
        minh = create_officer(session, "minh", PASSWORD, "Trần Văn Minh")
    return lan, minh


def texts(messages) -> list[str]:
    return [m.text or "" for m in messages]
