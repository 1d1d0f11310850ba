"""The same citizen journeys on Telegram, Zalo and the web chat, through the real product.

Starts its own stack (Rasa server + app, own ports: TEST_CHANNELS_APP_PORT /
TEST_CHANNELS_RASA_PORT) with Telegram and Zalo pointed at stand-in servers on 127.0.0.1.
Each channel is driven the way the platform drives it (Telegram webhook updates, signed
Zalo events, POST /api/v1/chat + the WebSocket for the web), and the answers are read
where the citizen would see them (the stand-ins' recorded sendMessage / OA messages).
Officers are simulated with domain.handoff.service on the stack's database.
"""
from __future__ import annotations

import json
import os
import random
import time
import uuid
from types import SimpleNamespace

import httpx
import pytest

from api.stack import Stack
from connectors.models import ChannelAttachment, ProcessedMessage
from connectors.zalo.signature import sign
from core.db import Database
from core.settings import ROOT, Settings
from domain.handoff.models import Conversation, Officer
from domain.handoff.officers import officer_reply, take_over
from tests.channels.fakes.server import ServerThread, wait_until
from tests.channels.fakes.telegram_api import FakeTelegram, callback_update, message_update, photo_update
from tests.channels.fakes.zalo_api import FakeZalo, text_event
from tests.e2e.conftest import chat, session_token

APP_PORT = int(os.environ.get("TEST_CHANNELS_APP_PORT", "8796"))
RASA_PORT = int(os.environ.get("TEST_CHANNELS_RASA_PORT", "5796"))
TELEGRAM_SECRET = "e2e-telegram-secret"
ZALO_OA_SECRET = "e2e-oa-secret"
OWNER_ID = "079203001234"
CHANNELS = ["telegram", "zalo", "web"]


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    var = tmp_path_factory.mktemp("channels-stack")
    telegram, zalo = FakeTelegram(), FakeZalo()
    with ServerThread(telegram.app()) as telegram_server, ServerThread(zalo.app()) as zalo_server:
        env = {
            "APP_PORT": str(APP_PORT), "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
            "DATABASE_URL": f"sqlite:///{var / 'app.db'}", "CACHE_DIR": str(ROOT / "var" / "cache"),
            "DOSSIER_SECRET": f"e2e-{uuid.uuid4().hex}", "ADMIN_API_TOKEN": f"e2e-{uuid.uuid4().hex}",
            "OFFICE_HOURS": "00:00-23:59", "OFFICE_DAYS": "mon-sun",   # officers on duty whenever tests run
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{APP_PORT}",
            "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_BASE_URL": f"{telegram_server.url}/bot",
            "TELEGRAM_WEBHOOK_URL": "https://dvc.example.gov.vn/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "ZALO_APP_ID": zalo.app_id, "ZALO_APP_SECRET_KEY": zalo.app_secret_key,
            "ZALO_OA_SECRET_KEY": ZALO_OA_SECRET, "ZALO_ACCESS_TOKEN": "at-0", "ZALO_REFRESH_TOKEN": "rt-0",
            "ZALO_API_BASE_URL": zalo_server.url, "ZALO_OAUTH_BASE_URL": zalo_server.url,
            "CHANNEL_OUTBOX_POLL_SECONDS": "0.3", "WEB_PUSH_POLL_SECONDS": "0.3",
        }
        settings = Settings(**{k.lower(): v for k, v in env.items()})
        stack = Stack(settings=settings, env=env, log_dir=var / "logs")
        stack.start()
        db = Database(settings.database_url)
        try:
            stack.wait_ready(timeout=600)
            with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORT}", timeout=120) as client:
                yield SimpleNamespace(settings=settings, telegram=telegram, zalo=zalo, db=db, client=client)
        except Exception:
            for log in (var / "logs").glob("*.log"):
                print(f"---- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
            raise
        finally:
            db.dispose()
            stack.stop()


# ---- one citizen per channel, driven the way the platform drives the product -------------------

class Citizen:
    channel: str
    sender_id: str

    def __init__(self, product) -> None:
        self.product = product

    def handled(self, channel: str, message_id: str) -> bool:
        with self.product.db.session() as session:
            row = session.query(ProcessedMessage).filter_by(channel=channel, platform_message_id=message_id).one_or_none()
            return row is not None and row.status != "received"

    def owner(self) -> str | None:
        with self.product.db.session() as session:
            conversation = session.query(Conversation).filter_by(sender_id=self.sender_id).one_or_none()
            return conversation.owner if conversation else None


class TelegramCitizen(Citizen):
    channel = "telegram"

    def __init__(self, product) -> None:
        super().__init__(product)
        self.chat_id = random.randint(10**8, 10**9)
        self.sender_id = f"telegram:{self.chat_id}"
        self.message_ids = iter(range(1, 10**6))
        self.last: list[dict] = []

    def outgoing(self) -> list[dict]:
        return [p for p in self.product.telegram.of("sendMessage") if p["chat_id"] == str(self.chat_id)]

    def _post(self, update: dict, platform_id: str) -> list[str]:
        before = len(self.outgoing())
        response = self.product.client.post("/telegram/webhook", json=update,
                                            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert response.status_code == 200
        wait_until(lambda: self.handled("telegram", platform_id), timeout=120)
        self.last = self.outgoing()[before:]
        return [m["text"] for m in self.last]

    def say(self, text: str) -> str:
        n = next(self.message_ids)
        return "\n".join(self._post(message_update(self.chat_id, n, text), f"m:{self.chat_id}:{n}"))

    def tap(self, title: str) -> str:
        data = next(button["callback_data"] for m in reversed(self.last) if "reply_markup" in m
                    for row in m["reply_markup"]["inline_keyboard"] for button in row if button["text"] == title)
        query_id = uuid.uuid4().hex
        return "\n".join(self._post(callback_update(self.chat_id, query_id, data), f"cb:{query_id}"))

    def ask_for_officer(self) -> str:
        return self.say("/human")

    def delivered_texts(self) -> list[str]:
        return [m["text"] for m in self.outgoing()]


class ZaloCitizen(Citizen):
    channel = "zalo"

    def __init__(self, product) -> None:
        super().__init__(product)
        self.user_id = str(random.randint(10**17, 10**18))
        self.sender_id = f"zalo:{self.user_id}"
        self.last: list[dict] = []

    def outgoing(self) -> list[dict]:
        return [b["message"] for b in self.product.zalo.sent if b["recipient"]["user_id"] == self.user_id]

    def say(self, text: str) -> str:
        before = len(self.outgoing())
        msg_id = uuid.uuid4().hex
        raw = json.dumps(text_event(self.user_id, msg_id, text, app_id=self.product.zalo.app_id),
                         ensure_ascii=False).encode()
        response = self.product.client.post("/zalo/webhook", content=raw, headers={
            "Content-Type": "application/json", "X-ZEvent-Signature": sign(self.product.zalo.app_id, raw, ZALO_OA_SECRET)})
        assert response.status_code == 200
        wait_until(lambda: self.handled("zalo", msg_id), timeout=120)
        self.last = self.outgoing()[before:]
        return "\n".join(m.get("text", "") for m in self.last)

    def tap(self, title: str) -> str:
        titles = [b["title"] for m in self.last for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])]
        assert title in titles, titles
        return self.say(title)      # an oa.query.show button sends its payload (our title) as text

    def ask_for_officer(self) -> str:
        offered = [b["title"] for m in self.last for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])]
        return self.tap("Gặp cán bộ") if "Gặp cán bộ" in offered else self.say("cho tôi gặp cán bộ")

    def delivered_texts(self) -> list[str]:
        return [m.get("text", "") for m in self.outgoing()]


class WebCitizen(Citizen):
    channel = "web"

    def __init__(self, product) -> None:
        super().__init__(product)
        self.sender_id = f"web-{uuid.uuid4().hex[:12]}"
        self.last: list[dict] = []
        self.pushed: list[dict] = []

    def say(self, text: str) -> str:
        self.last = chat(self.product.client, self.sender_id, text)
        return "\n".join(m.get("text") or "" for m in self.last)

    def tap(self, title: str) -> str:
        payload = next(b["payload"] for m in reversed(self.last) for b in m["buttons"] if b["title"] == title)
        return self.say(payload)

    def ask_for_officer(self) -> str:
        return self.tap("Gặp cán bộ") if any(b["title"] == "Gặp cán bộ" for m in self.last for b in m["buttons"]) \
            else self.say("/request_human")

    def delivered_texts(self) -> list[str]:
        """What the widget's WebSocket receives (and acknowledges) right now."""
        from websockets.sync.client import connect

        token = session_token(self.sender_id)
        with connect(f"ws://127.0.0.1:{APP_PORT}/ws/chat/{self.sender_id}?token={token}", open_timeout=10) as ws:
            try:
                data = json.loads(ws.recv(timeout=3))
                self.pushed += data["messages"]
                ws.send(json.dumps({"type": "ack", "ids": [m["id"] for m in data["messages"]]}))
                ws.send(json.dumps({"type": "ping"}))
                ws.recv(timeout=3)
            except TimeoutError:
                pass
        return [("Cán bộ: " if m["from"] == "officer" else "") + (m["text"] or "") for m in self.pushed]


CITIZENS = {"telegram": TelegramCitizen, "zalo": ZaloCitizen, "web": WebCitizen}


@pytest.fixture(params=CHANNELS)
def citizen(request, product) -> Citizen:
    return CITIZENS[request.param](product)


# ---- the journeys --------------------------------------------------------------------------------

def test_procedure_question_with_paging_button(citizen):
    first = citizen.say("làm giấy khai sinh cần những giấy tờ gì")
    assert "1.001193" in first
    second = citizen.tap("Xem thêm")
    assert "1.001193" in second and "tiếp theo" in second and second != first


def test_status_check(citizen, product):
    code = f"G{random.randint(10, 99)}.{random.randint(10, 99)}-250{random.randint(101, 909)}-{random.randint(1, 9999):04d}"
    token = product.settings.admin_api_token.get_secret_value()
    created = product.client.post("/api/v1/admin/dossiers", headers={"Authorization": f"Bearer {token}"}, json={
        "receipt_code": code, "procedure_code": "1.001193", "status": "supplement_required",
        "missing_items": ["Bản sao giấy khai sinh"], "agency": "UBND phường Bến Thành",
        "owner_id_number": OWNER_ID, "owner_phone": "0903 456 789"})
    assert created.status_code == 201, created.text
    assert "4 số cuối" in citizen.say(f"hồ sơ {code} đến đâu rồi")
    answer = citizen.say(OWNER_ID[-4:])
    assert code in answer and "Bản sao giấy khai sinh" in answer and OWNER_ID not in answer

    # opt in, then the dossier moves: the notification arrives on the citizen's own channel
    assert "nhắn anh/chị" in citizen.tap("Báo cho tôi khi hồ sơ thay đổi")
    moved = product.client.post(f"/api/v1/admin/dossiers/{code}/status", headers={"Authorization": f"Bearer {token}"},
                                json={"status": "result_ready", "delivery_method": "desk"})
    assert moved.status_code == 200, moved.text
    wait_until(lambda: any(code in t and "đã có kết quả" in t for t in citizen.delivered_texts()), timeout=30)


def test_handoff_to_an_officer_and_back(citizen, product):
    citizen.say("chào em")
    answer = citizen.ask_for_officer()
    assert "cán bộ" in answer
    wait_until(lambda: citizen.owner() == "queued", timeout=10)

    with product.db.session() as session:
        officer = Officer(username=f"lan-{uuid.uuid4().hex[:6]}", display_name="Lan", password_hash="!")
        session.add(officer)
        session.flush()
        take_over(session, citizen.sender_id, officer)
        officer_reply(session, citizen.sender_id, officer, "Chào anh/chị, tôi là Lan, tôi xem hồ sơ giúp ạ.")
    delivered = wait_until(lambda: (texts := citizen.delivered_texts())
                           and any("tôi là Lan" in t for t in texts) and texts, timeout=30)
    assert "Cán bộ: Chào anh/chị, tôi là Lan, tôi xem hồ sơ giúp ạ." in delivered
    assert any("cán bộ Lan đã tiếp nhận" in t for t in delivered)

    # while the officer owns the conversation the bot stays silent
    assert citizen.say("dạ em cảm ơn, hồ sơ của em thiếu gì ạ") == ""


def test_during_a_handoff_a_telegram_photo_reaches_the_officer(product):
    citizen = TelegramCitizen(product)
    citizen.ask_for_officer()
    wait_until(lambda: citizen.owner() == "queued", timeout=10)
    product.telegram.files["cccd-front"] = b"\xff\xd8 photo"
    n = next(citizen.message_ids)
    texts = citizen._post(photo_update(citizen.chat_id, n, file_id="cccd-front", caption="CCCD mặt trước"),
                          f"m:{citizen.chat_id}:{n}")
    assert texts == ["Dạ, em đã chuyển ảnh của anh/chị cho cán bộ ạ."]
    with product.db.session() as session:
        attachment = session.query(ChannelAttachment).filter_by(sender_id=citizen.sender_id).one()
        key = attachment.download_key
    assert product.client.get(f"/telegram/files/{key}").content == b"\xff\xd8 photo"


def test_a_retried_telegram_update_is_answered_once(product):
    citizen = TelegramCitizen(product)
    update = message_update(citizen.chat_id, 1, "chào em")
    for _ in range(3):
        response = product.client.post("/telegram/webhook", json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert response.status_code == 200
    wait_until(lambda: citizen.handled("telegram", f"m:{citizen.chat_id}:1"), timeout=60)
    time.sleep(1)
    assert len(citizen.outgoing()) == 1


def test_bad_signatures_are_refused(product):
    body = json.dumps(text_event("123", "m-bad", "chào", app_id=product.zalo.app_id)).encode()
    assert product.client.post("/zalo/webhook", content=body,
                               headers={"X-ZEvent-Signature": "mac=" + "0" * 64}).status_code == 401
    assert product.client.post("/telegram/webhook", json=message_update(1, 1, "chào"),
                               headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}).status_code == 401
