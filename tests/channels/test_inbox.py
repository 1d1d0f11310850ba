"""The persisted inbox: a channel message survives Rasa being down and a crash of the app, and is
answered exactly once, in order per conversation (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from connectors import inbox, replies, store
from connectors.envelope import Attachment, Envelope
from connectors.handler import EnvelopeHandler
from connectors.handoff import HandoffHook
from connectors.models import ProcessedMessage
from core.db.base import utcnow
from core.rasa_client import RasaUnavailable
from core.schemas import BotMessage
from tests.channels.conftest import make_settings, start_app, telegram_post
from tests.channels.fakes.server import wait_until
from tests.channels.fakes.telegram_api import message_update


class FlakyRouter:
    def __init__(self):
        self.down = True
        self.calls: list[str] = []

    async def handle(self, sender_id: str, text: str, channel: str = "web") -> list[BotMessage]:
        if self.down:
            raise RasaUnavailable("POST /webhooks/rest/webhook: ConnectError")
        self.calls.append(text)
        return [BotMessage(text=f"bot: {text}")]


class Sender:
    def __init__(self):
        self.sent: list[str] = []

    async def send(self, envelope, messages) -> None:
        self.sent += [m.text for m in messages]


def env(n: int, text: str, sender: str = "zalo:7") -> Envelope:
    return Envelope(channel="zalo", sender_id=sender, platform_message_id=f"z{n}", text=text,
                    attachments=(Attachment("photo", url="https://f.example/1.jpg"),) if n == 99 else ())


def _claim(database, envelope: Envelope) -> None:
    with database.session() as session:
        assert store.claim_message(session, envelope)


def _status(database, envelope: Envelope) -> str:
    with database.session() as session:
        return session.query(ProcessedMessage).filter_by(platform_message_id=envelope.platform_message_id).one().status


def test_the_envelope_survives_the_round_trip_through_the_database(database):
    original = env(99, "ảnh giấy tờ")
    _claim(database, original)
    with database.session() as session:
        stored = session.query(ProcessedMessage).one().envelope
    again = inbox.envelope_from_json(stored, attempt=2)
    assert (again.text, again.sender_id, again.attachments, again.received_at) == \
        (original.text, original.sender_id, original.attachments, original.received_at)
    assert again.extra["attempt"] == 2


async def test_while_rasa_is_down_the_citizen_is_told_once_and_answered_when_it_is_back(database):
    router, sender = FlakyRouter(), Sender()
    handler = EnvelopeHandler(router, database, HandoffHook(database, "https://x"), {"zalo": sender})
    first = env(1, "làm căn cước ở đâu")
    _claim(database, first)
    await handler(first)
    assert sender.sent == [replies.BUSY_QUEUED.text] and _status(database, first) == "retry"
    with database.session() as session:
        assert inbox.take_due(session) == []                        # backoff: not yet
    later = utcnow() + timedelta(seconds=6)
    with database.session() as session:
        [replay] = inbox.take_due(session, now=later)
    await handler(replay)                                           # still down: nothing more said
    assert sender.sent == [replies.BUSY_QUEUED.text] and _status(database, first) == "retry"
    router.down = False
    with database.session() as session:
        [replay] = inbox.take_due(session, now=later + timedelta(minutes=6))
    await handler(replay)
    assert sender.sent == [replies.BUSY_QUEUED.text, "bot: làm căn cước ở đâu"]
    assert router.calls == ["làm căn cước ở đâu"] and _status(database, first) == "done"
    with database.session() as session:
        assert inbox.take_due(session, now=later + timedelta(hours=1)) == []


def test_a_message_claimed_by_a_process_that_died_is_replayed_once(database):
    lost = env(2, "thủ tục khai sinh")
    _claim(database, lost)                                          # then the process was killed
    with database.session() as session:
        assert inbox.take_due(session) == []                        # may still be in flight
    later = utcnow() + inbox.STALE_AFTER + timedelta(seconds=1)
    with database.session() as session:
        [replay] = inbox.take_due(session, now=later)
    with database.session() as session:                             # leased: another replayer skips it
        assert inbox.take_due(session, now=later) == []
    assert replay.text == "thủ tục khai sinh"


def test_a_later_message_waits_behind_an_earlier_one_of_the_same_conversation(database):
    first, second, other = env(3, "một"), env(4, "hai"), env(5, "khác", sender="zalo:8")
    for e in (first, second, other):
        _claim(database, e)
    now = utcnow()
    with database.session() as session:
        inbox.schedule_retry(session, first, now=now)               # due in 5 s
        assert inbox.has_pending_before(session, second)
        inbox.queue_behind(session, second, now=now)                # due now, but behind "một"
        inbox.schedule_retry(session, other, now=now - timedelta(seconds=10))
    with database.session() as session:
        assert [e.text for e in inbox.take_due(session, now=now + timedelta(seconds=1))] == ["khác"]
    with database.session() as session:
        assert [e.text for e in inbox.take_due(session, now=now + timedelta(seconds=6))] == ["một", "hai"]


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(inbox, "FIRST_RETRY", timedelta(milliseconds=200))


def test_telegram_messages_sent_while_rasa_is_down_are_answered_in_order_when_it_is_back(
        tmp_path, fake_rasa, fake_telegram, no_warm_up, quick_retries):
    settings = make_settings(tmp_path, fake_rasa, fake_telegram, channel_inbox_replay_seconds=0.1)
    fake_rasa.down = True
    with start_app(settings) as client:
        wait_until(lambda: fake_telegram.of("setWebhook"))
        assert telegram_post(client, message_update(51, 1, "một")).status_code == 200
        wait_until(lambda: fake_telegram.of("sendMessage"))
        assert telegram_post(client, message_update(51, 2, "hai")).status_code == 200
        assert telegram_post(client, message_update(51, 2, "hai")).status_code == 200   # a retried delivery
        fake_rasa.down = False
        wait_until(lambda: len([m for m in fake_telegram.of("sendMessage") if "em đã nhận" in m["text"]]) == 2,
                   timeout=15)
        client.portal.call(client.app.state.channels.dispatcher.drain, 5)
    texts = [m["text"] for m in fake_telegram.of("sendMessage")]
    answers = [t for t in texts if "em đã nhận" in t]
    assert answers == ["Dạ, em đã nhận: một", "Dạ, em đã nhận: hai"]      # each once, in order
    assert fake_rasa.messages_of("telegram:51") == ["một", "hai"]
    assert texts[0] == replies.BUSY_QUEUED.text and set(texts) - set(answers) == {replies.BUSY_QUEUED.text}
