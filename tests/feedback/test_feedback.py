"""Citizen feedback: the offer after a procedure answer (once per topic), the buttons handled
before Rasa on every channel, POST /api/v1/feedback, and the desk items they create."""
from __future__ import annotations

from sqlalchemy import select

from domain.feedback import texts
from domain.feedback.models import DeskItem, Feedback
from domain.handoff.models import ConversationMessage
from tests.feedback.conftest import chat, token


def _offers(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["text"] == texts.OFFER]


def _payload(offer: dict, title: str) -> str:
    return next(b["payload"] for b in offer["buttons"] if b["title"] == title)


def test_procedure_answer_offers_feedback_once_per_topic(app_client):
    first = chat(app_client, "web-fb1", "làm giấy khai sinh")
    offer = _offers(first)
    assert len(offer) == 1 and [b["title"] for b in offer[0]["buttons"]] == ["Hữu ích", "Chưa đúng"]
    assert first[0]["text"].startswith("Thủ tục 1.001193")          # the answer comes first
    assert _offers(chat(app_client, "web-fb1", "khai sinh cho con")) == []   # same procedure: not asked again
    assert len(_offers(chat(app_client, "web-fb1", "đăng ký tạm trú"))) == 1
    assert _offers(chat(app_client, "web-fb1", "cảm ơn")) == []       # small talk is not rated


def test_not_right_button_rates_the_turn_asks_a_comment_and_never_calls_rasa(app_client, rasa, database):
    offer = _offers(chat(app_client, "web-fb2", "làm giấy khai sinh"))[0]
    chat(app_client, "web-fb2", "đăng ký tạm trú")                   # a later turn: the button still rates its own
    sent_before = len(rasa.sent_by("web-fb2"))
    reply = chat(app_client, "web-fb2", _payload(offer, "Chưa đúng"))
    assert reply[0]["text"] == texts.ASK_COMMENT and reply[0]["buttons"][0]["title"] == "Bỏ qua"
    thanks = chat(app_client, "web-fb2", "em hỏi khai sinh cho con, số em 0912345678")
    assert thanks[0]["text"] == texts.THANKS_COMMENT
    assert len(rasa.sent_by("web-fb2")) == sent_before                # neither the tap nor the comment
    with database.session() as s:
        feedback = s.scalar(select(Feedback).where(Feedback.sender_id == "web-fb2"))
        rated = s.get(ConversationMessage, feedback.inbound_id)
        assert (feedback.rating, feedback.topic, rated.text) == ("down", "procedure:1.001193", "làm giấy khai sinh")
        assert "0912345678" not in feedback.comment and "khai sinh cho con" in feedback.comment
        item = s.scalar(select(DeskItem).where(DeskItem.sender_id == "web-fb2"))
        assert (item.reason, item.text, item.message_id) == ("negative_feedback", "làm giấy khai sinh", rated.id)
    # after the comment, the next message is a question for the bot again
    chat(app_client, "web-fb2", "khai sinh cho con")
    assert len(rasa.sent_by("web-fb2")) == sent_before + 1


def test_useful_button_thanks_and_a_second_tap_changes_the_one_rating(app_client, database):
    offer = _offers(chat(app_client, "web-fb3", "làm giấy khai sinh"))[0]
    assert chat(app_client, "web-fb3", _payload(offer, "Hữu ích"))[0]["text"] == texts.THANKS_UP
    chat(app_client, "web-fb3", _payload(offer, "Chưa đúng"))
    assert chat(app_client, "web-fb3", texts.SKIP_BUTTON["payload"])[0]["text"] == texts.SKIPPED
    with database.session() as s:
        rows = list(s.scalars(select(Feedback).where(Feedback.sender_id == "web-fb3")))
        assert [(r.rating, r.comment, r.awaiting_comment) for r in rows] == [("down", None, False)]


def test_feedback_api_rates_the_latest_answer(app_client, database):
    chat(app_client, "web-fb4", "làm giấy khai sinh")
    chat(app_client, "web-fb4", "trời mưa không")
    response = app_client.post("/api/v1/feedback", json={"sender_id": "web-fb4", "rating": "down",
                                                          "comment": "sai rồi"}, headers=token("web-fb4"))
    assert response.status_code == 200, response.text
    body = response.json()
    with database.session() as s:
        assert s.get(ConversationMessage, body["turn_message_id"]).text == "trời mưa không"
        assert s.get(ConversationMessage, body["answer_message_id"]).author == "bot"
    again = app_client.post("/api/v1/feedback", json={"sender_id": "web-fb4", "rating": "up"},
                            headers=token("web-fb4")).json()
    assert again["id"] == body["id"] and again["rating"] == "up"


def test_feedback_api_refuses_unknown_conversations_bad_bodies_and_missing_tokens(app_client):
    chat(app_client, "web-fb5", "làm giấy khai sinh")
    from api import web_session

    settings = app_client.app.state.services.settings
    unknown = app_client.post("/api/v1/feedback", json={"sender_id": "web-none", "rating": "up"},
                              headers={"X-Session-Token": web_session.token_for(settings, "web-none")})
    assert unknown.status_code == 404 and "Không có cuộc trò chuyện" in unknown.json()["detail"]
    bad = app_client.post("/api/v1/feedback", json={"sender_id": "web-fb5", "rating": "5 sao"},
                          headers=token("web-fb5"))
    assert bad.status_code == 422 and "rating" in bad.json()["fields"] and "Hữu ích" in bad.json()["detail"]
    assert app_client.post("/api/v1/feedback", content=b"{not json", headers=token("web-fb5")).status_code == 422
    no_token = app_client.post("/api/v1/feedback", json={"sender_id": "web-fb5", "rating": "up"})
    assert no_token.status_code == 401
    channel = app_client.post("/api/v1/feedback", json={"sender_id": "telegram:42", "rating": "up"})
    assert channel.status_code == 403


def test_fallback_low_confidence_and_denied_procedure_go_to_the_desk(app_client, database):
    chat(app_client, "web-fb6", "asdkjh")
    chat(app_client, "web-fb6", "xin giấy gì đó")
    chat(app_client, "web-fb6", "làm giấy khai sinh")
    chat(app_client, "web-fb6", "không phải")
    with database.session() as s:
        items = {(i.reason, i.text) for i in s.scalars(select(DeskItem).where(DeskItem.sender_id == "web-fb6"))}
    assert items == {("fallback", "asdkjh"), ("low_confidence", "xin giấy gì đó"),
                     ("denied_procedure", "làm giấy khai sinh")}


def test_handoff_after_failed_understanding_goes_to_the_desk_and_is_offered_feedback(app_client, database):
    chat(app_client, "web-fb7", "qwerty zxc")
    replies = chat(app_client, "web-fb7", "/request_human")
    assert len(_offers(replies)) == 1
    with database.session() as s:
        reasons = {i.reason for i in s.scalars(select(DeskItem).where(DeskItem.sender_id == "web-fb7"))}
    assert reasons == {"fallback", "handoff_after_failure"}


def test_not_right_after_a_button_answer_puts_the_typed_question_on_the_desk(app_client, rasa, database):
    rasa.procedures['/ask_fee{"procedure_code":"1.004194"}'] = "1.004194"
    chat(app_client, "web-fb8", "làm giấy khai sinh")
    offer = _offers(chat(app_client, "web-fb8", '/ask_fee{"procedure_code":"1.004194"}'))[0]
    chat(app_client, "web-fb8", _payload(offer, "Chưa đúng"))
    chat(app_client, "web-fb8", "/request_human")                       # another button: no comment taken
    with database.session() as s:
        item = s.scalar(select(DeskItem).where(DeskItem.sender_id == "web-fb8"))
        feedback = s.scalar(select(Feedback).where(Feedback.sender_id == "web-fb8"))
        assert (item.reason, item.text) == ("negative_feedback", "làm giấy khai sinh")
        assert (feedback.awaiting_comment, feedback.comment) == (False, None)
    assert rasa.sent_by("web-fb8")[-1] == "/request_human"
