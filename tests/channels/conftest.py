"""Fixtures of the channel tests: stand-in Telegram, Zalo and Rasa servers on 127.0.0.1,
and the real app wired to them (webhooks through FastAPI, real PTB/httpx clients)."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from connectors.zalo.signature import sign
from core.settings import Settings
from tests.channels.fakes.rasa_api import FakeRasa
from tests.channels.fakes.server import ServerThread
from tests.channels.fakes.telegram_api import FakeTelegram
from tests.channels.fakes.zalo_api import FakeZalo
from tests.db.conftest import database  # noqa: F401 - SQLite and PostgreSQL

TELEGRAM_SECRET = "s3cret-Webhook_token"
ZALO_OA_SECRET = "oa-secret-key"


@pytest.fixture
def fake_telegram():
    fake = FakeTelegram()
    with ServerThread(fake.app()) as server:
        fake.base_url = f"{server.url}/bot"
        yield fake


@pytest.fixture
def fake_zalo():
    fake = FakeZalo()
    with ServerThread(fake.app()) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def fake_rasa():
    fake = FakeRasa()
    with ServerThread(fake.app()) as server:
        fake.url = server.url
        yield fake


def make_settings(tmp_path, fake_rasa, fake_telegram=None, fake_zalo=None, **overrides) -> Settings:
    values = {
        "database_url": f"sqlite:///{tmp_path / 'app.db'}",
        "rasa_url": fake_rasa.url,
        "rasa_timeout_seconds": 10,
        "cache_dir": tmp_path / "cache",
        # officers "always on duty", so handoff tests do not depend on the clock
        "office_hours": "00:00-23:59", "office_days": "mon-sun",
        "channel_outbox_poll_seconds": 0.1, "web_push_poll_seconds": 0.1,
        "public_base_url": "https://dvc.example.gov.vn",
    }
    if fake_telegram is not None:
        values.update(telegram_bot_token=fake_telegram.token, telegram_api_base_url=fake_telegram.base_url,
                      telegram_webhook_url="https://dvc.example.gov.vn/telegram/webhook",
                      telegram_webhook_secret=TELEGRAM_SECRET, telegram_polling_timeout_seconds=1)
    if fake_zalo is not None:
        values.update(zalo_app_id=fake_zalo.app_id, zalo_app_secret_key=fake_zalo.app_secret_key,
                      zalo_oa_secret_key=ZALO_OA_SECRET, zalo_access_token="at-0", zalo_refresh_token="rt-0",
                      zalo_api_base_url=fake_zalo.url, zalo_oauth_base_url=fake_zalo.url)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def no_warm_up(monkeypatch):
    """The knowledge warm-up loads the embedding model: not needed to test channels."""
    from domain.services import Services

    monkeypatch.setattr(Services, "warm_up", lambda self: None)


def start_app(settings: Settings) -> TestClient:
    from main import create_app

    return TestClient(create_app(settings))


def zalo_post(client: TestClient, event: dict, secret: str = ZALO_OA_SECRET, app_id: str | None = None):
    raw = json.dumps(event, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json",
               "X-ZEvent-Signature": sign(app_id or event["app_id"], raw, secret)}
    return client.post("/zalo/webhook", content=raw, headers=headers)


def telegram_post(client: TestClient, update: dict, secret: str | None = TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/telegram/webhook", json=update, headers=headers)
