"""Web chat messages sent while Rasa is down are kept and answered when it is back: the real app
(routers, persisted inbox, replayer, push WebSocket) in process, a stand-in Rasa switched off and
on. The same over real HTTP with the real Rasa killed: tests/e2e/test_web_inbox.py."""
from __future__ import annotations

from datetime import timedelta

import pytest

from api.routers.chat import QUEUED
from connectors import inbox
from connectors.models import ProcessedMessage
from core.outbox.models import OutboxMessage
from domain.handoff.models import Conversation, ConversationMessage
from tests.channels.conftest import make_settings, start_app
from tests.channels.fakes.server import wait_until


@pytest.fixture
def app(tmp_path, fake_rasa, no_warm_up, monkeypatch):
    monkeypatch.setattr(inbox, "FIRST_RETRY", timedelta(seconds=0.3))   # replays back off from 0.3 s
    with start_app(make_settings(tmp_path, fake_rasa, channel_inbox_replay_seconds=0.1)) as client:
        yield client


def post(client, text: str, sender: str, token: str | None):
    return client.post("/api/v1/chat", json={"sender_id": sender, "text": text},
                       headers={"X-Session-Token": token} if token else {})


def answers(client, sender: str) -> list[OutboxMessage]:
    with client.app.state.services.db.session() as session:
        rows = session.query(OutboxMessage).filter_by(recipient_id=sender).order_by(OutboxMessage.id).all()
        session.expunge_all()
        return rows


def inbound_texts(client, sender: str) -> list[str]:
    with client.app.state.services.db.session() as session:
        return [m.text for m in session.query(ConversationMessage).join(Conversation)
                .filter(Conversation.sender_id == sender, ConversationMessage.direction == "in")
                .order_by(ConversationMessage.id)]


def socket_messages(client, sender: str, token: str) -> list[dict]:
    with client.websocket_connect(f"/ws/chat/{sender}?token={token}") as ws:
        data = ws.receive_json()
        ws.send_json({"type": "ack", "ids": [m["id"] for m in data["messages"]]})
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}   # the ack was read before the socket closes
    return data["messages"]


def test_messages_sent_while_rasa_is_down_are_answered_once_in_order_when_it_is_back(app, fake_rasa):
    sender = "web-kept1"
    started = post(app, "chào em", sender, None)
    assert started.status_code == 200 and not started.json()["queued"]
    token = started.json()["session_token"]

    fake_rasa.down = True
    first = post(app, "một", sender, token)
    assert first.status_code == 202
    assert first.json()["queued"] is True and [m["text"] for m in first.json()["messages"]] == [QUEUED]
    assert first.json()["session_token"] == token
    assert post(app, "hai", sender, token).status_code == 202
    wait_until(lambda: _attempts(app, sender) >= 2, timeout=10)     # replayed while still down: kept
    assert answers(app, sender) == []                                # nothing more said meanwhile

    fake_rasa.down = False
    assert post(app, "ba", sender, token).status_code == 202        # behind the kept ones, not before
    wait_until(lambda: len(answers(app, sender)) == 3, timeout=15)
    assert [r.payload["text"] for r in answers(app, sender)] == [
        "Dạ, em đã nhận: một", "Dạ, em đã nhận: hai", "Dạ, em đã nhận: ba"]
    assert {r.kind for r in answers(app, sender)} == {"bot_reply"}
    assert fake_rasa.messages_of(sender) == ["chào em", "một", "hai", "ba"]   # each reached the bot once
    assert inbound_texts(app, sender) == ["chào em", "một", "hai", "ba"]      # and was logged once

    pushed = socket_messages(app, sender, token)
    assert [(m["kind"], m["from"], m["text"]) for m in pushed] == [
        ("bot_reply", "bot", "Dạ, em đã nhận: một"), ("bot_reply", "bot", "Dạ, em đã nhận: hai"),
        ("bot_reply", "bot", "Dạ, em đã nhận: ba")]
    assert all(r.delivered_at is not None for r in answers(app, sender))   # acknowledged: not sent again

    after = post(app, "bốn", sender, token)                          # nothing kept any more: answered at once
    assert after.status_code == 200 and [m["text"] for m in after.json()["messages"]] == ["Dạ, em đã nhận: bốn"]
    assert len(answers(app, sender)) == 3
    with app.app.state.services.db.session() as session:
        statuses = [r.status for r in session.query(ProcessedMessage).filter_by(sender_id=sender)]
    assert statuses == ["done", "done", "done"]


def test_an_answer_waits_for_a_widget_that_was_not_connected(app, fake_rasa):
    fake_rasa.down = True
    kept = post(app, "làm khai sinh ở đâu", "web-kept2", None)        # the very first message, Rasa down
    assert kept.status_code == 202 and kept.json()["sender_id"] == "web-kept2"
    token = kept.json()["session_token"]
    fake_rasa.down = False
    wait_until(lambda: answers(app, "web-kept2"), timeout=15)
    with app.websocket_connect(f"/ws/chat/web-kept2?token={token}") as ws:   # not acknowledged: comes again
        assert [m["text"] for m in ws.receive_json()["messages"]] == ["Dạ, em đã nhận: làm khai sinh ở đâu"]
    assert [m["text"] for m in socket_messages(app, "web-kept2", token)] == ["Dạ, em đã nhận: làm khai sinh ở đâu"]


def test_a_kept_message_is_only_for_its_own_conversation(app, fake_rasa):
    fake_rasa.down = True
    token = post(app, "số điện thoại của tôi", "web-kept3", None).json()["session_token"]
    other = post(app, "xin chào", "web-kept4", None)
    fake_rasa.down = False
    wait_until(lambda: answers(app, "web-kept3") and answers(app, "web-kept4"), timeout=15)
    assert [m["text"] for m in socket_messages(app, "web-kept3", token)] == ["Dạ, em đã nhận: số điện thoại của tôi"]
    assert [r.payload["text"] for r in answers(app, "web-kept4")] == ["Dạ, em đã nhận: xin chào"]
    assert other.json()["session_token"] != token


def _attempts(client, sender: str) -> int:
    with client.app.state.services.db.session() as session:
        rows = session.query(ProcessedMessage).filter_by(sender_id=sender).order_by(ProcessedMessage.id).all()
        return rows[0].attempts if rows else 0


class Probe:
    """Rasa's /status as the replayer sees it: down, then back."""

    def __init__(self, answers: list[bool]) -> None:
        self.answers = answers

    async def model_loaded(self) -> bool:
        return self.answers.pop(0)


async def test_kept_messages_are_replayed_as_soon_as_rasa_is_seen_back_not_after_their_backoff(database, tmp_path):
    from connectors.hub import ChannelHub
    from connectors.web.inbox import WebInbox
    from core.db.base import utcnow

    kept = WebInbox(database)
    kept.keep("web-kept5", "một")
    kept.keep("web-kept5", "hai", behind=True)
    settings = make_settings(tmp_path, type("Rasa", (), {"url": "http://127.0.0.1:9"})())
    hub = ChannelHub(settings, database, router=None, rasa=Probe([False, True, True]))
    with database.session() as session:
        assert inbox.take_due(session) == []                          # "một" backs off 5 s, "hai" waits behind it
    assert await hub._rasa_is_back() is False                         # seen down
    assert await hub._rasa_is_back() is True                          # and back: due at once
    hub._retry_now()
    with database.session() as session:
        assert [e.text for e in inbox.take_due(session, now=utcnow() + timedelta(seconds=1))] == ["một", "hai"]
    kept.keep("web-kept6", "ba")
    steady = ChannelHub(settings, database, router=None, rasa=Probe([True]))
    assert await steady._rasa_is_back() is False     # never seen down: a failing message keeps its backoff


class BackBetween:
    """Rasa is still down for the first replayed message and back for the next one."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def handle(self, sender_id: str, text: str, channel: str = "web"):
        from core.rasa_client import RasaUnavailable
        from core.schemas import BotMessage

        self.calls.append(text)
        if len(self.calls) == 1:
            raise RasaUnavailable("POST /webhooks/rest/webhook: ConnectError")
        return [BotMessage(text=f"bot: {text}")]


async def test_a_message_taken_with_an_earlier_one_does_not_overtake_it_when_that_one_fails_again(database):
    from connectors.handler import EnvelopeHandler
    from connectors.handoff import HandoffHook
    from connectors.web.inbox import WebInbox
    from core.db.base import utcnow

    kept = WebInbox(database)
    kept.keep("web-kept7", "một")
    kept.keep("web-kept7", "hai", behind=True)
    router = BackBetween()
    handler = EnvelopeHandler(router, database, HandoffHook(database, "https://x"), {"web": kept})
    with database.session() as session:
        taken = inbox.take_due(session, now=utcnow() + timedelta(seconds=6))
    assert [e.text for e in taken] == ["một", "hai"]                   # one round took both
    for envelope in taken:
        await handler(envelope)
    assert router.calls == ["một"]                                    # "hai" waits behind "một" again
    with database.session() as session:
        assert [(r.envelope["text"], r.status) for r in session.query(ProcessedMessage).order_by(ProcessedMessage.id)] \
            == [("một", "retry"), ("hai", "retry")]
        again = inbox.take_due(session, now=utcnow() + timedelta(minutes=1))
    for envelope in again:
        await handler(envelope)
    assert router.calls == ["một", "một", "hai"]
    with database.session() as session:
        assert [r.payload["text"] for r in session.query(OutboxMessage).order_by(OutboxMessage.id)] == \
            ["bot: một", "bot: hai"]


def test_the_channel_and_the_kept_check_share_one_transaction(database):
    """POST /api/v1/chat reads the conversation's channel and looks for a kept message of it in
    one transaction when the inbox keeps its messages in the same database (else in its own)."""
    from types import SimpleNamespace

    from sqlalchemy import event

    from api.routers.chat import _channel_and_kept
    from connectors.web.inbox import WebInbox
    from core.db import Database

    kept = WebInbox(database)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(channels=SimpleNamespace(web=kept))))
    with database.session() as session:
        session.add(Conversation(sender_id="web-kept8", channel="zalo", owner="bot"))
    commits: list[int] = []
    event.listen(database.engine, "commit", lambda connection: commits.append(1))
    assert _channel_and_kept(request, database, "web-kept8", None) == ("zalo", False)
    kept.keep("web-kept8", "một")
    commits.clear()
    assert _channel_and_kept(request, database, "web-kept8", None) == ("zalo", True)
    assert _channel_and_kept(request, database, "web-kept9", "web") == ("web", False)
    assert len(commits) == 2                                   # one per call
    other = Database(f"sqlite:///{database.engine.url.database}") if database.is_sqlite else database
    elsewhere = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(channels=SimpleNamespace(web=WebInbox(other)))))
    assert _channel_and_kept(elsewhere, database, "web-kept8", None) == ("zalo", True)   # its own transaction
    no_inbox = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace()))
    assert _channel_and_kept(no_inbox, database, "web-kept8", None) == ("zalo", False)
