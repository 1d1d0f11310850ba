"""The console and audit API over HTTP and WebSocket (the app in-process, Rasa scripted)."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.websockets import WebSocketDisconnect

from api.console.accounts import open_session
from core.outbox import pending
from domain.handoff import service
from domain.handoff.models import OfficerSession
from domain.services import Services
from main import create_app
from tests.e2e.conftest import chat as e2e_chat
from tests.handoff.conftest import PASSWORD, ScriptedRasa, open_settings

ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def app_client(database, officers, monkeypatch):
    monkeypatch.setattr(Services, "warm_up", lambda self: None)  # no knowledge base needed here
    settings = open_settings(database_url=database.url, rasa_url="http://127.0.0.1:9",
                             console_disconnect_timeout_seconds=1)
    app = create_app(settings)
    with TestClient(app) as client:
        app.state.services.rasa = ScriptedRasa(intents={"asdkjh": "nlu_fallback"})
        yield client


def login(client: TestClient, username: str = "lan") -> str:
    response = client.post("/console/api/login", json={"username": username, "password": PASSWORD}, headers=ORIGIN)
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def chat(client: TestClient, sender: str, text: str) -> list[dict]:
    return e2e_chat(client, sender, text)  # the public path, with the conversation's session token


def test_login_sets_a_strict_httponly_cookie_and_logout_ends_it(app_client):
    response = app_client.post("/console/api/login", json={"username": "lan", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie
    csrf = response.json()["csrf_token"]
    assert app_client.get("/console/api/me").json()["officer"]["name"] == "Nguyễn Thị Lan"
    assert app_client.post("/console/api/logout", headers={"x-csrf-token": csrf}).status_code == 200
    assert app_client.get("/console/api/me").status_code == 401


def test_wrong_password_is_refused_and_counted(app_client, database):
    for _ in range(5):
        bad = app_client.post("/console/api/login", json={"username": "lan", "password": "sai-mat-khau-1"})
        assert bad.status_code == 401
    locked = app_client.post("/console/api/login", json={"username": "lan", "password": PASSWORD})
    assert locked.status_code == 401                       # the failures were committed: locked now


def test_changes_need_the_csrf_token_and_this_origin(app_client):
    csrf = login(app_client)
    chat(app_client, "web-1", "/request_human")
    path = "/console/api/conversations/web-1/take"
    assert app_client.post(path).status_code == 403
    assert app_client.post(path, headers={"x-csrf-token": "wrong"}).status_code == 403
    assert app_client.post(path, headers={"x-csrf-token": csrf, "origin": "https://evil.example"}).status_code == 403
    assert app_client.post(path, headers={"x-csrf-token": csrf, **ORIGIN}).status_code == 200
    assert app_client.post("/console/api/login", json={"username": "lan", "password": PASSWORD},
                           headers={"origin": "https://evil.example"}).status_code == 403


def test_expired_session_is_refused(app_client, database):
    login(app_client)
    with database.session() as s:
        s.execute(update(OfficerSession).values(expires_at=service.utcnow() - timedelta(seconds=1)))
    assert app_client.get("/console/api/queue").status_code == 401


def test_console_page_and_assets_are_served_with_a_strict_policy(app_client):
    page = app_client.get("/console")
    assert page.status_code == 200 and "console.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert app_client.get("/console/static/console.js").status_code == 200
    assert app_client.get("/console/static/..%2Fpasswords.py").status_code == 404


def test_full_handoff_over_the_api(app_client, database):
    csrf = {"x-csrf-token": login(app_client), **ORIGIN}
    assert "Trợ lý trả lời" in chat(app_client, "web-9", "hỏi thủ tục khai sinh")[0]["text"]
    assert "người tiếp theo" in chat(app_client, "web-9", "/request_human")[0]["text"]
    queue = app_client.get("/console/api/queue").json()
    assert [i["sender_id"] for i in queue["queued"]] == ["web-9"]
    assert queue["queued"][0]["last_message"]["text"]
    assert app_client.post("/console/api/conversations/web-9/take", headers=csrf).status_code == 200
    assert app_client.post("/console/api/conversations/web-9/take", headers=csrf).status_code == 409
    sent = app_client.post("/console/api/conversations/web-9/messages", json={"text": "Chào anh, tôi là Lan."},
                           headers=csrf)
    assert sent.status_code == 200
    assert chat(app_client, "web-9", "cảm ơn chị, cho tôi hỏi thêm") == []      # the bot stays silent
    outbox = app_client.get("/console/api/conversations/web-9/outbox").json()
    assert [m["payload"]["from"] for m in outbox] == ["system", "officer"]
    assert app_client.post("/console/api/conversations/web-9/notes", json={"text": "Cần hẹn lịch nộp"},
                           headers=csrf).status_code == 200
    assert app_client.post("/console/api/conversations/web-9/hand-back", headers=csrf).status_code == 200
    assert "Trợ lý trả lời" in chat(app_client, "web-9", "lệ phí bao nhiêu")[0]["text"]
    detail = app_client.get("/console/api/conversations/web-9").json()
    assert detail["owner"] == "bot" and detail["notes"][0]["text"] == "Cần hẹn lịch nộp"
    authors = [m["author"] for m in detail["messages"]]
    assert authors.count("officer") == 1 and authors[-1] == "bot"


def test_canned_replies_come_from_the_data_file(app_client):
    login(app_client)
    canned = app_client.get("/console/api/canned").json()
    assert canned and all(c["title"] and c["text"] for c in canned)


def test_trace_api_needs_an_officer(app_client, database, officers):
    chat(app_client, "web-t", "asdkjh")
    chat(app_client, "web-t", "asdkjh")
    assert app_client.get("/api/v1/conversations/web-t").status_code == 401
    bad = app_client.get("/api/v1/conversations/web-t", headers={"authorization": "Bearer forged"})
    assert bad.status_code == 401
    lan, _ = officers
    with database.session() as s:
        token, _ = open_session(s, lan, timedelta(days=1), kind="api")
    trace = app_client.get("/api/v1/conversations/web-t", headers={"authorization": f"Bearer {token}"})
    assert trace.status_code == 200
    body = trace.json()
    assert [i["intent"] for i in body["intents"]] == ["nlu_fallback", "nlu_fallback"]
    assert "nói chuyện với cán bộ" in body["messages"][-1]["text"]    # the offer after two failures
    assert set(body) >= {"messages", "intents", "procedures", "filled_fields", "statuses_disclosed",
                         "handoffs", "drafts", "notes"}
    login(app_client)                                                    # the console cookie works too
    assert app_client.get("/api/v1/conversations/web-t").status_code == 200
    assert app_client.get("/api/v1/conversations/web-none").status_code == 404


def test_websocket_refuses_strangers_and_foreign_pages(app_client):
    with pytest.raises(WebSocketDisconnect):
        with app_client.websocket_connect("/console/ws", headers=ORIGIN) as ws:
            ws.receive_json()
    login(app_client)
    with pytest.raises(WebSocketDisconnect):
        with app_client.websocket_connect("/console/ws", headers={"origin": "https://evil.example"}) as ws:
            ws.receive_json()


def _next(ws, kind: str, sender_id: str | None = None) -> dict:
    for _ in range(50):
        event = ws.receive_json()
        if event["type"] == kind and (sender_id is None or event.get("sender_id") == sender_id):
            return event
    raise AssertionError(f"no {kind} event")


def test_live_two_way_chat_over_the_websocket(app_client, database):
    csrf = {"x-csrf-token": login(app_client), **ORIGIN}
    chat(app_client, "web-live", "/request_human")
    with app_client.websocket_connect("/console/ws", headers=ORIGIN) as ws:
        assert ws.receive_json()["type"] == "hello"
        app_client.post("/console/api/conversations/web-live/take", headers=csrf)
        assert _next(ws, "conversation", "web-live")["owner"] == "officer"
        chat(app_client, "web-live", "tôi cần hỏi về hồ sơ")
        event = _next(ws, "message", "web-live")
        assert event["message"]["author"] == "citizen" and event["message"]["text"] == "tôi cần hỏi về hồ sơ"
        ws.send_json({"type": "send", "sender_id": "web-live", "text": "Anh cho tôi mã hồ sơ nhé."})
        assert _next(ws, "sent", "web-live")["message_id"]
        ws.send_json({"type": "ping"})
        assert _next(ws, "pong")
    with database.session() as s:
        [_, reply] = pending(s, "web", "web-live")
    assert reply.kind == "officer_reply" and reply.payload == {"text": "Anh cho tôi mã hồ sơ nhé.", "from": "officer"}


def test_officer_who_disconnects_returns_the_conversation_to_the_queue(app_client, database):
    csrf = {"x-csrf-token": login(app_client), **ORIGIN}
    chat(app_client, "web-d", "/request_human")
    with app_client.websocket_connect("/console/ws", headers=ORIGIN) as ws:
        ws.receive_json()
        app_client.post("/console/api/conversations/web-d/take", headers=csrf)
        time.sleep(2.5)                                   # connected: longer than the 1 s timeout
        with database.session() as s:
            assert service.get_conversation(s, "web-d").owner == "officer"
    started = time.monotonic()
    while time.monotonic() - started < 10:
        with database.session() as s:
            if service.get_conversation(s, "web-d").owner == "queued":
                break
        time.sleep(0.2)
    with database.session() as s:
        assert service.get_conversation(s, "web-d").owner == "queued"
    assert chat(app_client, "web-d", "alo") == [{"text": "Dạ, cán bộ sẽ trả lời anh/chị ngay ạ.", "buttons": [],
                                                 "link": None, "attachment": None}]
