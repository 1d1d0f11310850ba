"""Feedback on Telegram and Zalo against the local stand-ins: after a procedure answer the citizen
gets "Hữu ích / Chưa đúng" (inline keyboard / Zalo template buttons); a tap is taken by the
conversation router without calling Rasa, stored with the turn it rates, and asks for a comment."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.feedback import texts
from domain.feedback.models import DeskItem, Feedback
from domain.handoff.models import ConversationMessage
from tests.channels.conftest import (  # noqa: F401
    fake_telegram,
    fake_zalo,
    make_settings,
    no_warm_up,
    start_app,
    telegram_post,
    zalo_post,
)
from tests.channels.fakes.rasa_api import FakeRasa
from tests.channels.fakes.server import ServerThread, wait_until
from tests.channels.fakes.telegram_api import callback_update, message_update
from tests.channels.fakes.zalo_api import text_event

QUESTION = "làm khai sinh ở đâu"


class ProcedureRasa(FakeRasa):
    """The stand-in Rasa, whose answer action identified procedure 1.001193 in this turn."""

    async def _tracker(self, request: Request) -> JSONResponse:
        return JSONResponse({"sender_id": request.path_params["sender"], "slots": {"procedure_code": "1.001193"},
                             "latest_message": {"intent": {"name": "ask_where", "confidence": 0.97}, "entities": []},
                             "active_loop": {}, "events": [{"event": "user"}, {"event": "slot",
                                                                                "name": "procedure_code",
                                                                                "value": "1.001193"}]})


@pytest.fixture
def fake_rasa():
    fake = ProcedureRasa()
    with ServerThread(fake.app()) as server:
        fake.url = server.url
        yield fake


def _stored(client, sender: str) -> tuple[Feedback, str, list[DeskItem]]:
    with client.app.state.services.db.session() as s:
        feedback = s.scalar(select(Feedback).where(Feedback.sender_id == sender))
        rated = s.get(ConversationMessage, feedback.inbound_id).text
        items = list(s.scalars(select(DeskItem).where(DeskItem.sender_id == sender)))
        s.expunge_all()
        return feedback, rated, items


def test_telegram_inline_keyboard_feedback(tmp_path, fake_rasa, fake_telegram, no_warm_up):  # noqa: F811
    chat, sender = 5151, "telegram:5151"
    with start_app(make_settings(tmp_path, fake_rasa, fake_telegram)) as app:
        wait_until(lambda: fake_telegram.of("setWebhook"))
        telegram_post(app, message_update(chat, 1, QUESTION))
        sent = lambda: [p for p in fake_telegram.of("sendMessage") if p["chat_id"] == str(chat)]  # noqa: E731
        offer = wait_until(lambda: next((p for p in sent() if p["text"] == texts.OFFER), None))
        buttons = [row[0] for row in offer["reply_markup"]["inline_keyboard"]]
        assert [b["text"] for b in buttons] == ["Hữu ích", "Chưa đúng"]
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)   # no short id needed

        telegram_post(app, callback_update(chat, "cbq-f1", buttons[1]["callback_data"]))
        wait_until(lambda: any(p["text"] == texts.ASK_COMMENT for p in sent()))
        assert {"callback_query_id": "cbq-f1"} in fake_telegram.of("answerCallbackQuery")
        telegram_post(app, message_update(chat, 2, "tôi hỏi ở phường nào cơ"))
        wait_until(lambda: any(p["text"] == texts.THANKS_COMMENT for p in sent()))
        assert fake_rasa.messages_of(sender) == [QUESTION]          # neither the tap nor the comment
        feedback, rated, items = _stored(app, sender)
        assert (feedback.rating, feedback.topic, rated, feedback.comment) == (
            "down", "procedure:1.001193", QUESTION, "tôi hỏi ở phường nào cơ")
        assert [(i.reason, i.channel) for i in items] == [("negative_feedback", "telegram")]


def test_zalo_template_buttons_feedback(tmp_path, fake_rasa, fake_zalo, no_warm_up):  # noqa: F811
    user, sender = "8800000000000000001", "zalo:8800000000000000001"
    with start_app(make_settings(tmp_path, fake_rasa, fake_zalo=fake_zalo)) as app:
        zalo_post(app, text_event(user, "m-1", QUESTION))
        app.portal.call(app.app.state.channels.dispatcher.drain, 5)
        offer = wait_until(lambda: next((b["message"] for b in fake_zalo.sent
                                         if b["message"].get("text") == texts.OFFER), None))
        titles = [b["title"] for b in offer["attachment"]["payload"]["buttons"]]
        assert titles == ["Hữu ích", "Chưa đúng"]
        zalo_post(app, text_event(user, "m-2", "Hữu ích"))            # a tap sends the title back
        app.portal.call(app.app.state.channels.dispatcher.drain, 5)
        wait_until(lambda: texts.THANKS_UP in fake_zalo.texts_to(user))
        assert fake_rasa.messages_of(sender) == [QUESTION]
        feedback, rated, items = _stored(app, sender)
        assert (feedback.rating, rated, feedback.channel, items) == ("up", QUESTION, "zalo", [])
