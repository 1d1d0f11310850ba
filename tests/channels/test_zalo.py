"""Zalo OA end to end through the app, against a stand-in Zalo server on 127.0.0.1."""
from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from connectors import replies
from connectors.models import ChannelContact, ZaloToken
from connectors.zalo.signature import sign
from connectors.zalo.tokens import ZaloTokenError, ZaloTokenStore
from core import outbox
from core.outbox.models import OutboxMessage
from core.settings import Settings
from tests.channels.conftest import ZALO_OA_SECRET, make_settings, start_app, zalo_post
from tests.channels.fakes.rasa_api import FEE_PAYLOAD, GREETING, MORE_PAYLOAD
from tests.channels.fakes.server import ServerThread, wait_until
from tests.channels.fakes.zalo_api import FakeZalo, attachment_event, follow_event, text_event

USER = "8812345678901234567"
SENDER = f"zalo:{USER}"


@pytest.fixture
def app(tmp_path, fake_rasa, fake_zalo, no_warm_up):
    with start_app(make_settings(tmp_path, fake_rasa, fake_zalo=fake_zalo)) as client:
        yield client


def drain(client) -> None:
    client.portal.call(client.app.state.channels.dispatcher.drain, 5)


def buttons_of(message: dict) -> list[dict]:
    return message.get("attachment", {}).get("payload", {}).get("buttons", [])


# ---- the webhook signature -----------------------------------------------------------------------

def test_a_signed_text_message_is_answered_through_the_cs_api(app, fake_zalo, fake_rasa):
    response = zalo_post(app, text_event(USER, "msg-1", "thủ tục này nộp ở đâu"))
    assert response.status_code == 200
    [body] = wait_until(lambda: fake_zalo.sent)
    assert body == {"recipient": {"user_id": USER}, "message": {"text": "Dạ, em đã nhận: thủ tục này nộp ở đâu"},
                    "token": "at-0"}
    assert fake_rasa.received[0]["sender"] == SENDER
    assert fake_rasa.received[0]["metadata"] == {"channel": "zalo"}


def _tampered(event: dict) -> tuple[bytes, dict]:
    raw = json.dumps(event, ensure_ascii=False).encode()
    header = sign(event["app_id"], raw, ZALO_OA_SECRET)
    tampered = raw.replace("xin chào".encode(), "tạm biệt".encode())
    assert tampered != raw
    return tampered, {"X-ZEvent-Signature": header}


@pytest.mark.parametrize("case", ["missing", "not mac", "wrong secret", "wrong app id", "tampered body",
                                  "no timestamp", "not json", "replayed an hour later", "from the future"])
def test_anything_but_a_valid_signature_is_refused(app, fake_zalo, fake_rasa, case):
    event = text_event(USER, "msg-x", "xin chào")
    raw = json.dumps(event).encode()
    headers = {"X-ZEvent-Signature": sign(event["app_id"], raw, ZALO_OA_SECRET)}
    if case == "missing":
        headers = {}
    elif case == "not mac":
        headers = {"X-ZEvent-Signature": headers["X-ZEvent-Signature"][4:]}
    elif case == "wrong secret":
        headers = {"X-ZEvent-Signature": sign(event["app_id"], raw, "another-secret")}
    elif case == "wrong app id":
        headers = {"X-ZEvent-Signature": sign("1111", raw, ZALO_OA_SECRET)}
    elif case == "tampered body":
        raw, headers = _tampered(event)
    elif case == "no timestamp":
        del event["timestamp"]
        raw = json.dumps(event).encode()
    elif case == "not json":
        raw = b"timestamp=1"
    elif case in ("replayed an hour later", "from the future"):   # correctly signed, but not now
        shift = -3600 if case == "replayed an hour later" else 3600
        event["timestamp"] = str(int((time.time() + shift) * 1000))
        raw = json.dumps(event).encode()
        headers = {"X-ZEvent-Signature": sign(event["app_id"], raw, ZALO_OA_SECRET)}
    response = app.post("/zalo/webhook", content=raw, headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 401
    drain(app)
    assert fake_rasa.received == [] and fake_zalo.sent == []


def test_a_retried_event_is_answered_once(app, fake_zalo, fake_rasa):
    event = text_event(USER, "msg-2", "chào em")
    for _ in range(3):
        assert zalo_post(app, event).status_code == 200
    drain(app)
    assert len(fake_zalo.sent) == 1 and fake_rasa.messages_of(SENDER) == ["chào em"]


def test_events_needing_no_answer_are_acknowledged_and_ignored(app, fake_zalo, fake_rasa):
    for name in ("user_received_message", "user_seen_message", "oa_send_text"):
        event = {"app_id": fake_zalo.app_id, "event_name": name, "timestamp": str(int(time.time() * 1000)),
                 "sender": {"id": "oa-1"}, "recipient": {"id": USER}, "message": {"msg_id": "x", "text": "t"}}
        assert zalo_post(app, event).status_code == 200
    drain(app)
    assert fake_rasa.received == [] and fake_zalo.sent == []


# ---- buttons and long answers ---------------------------------------------------------------------

def test_a_procedure_question_gets_split_text_and_buttons_that_work(app, fake_zalo, fake_rasa):
    zalo_post(app, text_event(USER, "msg-3", "làm khai sinh cần giấy tờ gì"))
    drain(app)
    messages = [b["message"] for b in fake_zalo.sent]
    assert len(messages) == 3 and all(len(m["text"]) <= 2000 for m in messages)
    assert all(m["text"].endswith(".") for m in messages)
    assert [bool(buttons_of(m)) for m in messages] == [False, False, True]
    assert messages[-1]["attachment"]["type"] == "template"
    assert buttons_of(messages[-1]) == [
        {"title": t, "type": "oa.query.show", "payload": t}
        for t in ("Lệ phí", "Thời gian giải quyết", "Xem thêm giấy tờ", "Gặp cán bộ")]

    # a tap sends the title back as the citizen's text; the router gets the real payload
    zalo_post(app, text_event(USER, "msg-4", "Lệ phí"))
    zalo_post(app, text_event(USER, "msg-5", "Xem thêm giấy tờ"))
    drain(app)
    assert fake_rasa.messages_of(SENDER)[-2:] == [FEE_PAYLOAD, MORE_PAYLOAD]
    assert fake_zalo.texts_to(USER)[-2:] == ["Dạ, đăng ký khai sinh (1.001193) không mất lệ phí ạ.",
                                             "Dạ, trang 2 giấy tờ của đăng ký khai sinh (1.001193)."]


def test_follow_greets_and_unfollow_sends_nothing(app, fake_zalo, fake_rasa):
    zalo_post(app, follow_event(USER))
    drain(app)
    [body] = fake_zalo.sent
    assert body["message"]["text"] == GREETING[0]["text"]
    assert [b["title"] for b in buttons_of(body["message"])] == [b["title"] for b in GREETING[0]["buttons"]]
    zalo_post(app, follow_event(USER, "unfollow"))
    drain(app)
    assert len(fake_zalo.sent) == 1 and fake_rasa.messages_of(SENDER) == ["/greet"]
    with app.app.state.services.db.session() as session:
        assert session.get(ChannelContact, SENDER).followed is False


@pytest.mark.parametrize("event_name, payload, kind", [
    ("user_send_image", {"url": "https://zalo.cdn/a.jpg", "thumbnail": "https://zalo.cdn/t.jpg"}, "photo"),
    ("user_send_sticker", {"id": "st-1", "url": "https://zalo.cdn/s.png"}, "sticker"),
    ("user_send_audio", {"url": "https://zalo.cdn/v.aac"}, "voice"),
    ("user_send_file", {"url": "https://zalo.cdn/d.pdf", "name": "don.pdf", "size": "1024", "type": "pdf"}, "file"),
    ("user_send_location", {"coordinates": {"latitude": "10.76", "longitude": "106.66"}}, "location"),
])
def test_non_text_events_get_a_polite_reply(app, fake_zalo, fake_rasa, event_name, payload, kind):
    zalo_post(app, attachment_event(USER, "msg-a", event_name, payload))
    drain(app)
    [body] = fake_zalo.sent
    assert body["message"]["text"] == replies.non_text_reply(kind).text
    assert "Gặp cán bộ" in [b["title"] for b in buttons_of(body["message"])]
    assert fake_rasa.received == []


# ---- access tokens ---------------------------------------------------------------------------------

def _token_row(app) -> ZaloToken:
    with app.app.state.services.db.session() as session:
        row = session.get(ZaloToken, "oa")
        session.expunge(row)
        return row


def test_the_token_is_refreshed_before_it_expires(app, fake_zalo):
    zalo_post(app, text_event(USER, "msg-6", "chào"))
    drain(app)
    with app.app.state.services.db.session() as session:
        session.get(ZaloToken, "oa").expires_at = datetime.now(timezone.utc) + timedelta(minutes=10)
    zalo_post(app, text_event(USER, "msg-7", "chào lần nữa"))
    drain(app)
    assert fake_zalo.refreshes == [{"app_id": fake_zalo.app_id, "refresh_token": "rt-0", "grant_type": "refresh_token"}]
    assert [b["token"] for b in fake_zalo.sent] == ["at-0", "at-1"] and fake_zalo.rejected == []
    row = _token_row(app)
    assert (row.access_token, row.refresh_token, row.refresh_count) == ("at-1", "rt-1", 1)
    assert row.expires_at is not None


def test_an_expired_token_mid_conversation_is_refreshed_and_the_reply_still_arrives(app, fake_zalo):
    zalo_post(app, text_event(USER, "msg-8", "câu thứ nhất"))
    drain(app)
    fake_zalo.expire("at-0")
    zalo_post(app, text_event(USER, "msg-9", "câu thứ hai"))
    drain(app)
    assert [r["error"] for r in fake_zalo.rejected] == [-220]
    assert fake_zalo.texts_to(USER) == ["Dạ, em đã nhận: câu thứ nhất", "Dạ, em đã nhận: câu thứ hai"]
    assert fake_zalo.sent[-1]["token"] == "at-1" and len(fake_zalo.refreshes) == 1
    # the next message uses the stored new token without refreshing again
    zalo_post(app, text_event(USER, "msg-10", "câu thứ ba"))
    drain(app)
    assert fake_zalo.sent[-1]["token"] == "at-1" and len(fake_zalo.refreshes) == 1


async def test_two_processes_never_burn_the_same_refresh_token(database):
    """Two token stores (two app processes) refresh at once: one refresh call, one new token."""
    fake = FakeZalo(refresh_delay=0.3)
    with ServerThread(fake.app()) as server:
        settings = Settings(zalo_app_id=fake.app_id, zalo_app_secret_key=fake.app_secret_key,
                            zalo_access_token="at-0", zalo_refresh_token="rt-0", zalo_oauth_base_url=server.url)
        first, second = ZaloTokenStore(database, settings), ZaloTokenStore(database, settings)
        try:
            tokens = await asyncio.gather(first.refresh("at-0"), second.refresh("at-0"), first.refresh("at-0"))
        finally:
            first.close()
            second.close()
    assert tokens == ["at-1", "at-1", "at-1"]
    assert [r["refresh_token"] for r in fake.refreshes] == ["rt-0"]
    with database.session() as session:
        row = session.get(ZaloToken, "oa")
        assert (row.refresh_token, row.refresh_count) == ("rt-1", 1)


async def test_a_refused_refresh_token_is_an_error_and_the_stored_tokens_stay(database):
    fake = FakeZalo(refresh_tokens={})   # rt-0 unknown: burned or revoked
    with ServerThread(fake.app()) as server:
        settings = Settings(zalo_app_id=fake.app_id, zalo_app_secret_key=fake.app_secret_key,
                            zalo_access_token="at-0", zalo_refresh_token="rt-0", zalo_oauth_base_url=server.url)
        store = ZaloTokenStore(database, settings)
        try:
            with pytest.raises(ZaloTokenError, match="-14014"):
                await store.refresh("at-0")
        finally:
            store.close()
    with database.session() as session:
        assert session.get(ZaloToken, "oa").refresh_token == "rt-0"


# ---- officer replies and the reply window ---------------------------------------------------------

def _enqueue(app, text: str, kind: str = "officer_reply") -> int:
    with app.app.state.services.db.session() as session:
        return outbox.enqueue(session, "zalo", SENDER, kind, {"text": text, "from": "officer"}).id


def _outbox_row(app, row_id: int) -> OutboxMessage:
    with app.app.state.services.db.session() as session:
        row = session.get(OutboxMessage, row_id)
        session.expunge(row)
        return row


def _set_last_inbound(app, when: datetime) -> None:
    with app.app.state.services.db.session() as session:
        session.get(ChannelContact, SENDER).last_inbound_at = when


def test_an_officer_reply_inside_the_window_is_delivered(app, fake_zalo):
    zalo_post(app, text_event(USER, "msg-11", "cho tôi gặp cán bộ"))
    drain(app)
    row_id = _enqueue(app, "Dạ, tôi là cán bộ Lan, tôi xem hồ sơ giúp anh.")
    wait_until(lambda: _outbox_row(app, row_id).delivered_at)
    assert fake_zalo.texts_to(USER)[-1] == "Cán bộ: Dạ, tôi là cán bộ Lan, tôi xem hồ sơ giúp anh."


def test_a_reply_after_the_window_is_failed_with_a_reason_for_the_officer(app, fake_zalo):
    zalo_post(app, text_event(USER, "msg-12", "cho tôi gặp cán bộ"))
    drain(app)
    _set_last_inbound(app, datetime.now(timezone.utc) - timedelta(days=8))
    sent_before = len(fake_zalo.sent)
    row_id = _enqueue(app, "Xin lỗi anh đã chờ lâu.")
    row = wait_until(lambda: (r := _outbox_row(app, row_id)).last_error and r)
    assert row.last_error.startswith("zalo_reply_window_closed:")
    assert "quá 7 ngày" in row.last_error and row.delivered_at is None
    assert len(fake_zalo.sent) == sent_before
    with app.app.state.services.db.session() as session:
        assert outbox.pending(session, "zalo") == []


def test_zalo_refusing_for_the_window_also_fails_the_row_for_good(app, fake_zalo):
    zalo_post(app, text_event(USER, "msg-13", "chào"))
    drain(app)
    fake_zalo.closed_window_users.add(USER)
    row_id = _enqueue(app, "Hồ sơ đã có kết quả.", kind="status_notification")
    row = wait_until(lambda: (r := _outbox_row(app, row_id)).last_error and r)
    assert row.last_error.startswith("zalo_reply_window_closed:") and "(Zalo -230)" in row.last_error
    assert row.attempts >= 10


def test_zalo_off_without_app_id(tmp_path, fake_rasa, no_warm_up):
    with start_app(make_settings(tmp_path, fake_rasa)) as client:
        event = text_event(USER, "m", "chào")
        assert zalo_post(client, event).status_code == 404


def test_the_trace_says_the_conversation_came_by_zalo(app, fake_zalo, fake_rasa):
    from domain.audit import build_summary

    zalo_post(app, text_event(USER, "msg-trace", "thủ tục này nộp ở đâu"))
    wait_until(lambda: fake_rasa.received)
    wait_until(lambda: _conversation_exists(app, f"zalo:{USER}"))
    with app.app.state.services.db.session() as session:
        assert build_summary(session, f"zalo:{USER}")["channel"] == "zalo"


def _conversation_exists(app, sender: str) -> bool:
    from domain.handoff.service import get_conversation

    with app.app.state.services.db.session() as session:
        return get_conversation(session, sender) is not None
