"""Telegram end to end through the app: real PTB code against a stand-in Bot API server.

Each test asserts the exact Bot API requests the product sent (sendMessage text and
reply_markup, answerCallbackQuery, setWebhook).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from connectors import payload_map, replies
from connectors.models import ChannelAttachment
from core import outbox
from core.outbox.models import OutboxMessage
from domain.handoff.service import request_handoff
from tests.channels.conftest import TELEGRAM_SECRET, make_settings, start_app, telegram_post
from tests.channels.fakes.rasa_api import FEE_PAYLOAD, GREETING, MORE_PAYLOAD, TIME_PAYLOAD
from tests.channels.fakes.server import wait_until
from tests.channels.fakes.telegram_api import callback_update, message_update, photo_update

CHAT = 4242
SENDER = f"telegram:{CHAT}"


@pytest.fixture
def app(tmp_path, fake_rasa, fake_telegram, no_warm_up):
    settings = make_settings(tmp_path, fake_rasa, fake_telegram)
    with start_app(settings) as client:
        wait_until(lambda: fake_telegram.of("setWebhook"))
        yield client


def sent(fake_telegram, chat: int = CHAT) -> list[dict]:
    return [p for p in fake_telegram.of("sendMessage") if p["chat_id"] == str(chat)]


def keyboard(buttons: list[tuple[str, str]]) -> dict:
    return {"inline_keyboard": [[{"text": title, "callback_data": data}] for title, data in buttons]}


def test_startup_registers_the_webhook_with_its_secret(app, fake_telegram):
    assert fake_telegram.of("getMe")
    assert fake_telegram.of("setWebhook") == [{
        "url": "https://dvc.example.gov.vn/telegram/webhook", "secret_token": TELEGRAM_SECRET,
        "allowed_updates": ["message", "callback_query"],
    }]


@pytest.mark.parametrize("secret", [None, "", "wrong", TELEGRAM_SECRET + "x"])
def test_a_webhook_without_the_right_secret_is_refused(app, fake_telegram, fake_rasa, secret):
    response = telegram_post(app, message_update(CHAT, 1, "chào em"), secret=secret)
    assert response.status_code == 401
    app.portal.call(app.app.state.channels.dispatcher.drain, 5)
    assert fake_rasa.received == [] and sent(fake_telegram) == []


def test_text_message_is_answered_with_the_routers_reply(app, fake_telegram, fake_rasa):
    response = telegram_post(app, message_update(CHAT, 1, "thủ tục này nộp ở đâu"))
    assert response.status_code == 200 and response.json() == {"ok": True}
    [reply] = wait_until(lambda: sent(fake_telegram))
    assert reply == {"chat_id": str(CHAT), "text": "Dạ, em đã nhận: thủ tục này nộp ở đâu"}
    assert fake_rasa.received[0] == {"sender": SENDER, "message": "thủ tục này nộp ở đâu",
                                     "metadata": {"channel": "telegram"}}


def test_start_greets_with_an_inline_keyboard(app, fake_telegram, fake_rasa):
    telegram_post(app, message_update(CHAT, 1, "/start"))
    [reply] = wait_until(lambda: sent(fake_telegram))
    assert reply == {"chat_id": str(CHAT), "text": GREETING[0]["text"],
                     "reply_markup": keyboard([(b["title"], b["payload"]) for b in GREETING[0]["buttons"]])}
    assert fake_rasa.messages_of(SENDER) == ["/greet"]


def test_help_human_and_reset_commands(app, fake_telegram, fake_rasa):
    for n, command in enumerate(["/help", "/human", "/reset@dvc_test_bot"], start=1):
        telegram_post(app, message_update(CHAT, n, command))
    replies_sent = wait_until(lambda: len(sent(fake_telegram)) == 3 and sent(fake_telegram))
    assert [r["text"] for r in replies_sent] == [
        replies.HELP.text, "Dạ, em đang chuyển anh/chị sang cán bộ. Anh/chị vui lòng chờ một chút ạ.",
        replies.RESET_DONE.text]
    assert replies_sent[0]["reply_markup"] == keyboard([(b.title, b.payload) for b in replies.HELP.buttons])
    assert fake_rasa.messages_of(SENDER) == ["/request_human", "/restart"]


def test_procedure_question_long_answer_is_split_and_long_payloads_get_short_ids(app, fake_telegram, fake_rasa):
    telegram_post(app, message_update(CHAT, 1, "làm khai sinh cần giấy tờ gì"))
    parts = wait_until(lambda: len(sent(fake_telegram)) >= 2 and sent(fake_telegram))
    app.portal.call(app.app.state.channels.dispatcher.drain, 5)
    parts = sent(fake_telegram)
    assert len(parts) == 2
    assert all(len(p["text"]) <= 4096 and p["text"].endswith(".") for p in parts)
    assert "reply_markup" not in parts[0]
    short = payload_map.short_id(MORE_PAYLOAD, f"telegram:{CHAT}")
    assert parts[1]["reply_markup"] == keyboard([("Lệ phí", FEE_PAYLOAD), ("Thời gian giải quyết", TIME_PAYLOAD),
                                                 ("Xem thêm giấy tờ", short), ("Gặp cán bộ", "/request_human")])
    assert all(len(b[0]["callback_data"].encode()) <= 64 for b in parts[1]["reply_markup"]["inline_keyboard"])

    # the citizen taps the long-payload button: the callback is answered, the router gets the full payload
    telegram_post(app, callback_update(CHAT, "cbq-1", short))
    wait_until(lambda: len(sent(fake_telegram)) == 3)
    assert fake_telegram.of("answerCallbackQuery") == [{"callback_query_id": "cbq-1"}]
    assert fake_rasa.messages_of(SENDER)[-1] == MORE_PAYLOAD
    assert sent(fake_telegram)[-1] == {"chat_id": str(CHAT),
                                       "text": "Dạ, trang 2 giấy tờ của đăng ký khai sinh (1.001193)."}

    telegram_post(app, callback_update(CHAT, "cbq-2", FEE_PAYLOAD))
    wait_until(lambda: len(sent(fake_telegram)) == 4)
    assert sent(fake_telegram)[-1]["text"] == "Dạ, đăng ký khai sinh (1.001193) không mất lệ phí ạ."
    assert {"callback_query_id": "cbq-2"} in fake_telegram.of("answerCallbackQuery")


def test_an_unknown_short_id_is_answered_as_an_old_button(app, fake_telegram, fake_rasa):
    telegram_post(app, callback_update(CHAT, "cbq-9", payload_map.short_id("forgotten payload")))
    [reply] = wait_until(lambda: sent(fake_telegram))
    assert reply["text"] == replies.EXPIRED_BUTTON.text
    assert fake_telegram.of("answerCallbackQuery") == [{"callback_query_id": "cbq-9"}]
    assert fake_rasa.received == []


def test_retried_deliveries_never_produce_a_second_reply(app, fake_telegram, fake_rasa):
    update = message_update(CHAT, 7, "chào em", update_id=555)
    assert telegram_post(app, update).status_code == 200
    assert telegram_post(app, update).status_code == 200          # Telegram retries
    with ThreadPoolExecutor(4) as pool:                           # ...even at the same time
        statuses = list(pool.map(lambda _: telegram_post(app, update).status_code, range(4)))
    assert statuses == [200] * 4
    app.portal.call(app.app.state.channels.dispatcher.drain, 5)
    assert len(sent(fake_telegram)) == 1
    assert fake_rasa.messages_of(SENDER) == ["chào em"]


def test_messages_of_one_chat_are_answered_in_order(app, fake_telegram):
    telegram_post(app, message_update(CHAT, 1, "chậm một"))
    telegram_post(app, message_update(CHAT, 2, "hai"))
    wait_until(lambda: len(sent(fake_telegram)) == 2)
    assert [r["text"] for r in sent(fake_telegram)] == ["Dạ, em đã nhận: chậm một", "Dạ, em đã nhận: hai"]


def test_group_chats_and_edits_are_ignored(app, fake_telegram, fake_rasa):
    group = message_update(-100, 1, "chào")
    group["message"]["chat"] = {"id": -100, "type": "group", "title": "Nhóm"}
    edited = {"update_id": 99, "edited_message": message_update(CHAT, 1, "sửa")["message"]}
    for update in (group, edited):
        assert telegram_post(app, update).status_code == 200
    app.portal.call(app.app.state.channels.dispatcher.drain, 5)
    assert fake_rasa.received == [] and fake_telegram.of("sendMessage") == []


def test_a_photo_gets_the_non_text_reply_outside_a_handoff(app, fake_telegram, fake_rasa):
    telegram_post(app, photo_update(CHAT, 3))
    [reply] = wait_until(lambda: sent(fake_telegram))
    expected = replies.non_text_reply("photo")
    assert reply == {"chat_id": str(CHAT), "text": expected.text,
                     "reply_markup": keyboard([(b.title, b.payload) for b in expected.buttons])}


def test_during_a_handoff_a_photo_reaches_the_officer_who_can_download_it(app, fake_telegram, fake_rasa):
    db = app.app.state.services.db
    with db.session() as session:
        assert request_handoff(session, SENDER, channel="telegram").status == "queued"
    fake_telegram.files["photo-big"] = b"\xff\xd8 jpeg bytes"
    telegram_post(app, photo_update(CHAT, 4, file_id="photo-big", caption="giấy tờ của tôi"))
    [reply] = wait_until(lambda: sent(fake_telegram))
    assert reply["text"] == replies.forwarded_to_officer("photo").text
    with db.session() as session:
        attachment = session.query(ChannelAttachment).one()
        key = attachment.download_key
        assert (attachment.sender_id, attachment.file_id, attachment.caption) == (SENDER, "photo-big", "giấy tờ của tôi")
    download = app.get(f"/telegram/files/{key}")
    assert download.status_code == 200 and download.content == b"\xff\xd8 jpeg bytes"
    assert fake_telegram.of("getFile") == [{"file_id": "photo-big"}]
    assert app.get("/telegram/files/not-a-key").status_code == 404


def test_officer_replies_are_delivered_from_the_outbox(app, fake_telegram):
    db = app.app.state.services.db
    with db.session() as session:
        row = outbox.enqueue(session, "telegram", SENDER, "officer_reply",
                             {"text": "Hồ sơ của anh/chị đã đủ.", "from": "officer"})
        row_id = row.id
    [reply] = wait_until(lambda: sent(fake_telegram))
    assert reply == {"chat_id": str(CHAT), "text": "Cán bộ: Hồ sơ của anh/chị đã đủ."}
    wait_until(lambda: _row(db, row_id).delivered_at is not None)


def test_a_citizen_who_blocked_the_bot_is_reported_to_the_officer(app, fake_telegram):
    db = app.app.state.services.db
    fake_telegram.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with db.session() as session:
        row_id = outbox.enqueue(session, "telegram", SENDER, "status_notification",
                                {"text": "Hồ sơ đã có kết quả."}).id
    row = wait_until(lambda: (r := _row(db, row_id)).last_error and r)
    assert row.last_error.startswith("telegram_blocked:") and row.delivered_at is None
    with db.session() as session:
        assert outbox.pending(session, "telegram") == []      # never retried


def test_flood_control_waits_and_retries(app, fake_telegram):
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    telegram_post(app, message_update(CHAT, 1, "chào"))
    [reply] = wait_until(lambda: sent(fake_telegram)[1:], timeout=10)   # the first try was refused
    assert reply["text"] == "Dạ, em đã nhận: chào"


def _row(db, row_id: int) -> OutboxMessage:
    with db.session() as session:
        row = session.get(OutboxMessage, row_id)
        session.expunge(row)
        return row


def test_polling_mode_when_there_is_no_webhook_url(tmp_path, fake_rasa, fake_telegram, no_warm_up):
    settings = make_settings(tmp_path, fake_rasa, fake_telegram, telegram_webhook_url="")
    fake_telegram.queue_update(message_update(CHAT, 1, "chào em", update_id=10))
    with start_app(settings):
        [reply] = wait_until(lambda: sent(fake_telegram))
        assert reply == {"chat_id": str(CHAT), "text": "Dạ, em đã nhận: chào em"}
        fake_telegram.queue_update(callback_update(CHAT, "cbq-p", "/request_human") | {"update_id": 11})
        wait_until(lambda: len(sent(fake_telegram)) == 2)
        assert fake_telegram.of("answerCallbackQuery") == [{"callback_query_id": "cbq-p"}]
    calls = [c.method for c in fake_telegram.calls]
    assert "setWebhook" not in calls and "getUpdates" in calls
    offsets = [int(p.get("offset", 0)) for p in fake_telegram.of("getUpdates")]
    assert 12 in offsets        # both updates were confirmed, none is fetched twice
    assert fake_rasa.messages_of(SENDER) == ["chào em", "/request_human"]


def test_the_trace_says_the_conversation_came_by_telegram(app, fake_telegram, fake_rasa):
    from domain.audit import build_summary

    telegram_post(app, message_update(CHAT, 1, "thủ tục này nộp ở đâu"))
    wait_until(lambda: sent(fake_telegram))
    with app.app.state.services.db.session() as session:
        assert build_summary(session, SENDER)["channel"] == "telegram"
