"""Every turn is read for its procedure (in-process actions): a greeting or thanks naming a
procedure answers it, a form request for a procedure without a form answers the procedure,
and a situation without a procedure name is mapped to its procedures."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.procedures import ActionAnswerProcedure, ActionSmallTalk, answer_without_form
from core.settings import Settings
from domain import services as services_module
from domain.services import Services


@pytest.fixture(scope="module")
def app_services(tmp_path_factory):
    from core.db import Database

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('db') / 'app.db'}")
    db.migrate()
    services = Services(settings=Settings(), rasa=None, db=db)
    services.search().load()
    services_module.set_current(services)
    yield services
    services_module.set_current(None)
    db.dispose()


def tracker_for(text: str, intent: str, slots: dict | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("unit", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def run(action, text: str, intent: str, slots: dict | None = None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action().run(dispatcher, tracker_for(text, intent, slots), {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_greeting_naming_a_procedure_answers_it(app_services):
    messages, slots = run(ActionSmallTalk, "Chào bạn, mình muốn làm hộ chiếu lần đầu", "greet")
    assert messages[0].get("response") == "utter_greet"
    assert slots["procedure_code"] in {"1.001456", "1.001471"}


def test_a_plain_greeting_sets_nothing(app_services):
    messages, slots = run(ActionSmallTalk, "chào em", "greet")
    assert [m.get("response") for m in messages] == ["utter_greet"] and slots == {}


def test_thanks_then_a_new_procedure(app_services):
    messages, slots = run(ActionSmallTalk, "cảm ơn em, giờ chị muốn đăng ký kết hôn", "thank",
                          {"procedure_code": "1.001193"})
    assert messages[0].get("response") == "utter_thank" and slots["procedure_code"] == "1.000894"


def test_a_form_request_without_a_form_answers_the_procedure(app_services):
    dispatcher = CollectingDispatcher()
    events = answer_without_form(dispatcher, tracker_for("giúp tôi làm hồ sơ rút bảo hiểm xã hội một lần",
                                                         "start_submission"),
                                 "giúp tôi làm hồ sơ rút bảo hiểm xã hội một lần", forms={})
    assert {e["name"]: e["value"] for e in events}["procedure_code"] == "1.001613"
    assert "1.001613" in "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_form_request_for_a_procedure_with_a_form_is_left_to_the_forms(app_services):
    dispatcher = CollectingDispatcher()
    text = "giúp tôi làm hồ sơ rút bảo hiểm xã hội một lần"
    assert answer_without_form(dispatcher, tracker_for(text, "start_submission"), text,
                               forms={"1.001613": object()}) is None


def test_a_situation_answers_its_first_procedure_and_offers_the_others(app_services):
    messages, slots = run(ActionAnswerProcedure, "vợ chồng tôi mới sinh cháu", "ask_procedure")
    assert slots["procedure_code"] == "1.001193"
    offered = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert any("1.004222" in p for p in offered)


def test_a_situation_with_a_foreign_parent_lists_and_answers_the_foreign_copy_first(app_services):
    messages, slots = run(ActionAnswerProcedure, "bx mình mới sinh e bé, bố bé ng Hàn, làm khai sinh cho bé ở đâu",
                          "ask_where")
    assert slots["procedure_code"] == "2.000528"
    listing = messages[0]["text"]
    assert "1. Thủ tục đăng ký khai sinh có yếu tố nước ngoài" in listing
    assert any("1.001193" in b["payload"] for b in messages[0].get("buttons") or [])


def test_a_follow_up_keeps_the_procedure_of_the_situation(app_services):
    _, slots = run(ActionAnswerProcedure, "con mới sinh thì nộp ở đâu", "ask_where", {"procedure_code": "1.001193"})
    assert slots["procedure_code"] == "1.001193"


def test_a_form_request_for_a_life_change_of_several_affairs_names_no_single_procedure(app_services):
    # several procedures are needed: no one of them is answered as if it had been named
    text = "Giúp tôi làm hồ sơ: bố tôi mới mất, đứng tên sổ đỏ, sổ tiết kiệm và chiếc xe máy, bắt đầu từ đâu?"
    dispatcher = CollectingDispatcher()
    assert answer_without_form(dispatcher, tracker_for(text, "start_submission"), text, forms={}) is None
