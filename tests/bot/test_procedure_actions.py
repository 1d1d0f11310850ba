"""Procedure answers run in-process: context kept on a weak guess, and messages the NLU
could not place answered from the catalogue search when it is sure."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.procedures import ActionAnswerProcedure, ActionFallback
from core.settings import Settings
from domain import services as services_module
from domain.handoff.understanding import from_tracker
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


def run(action, text: str, intent: str, slots: dict | None = None, confidence: float = 0.9):
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    tracker = Tracker("unit", dict(slots or {}), latest, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action().run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_unplaced_message_naming_a_procedure_is_answered_from_search(app_services):
    messages, slots = run(ActionFallback, "mở tiệm tạp hóa thì đăng ký kinh doanh thế nào", "nlu_fallback", confidence=0.3)
    assert slots.get("procedure_code") == "1.001612"  # đăng ký thành lập hộ kinh doanh
    assert any("(mã 1.001612)" in (m.get("text") or "") for m in messages)


def test_unplaced_message_naming_nothing_asks_to_rephrase(app_services):
    for text in ["asdf qwer zxcv", "ừm"]:
        messages, slots = run(ActionFallback, text, "nlu_fallback", confidence=0.2)
        assert len(messages) == 1 and messages[0]["response"] == "utter_default"
        assert "procedure_code" not in slots


def test_weak_guess_keeps_the_procedure_in_context(app_services):
    context = {"procedure_code": "1.001193", "procedure_aspect": "ask_fee"}
    messages, slots = run(ActionAnswerProcedure, "nộp ở chỗ nào", "ask_where", context)
    assert slots["procedure_code"] == "1.001193" and "(mã 1.001193)" in messages[0]["text"]
    # without a procedure in context the same weak guess is not answered as if sure
    messages, slots = run(ActionAnswerProcedure, "nộp ở chỗ nào", "ask_where")
    assert "procedure_code" not in slots


def test_an_ambiguous_question_that_fits_the_procedure_in_context_is_about_it(app_services):
    context = {"procedure_code": "1.002755"}
    messages, slots = run(ActionAnswerProcedure, "Mà gia hạn thì bao lâu xong vậy bạn?", "ask_processing_time", context)
    assert "(mã 1.002755)" in messages[0]["text"]
    messages, _ = run(ActionAnswerProcedure, "Mà gia hạn thì bao lâu xong vậy bạn?", "ask_processing_time")
    assert "(mã 1.002755)" not in messages[0]["text"]  # without the context: which one is asked


def test_a_clear_new_procedure_still_replaces_the_context(app_services):
    context = {"procedure_code": "1.001193", "procedure_aspect": "ask_fee"}
    _, slots = run(ActionAnswerProcedure, "làm lại căn cước nộp ở đâu", "ask_where", context)
    assert slots["procedure_code"] == "1.014064"


def test_turn_answered_by_search_is_not_a_failed_understanding():
    events = [{"event": "user", "text": "x"}, {"event": "action", "name": "action_fallback"},
              {"event": "slot", "name": "procedure_code", "value": "1.001612"}]
    tracker = {"latest_message": {"intent": {"name": "nlu_fallback"}}, "slots": {}, "events": events}
    assert from_tracker(tracker)["answered_procedure"] is True
    earlier = [{"event": "slot", "name": "procedure_code", "value": "1.001612"}, {"event": "user", "text": "y"},
               {"event": "action", "name": "action_fallback"}]
    assert from_tracker({**tracker, "events": earlier})["answered_procedure"] is False


def test_unplaced_message_about_an_unknown_procedure_says_so_and_offers_an_officer(app_services):
    messages, slots = run(ActionFallback, "thủ tục cấp phép nuôi khủng long cảnh ở đâu", "nlu_fallback", confidence=0.3)
    assert "chưa tìm thấy" in messages[0]["text"] or "chưa chắc" in messages[0]["text"]
    assert any(b["payload"] == "/request_human" for b in messages[0]["buttons"])
    assert "procedure_code" not in slots


def test_unplaced_message_telling_a_situation_gets_its_procedures(app_services):
    messages, slots = run(ActionFallback, "hôm qua em bị mất ví, mất hết giấy tờ rồi", "nlu_fallback", confidence=0.3)
    assert slots.get("procedure_code") == "1.014064"
    assert "bấm nút bên dưới" in messages[0]["text"] and messages[0]["buttons"]


def test_a_one_procedure_situation_points_at_no_buttons(app_services):
    messages, slots = run(ActionFallback, "heo nhà tui chết hết vì dịch tả, có được hỗ trợ gì hông", "nlu_fallback",
                          confidence=0.3)
    assert slots.get("procedure_code") == "1.013997"
    assert "bấm nút bên dưới" not in messages[0]["text"] and not messages[0]["buttons"]


def test_an_account_trouble_read_as_a_procedure_question_gets_the_account_steps(app_services):
    text = ("Chào em, chị mới đổi qua điện thoại mới, tải lại app VNeID về, nhập số căn cước thì nó báo tài khoản "
            "không tồn tại. Hồi trước chị xài bình thường, chị làm mức 2 rồi. Giờ chị phải làm sao em?")
    messages, slots = run(ActionAnswerProcedure, text, "ask_procedure")
    assert slots.get("guided_flow") == "account" and "không tồn tại" in messages[0]["text"]
    # a procedure question that names the portal is still answered as one
    messages, slots = run(ActionAnswerProcedure, "đăng ký kết hôn trên dịch vụ công làm thế nào", "ask_procedure")
    assert "guided_flow" not in slots and "(mã 1.000894)" in messages[0]["text"]


def test_an_account_trouble_the_nlu_could_not_place_gets_the_account_steps(app_services):
    text = ("Cháu ơi, bác mua điện thoại mới rồi cài lại VNeID, gõ số căn cước vào thì nó báo tài khoản không tồn "
            "tại, hồi trước bác vẫn đăng nhập được, bác có tài khoản mức 2 rồi mà. Giờ bác phải làm thế nào?")
    messages, slots = run(ActionFallback, text, "nlu_fallback", confidence=0.35)
    assert slots.get("guided_flow") == "account" and "không tồn tại" in messages[0]["text"]
    # an unplaced message naming a procedure is still answered from the search
    messages, slots = run(ActionFallback, "mở tiệm tạp hóa thì đăng ký kinh doanh thế nào", "nlu_fallback", confidence=0.3)
    assert "guided_flow" not in slots and slots.get("procedure_code") == "1.001612"


def test_a_loss_of_several_papers_without_a_wallet_phrase_lists_their_re_issues(app_services):
    messages, slots = run(ActionAnswerProcedure, "Tôi bị mất căn cước, bằng lái và thẻ BHYT", "ask_procedure")
    assert slots.get("procedure_code") == "1.014064"
    assert messages[0]["text"].startswith("Dạ, khi bị mất giấy tờ")
    assert "3.000348" in " ".join(b["payload"] for b in messages[0]["buttons"])   # the licence's re-issue
