"""Web chat messages sent while Rasa is down are answered when it is back: the real product (Rasa +
app, `api/stack.py`) on its own ports; Rasa is killed with SIGKILL, the citizen writes twice
(202, kept), the supervisor starts Rasa again, and the answers arrive over the push WebSocket
the widget uses, once each and in order.

The product runs at LOG_LEVEL=DEBUG, so the same stack also shows that the Rasa process (started
through bot/rasa_main.py) writes no căn cước, phone number or receipt code in clear."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
import uuid
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from api.stack import Stack
from core.settings import ROOT, Settings
from tests.e2e.conftest import chat, session_token
from tests.evaluation.dialogue_eval import officer_token

pytestmark = pytest.mark.e2e
APP_PORT = int(os.environ.get("TEST_WEB_INBOX_APP_PORT", "8774"))
RASA_PORT = int(os.environ.get("TEST_WEB_INBOX_RASA_PORT", "5774"))
FIRST, SECOND = "làm giấy khai sinh cần giấy tờ gì", "lệ phí bao nhiêu"


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    var = tmp_path_factory.mktemp("web_inbox")
    env = {"APP_PORT": str(APP_PORT), "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
           "DATABASE_URL": f"sqlite:///{var / 'app.db'}", "CACHE_DIR": str(ROOT / "var" / "cache"),
           "DOSSIER_SECRET": f"e2e-{uuid.uuid4().hex}", "ADMIN_API_TOKEN": f"e2e-{uuid.uuid4().hex}",
           "LOG_LEVEL": "DEBUG"}   # Rasa and the app log every message they handle
    settings = Settings(**{k.lower(): v for k, v in env.items()})
    running = Stack(settings=settings, env=env, log_dir=var / "logs")
    running.start()
    try:
        running.wait_ready(timeout=600)
        yield running
    finally:
        running.stop()


def _kill(product: Stack, name: str) -> None:
    victim = product._children[name]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)


def _wait_healthy_again(product: Stack, timeout: float = 600) -> None:
    """Supervise (as `make run` does) until the killed child runs again and the product is healthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        product.supervise()
        try:
            if httpx.get(f"http://127.0.0.1:{APP_PORT}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError("the product is not healthy again")


def _db(product: Stack) -> Path:
    return Path(product.settings.database_url.split("///", 1)[1])


def _inbox(product: Stack, sender: str) -> list[str]:
    with sqlite3.connect(_db(product)) as db:
        return [s for (s,) in db.execute("select status from channel_processed_messages where sender_id = ? "
                                          "order by id", (sender,))]


def _outbox(product: Stack, sender: str) -> list[tuple[int, str, str]]:
    with sqlite3.connect(_db(product)) as db:
        return [(i, k, json.loads(p).get("text") or "") for i, k, p in db.execute(
            "select id, kind, payload from outbox_messages where recipient_id = ? order by id", (sender,))]


def _user_turns_in_rasa(product: Stack, sender: str) -> list[str]:
    with sqlite3.connect(_db(product).parent / "rasa_tracker.db") as db:
        rows = db.execute("select data from events where sender_id = ? and type_name = 'user' order by id", (sender,))
        return [json.loads(data)["text"] for (data,) in rows]


def _pushed(socket, count: int, timeout: float = 60) -> list[dict]:
    """What the push socket delivers (acknowledged as the widget does), until `count` messages."""
    messages, deadline = [], time.monotonic() + timeout
    while len(messages) < count and time.monotonic() < deadline:
        data = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        if data.get("type") == "messages":
            messages += data["messages"]
            socket.send(json.dumps({"type": "ack", "ids": [m["id"] for m in data["messages"]]}))
    return messages


def test_messages_sent_while_rasa_is_down_are_answered_over_the_push_socket_once_it_is_back(product):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORT}", timeout=120) as client:
        chat(client, sender, "xin chào")
        token = session_token(sender)
        with connect(f"ws://127.0.0.1:{APP_PORT}/ws/chat/{sender}?token={token}") as socket:
            _kill(product, "rasa")
            kept = [client.post("/api/v1/chat", json={"sender_id": sender, "text": text},
                                headers={"X-Session-Token": token}) for text in (FIRST, SECOND)]
            for response in kept:
                assert response.status_code == 202, response.text
                body = response.json()
                assert body["queued"] is True and body["session_token"] == token
                assert "không cần gửi lại" in body["messages"][0]["text"]      # polite, in Vietnamese
            assert _inbox(product, sender) == ["retry", "retry"] and _outbox(product, sender) == []

            _wait_healthy_again(product)
            deadline = time.monotonic() + 120
            while _inbox(product, sender) != ["done", "done"]:
                assert time.monotonic() < deadline, _inbox(product, sender)
                time.sleep(0.5)
            stored = _outbox(product, sender)
            pushed = _pushed(socket, len(stored))
            with pytest.raises(TimeoutError):
                socket.recv(timeout=3)                                            # and nothing more

        assert [(m["id"], m["kind"], m["text"] or "") for m in pushed] == stored   # each once, in order
        assert stored and {kind for _, kind, _ in stored} == {"bot_reply"}
        assert _user_turns_in_rasa(product, sender) == ["xin chào", FIRST, SECOND]  # the bot saw each once

        officer = {"Authorization": f"Bearer {officer_token(product.settings.database_url)}"}
        log = client.get(f"/api/v1/conversations/{sender}", headers=officer).json()["messages"]
        assert [m["text"] for m in log if m["direction"] == "in"] == ["xin chào", FIRST, SECOND]   # logged once each
        kept_turns = log[next(i for i, m in enumerate(log) if m["text"] == FIRST):]
        said = [m["text"] for m in kept_turns if m["direction"] == "out"]   # the answers, as the log has them
        assert [m["text"] or m["link"] or m["attachment"] for m in pushed] == said

        after = chat(client, sender, "cảm ơn")                                   # nothing kept: answered at once
        assert after and _inbox(product, sender) == ["done", "done"]


CCCD, PHONE, RECEIPT = "040093012457", "0912 345 678", "000.00.15.H22-261105-0003"


def test_the_rasa_process_logs_no_personal_data_in_clear_even_at_debug(product):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    rasa_log = product.log_dir / "rasa.log"
    with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORT}", timeout=120) as client:
        chat(client, sender, f"tôi tên Nguyễn Văn An, căn cước {CCCD}, số điện thoại {PHONE}, "
                             f"hồ sơ {RECEIPT} của tôi đến đâu rồi")
    deadline = time.monotonic() + 30
    while "*********457" not in rasa_log.read_text(errors="replace"):   # Rasa logged the message, masked
        assert time.monotonic() < deadline, "Rasa did not log the message at DEBUG"
        time.sleep(1)
    text = rasa_log.read_text(errors="replace")
    assert "processor.message.parse" in text and "*********678" in text and "*0003" in text   # parsed, masked
    for secret in (CCCD, PHONE, PHONE.replace(" ", ""), RECEIPT):
        assert secret not in text, [line[:300] for line in text.splitlines() if secret in line][:3]
