"""Live delivery to the web chat: WebSocket /ws/chat/{sender_id} pushes the citizen's outbox rows."""
from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from api import web_session
from core import outbox
from core.outbox.models import OutboxMessage
from tests.channels.conftest import make_settings, start_app


@pytest.fixture
def app(tmp_path, fake_rasa, no_warm_up):
    with start_app(make_settings(tmp_path, fake_rasa)) as client:
        yield client


def enqueue(client, recipient: str, text: str, kind: str = "officer_reply", channel: str = "web") -> int:
    with client.app.state.services.db.session() as session:
        return outbox.enqueue(session, channel, recipient, kind, {"text": text, "from": "officer",
                                                                  "buttons": [{"title": "Cảm ơn", "payload": "/thank"}]}).id


def socket(client, sender: str):
    token = web_session.token_for(client.app.state.services.settings, sender)
    return client.websocket_connect(f"/ws/chat/{sender}?token={token}")


def delivered(client, row_id: int) -> bool:
    with client.app.state.services.db.session() as session:
        return session.get(OutboxMessage, row_id).delivered_at is not None


def test_pending_and_new_rows_are_pushed_and_marked_delivered_only_after_the_ack(app):
    first = enqueue(app, "web-abc", "Chào anh, tôi là cán bộ Lan.")
    enqueue(app, "web-other", "không phải của anh")
    enqueue(app, "telegram:1", "kênh khác", channel="telegram")
    with socket(app, "web-abc") as ws:
        data = ws.receive_json()
        assert data["type"] == "messages"
        [message] = data["messages"]
        assert {k: message[k] for k in ("id", "kind", "from", "text", "buttons")} == {
            "id": first, "kind": "officer_reply", "from": "officer", "text": "Chào anh, tôi là cán bộ Lan.",
            "buttons": [{"title": "Cảm ơn", "payload": "/thank"}]}
        assert not delivered(app, first)            # shown only once the widget says so
        ws.send_json({"type": "ack", "ids": [first]})
        second = enqueue(app, "web-abc", "Hồ sơ của anh đã đủ.", kind="status_notification")
        data = ws.receive_json()
        assert [m["id"] for m in data["messages"]] == [second]   # the first is not sent twice
        assert delivered(app, first)
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_unacknowledged_rows_come_again_on_the_next_connection(app):
    row = enqueue(app, "web-xyz", "Anh còn ở đó không?")
    with socket(app, "web-xyz") as ws:
        assert [m["id"] for m in ws.receive_json()["messages"]] == [row]
    with socket(app, "web-xyz") as ws:
        assert [m["id"] for m in ws.receive_json()["messages"]] == [row]
        ws.send_json({"type": "ack", "ids": [row, 999999, "x"]})
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}
    assert delivered(app, row)


def test_a_widget_cannot_acknowledge_someone_elses_rows(app):
    theirs = enqueue(app, "web-victim", "riêng tư")
    with socket(app, "web-attacker") as ws:
        ws.send_json({"type": "ack", "ids": [theirs]})
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}
    assert not delivered(app, theirs)


@pytest.mark.parametrize("path", ["/ws/chat/web-victim", "/ws/chat/web-victim?token=",
                                  "/ws/chat/web-victim?token=s1.forged", "/ws/chat/telegram:1",
                                  "/ws/chat/zalo:42?token=x"])
def test_the_push_socket_refuses_without_the_conversations_token(app, path):
    theirs = enqueue(app, "web-victim", "riêng tư")
    enqueue(app, "telegram:1", "kênh khác", channel="telegram")
    with pytest.raises(WebSocketDisconnect) as refused:
        with app.websocket_connect(path) as ws:
            ws.receive_json()
    assert refused.value.code == 1008
    assert not delivered(app, theirs)


def test_a_token_opens_only_its_own_conversation(app):
    enqueue(app, "web-victim", "riêng tư")
    attacker_token = web_session.token_for(app.app.state.services.settings, "web-attacker")
    with pytest.raises(WebSocketDisconnect):
        with app.websocket_connect(f"/ws/chat/web-victim?token={attacker_token}") as ws:
            ws.receive_json()
