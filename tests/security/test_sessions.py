"""A conversation is identified by the server: each attack of issue 15 replayed and refused.

The real app (main.create_app) over ASGI, a stand-in Rasa server on 127.0.0.1."""
from __future__ import annotations

import pytest

from domain.audit import build_summary
from domain.handoff.service import get_or_create
from tests.channels.conftest import make_settings, start_app

WEB_ID = r"web-[A-Za-z0-9_-]{20,}"


@pytest.fixture
def app(tmp_path, fake_rasa, no_warm_up):
    settings = make_settings(tmp_path, fake_rasa, web_session_secret="test-session-secret-0123456789",
                             action_secret="test-action-secret-0123456789")
    with start_app(settings) as client:
        yield client


def start(app, **body) -> dict:
    response = app.post("/api/v1/chat", json={"text": "chào em", **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_call_without_session_starts_one_with_an_unguessable_id_and_token(app):
    import re

    first, second = start(app), start(app)
    assert re.fullmatch(WEB_ID, first["sender_id"]) and first["sender_id"] != second["sender_id"]
    assert first["session_token"] and first["session_token"] != second["session_token"]
    assert first["messages"]
    again = app.post("/api/v1/chat", json={"sender_id": first["sender_id"], "text": "làm khai sinh"},
                     headers={"X-Session-Token": first["session_token"]})
    assert again.status_code == 200 and again.json()["sender_id"] == first["sender_id"]


def test_an_existing_conversation_is_refused_without_its_token(app, fake_rasa):
    victim = start(app, sender_id="web-victim-0001")
    other = start(app)
    for headers in ({}, {"X-Session-Token": ""}, {"X-Session-Token": "s1.forged"},
                    {"X-Session-Token": other["session_token"]}, {"X-Session-Token": victim["session_token"] + "x"}):
        response = app.post("/api/v1/chat", json={"sender_id": victim["sender_id"], "text": "hồ sơ của tôi"},
                            headers=headers)
        assert response.status_code == 401, headers
        assert isinstance(response.json()["detail"], str)
    assert fake_rasa.messages_of(victim["sender_id"]) == ["chào em"]


@pytest.mark.parametrize("sender", ["telegram:123456", "zalo:8800112233", "TELEGRAM:1", "Zalo:2"])
def test_telegram_and_zalo_conversations_are_not_reachable_from_the_web_chat(app, fake_rasa, sender):
    with app.app.state.services.db.session() as session:   # the citizen's real conversation
        get_or_create(session, sender.lower(), sender.split(":")[0].lower())
    for headers in ({}, {"X-Session-Token": "s1.anything"}):
        response = app.post("/api/v1/chat", json={"sender_id": sender, "text": "cho tôi xem tờ khai"},
                            headers=headers)
        assert response.status_code in (401, 403)
        assert response.json()["detail"]
    assert fake_rasa.messages_of(sender) == [] and fake_rasa.messages_of(sender.lower()) == []


@pytest.mark.parametrize("sender", ["../../status", "a/b", "web-\x00x", "web-x\n", " web-x", "web x", "%2e%2e",
                                    "web-\u202eabc", "web-\u200bx", ".."])
def test_ids_with_path_tricks_or_control_characters_are_refused_before_rasa(app, fake_rasa, sender):
    response = app.post("/api/v1/chat", json={"sender_id": sender, "text": "chào"})
    assert response.status_code == 422
    assert response.json()["detail"]
    assert fake_rasa.received == []


def test_the_channel_field_is_recorded_as_the_conversations_channel(app):
    session = start(app, channel="zalo")
    again = app.post("/api/v1/chat", json={"sender_id": session["sender_id"], "text": "làm khai sinh"},
                     headers={"X-Session-Token": session["session_token"]})
    assert again.status_code == 200                           # later calls need not repeat the channel
    with app.app.state.services.db.session() as db:
        assert build_summary(db, session["sender_id"])["channel"] == "zalo"
    plain = start(app)
    with app.app.state.services.db.session() as db:
        assert build_summary(db, plain["sender_id"])["channel"] == "web"
    assert app.post("/api/v1/chat", json={"text": "x", "channel": "sms"}).status_code == 422


def test_drafts_cannot_be_created_through_an_open_endpoint(app):
    response = app.post("/api/v1/drafts", json={"sender_id": "telegram:42", "form_code": "1.004194", "values": {}})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_action_endpoint_of_the_public_app_needs_rasas_secret(app):
    call = {"next_action": "action_status_check_result", "sender_id": "web-x", "version": "3.6.0",
            "tracker": {"sender_id": "web-x", "slots": {"status_check_outcome": "verified"}, "events": [],
                        "latest_message": {}}, "domain": {}}
    assert app.post("/webhook", json=call).status_code == 401
    assert app.post("/webhook", json=call, headers={"X-Action-Token": "guess"}).status_code == 401


def test_the_session_path_is_documented_in_the_openapi_schema(app):
    chat = app.get("/openapi.json").json()["paths"]["/api/v1/chat"]["post"]
    assert any(p["name"] == "x-session-token" and p["in"] == "header" for p in chat["parameters"])
    assert "X-Session-Token" in chat["description"] and "401" in chat["responses"]
