"""A bare name during a status check opened inside a form (dev3 d3_031): the check asks whether
the name is for the paused form or the dossier owner's, with two buttons; typed answers work too.
The form's answer is filed only when the citizen says so (an owner's name is never filed as the
bride's). Driven like Rasa drives the form (tests/dossiers/test_status_actions.Chat)."""
from __future__ import annotations

import pytest

from bot.actions import status as actions
from bot.forms.engine import FormEngine
from bot.forms.flow import Message
from bot.forms.status_check import StatusCheckEngine
from knowledge.flows.forms import load_forms
from knowledge.flows.status_check import load_status_check
from tests.dossiers.test_status_actions import RIGHT, Chat, buttons, texts

FLOW = load_status_check()
FACTOR_Q = FLOW.question(actions.FACTOR)
MARRIAGE = "1.000894"
TO_FORM, LOOKUP = FLOW.buttons["to_form"], FLOW.buttons["lookup"]


def marriage_draft() -> dict:
    """The marriage form after the groom's name and căn cước: the bride's name is asked next."""
    engine = FormEngine(load_forms()[MARRIAGE])
    draft = engine.start(None, "bên nam Lương Thế Hiển, căn cước 001093017452").state
    assert engine.form.field(draft["current"]).type == "name"
    return draft


@pytest.fixture
def chat(services, seeded):
    chat = Chat("web-whose-name")
    draft = dict(marriage_draft(), status="paused")
    chat.slots["form_state"] = {"current": MARRIAGE, "drafts": {MARRIAGE: draft}}
    chat.say(f"à mà hồ sơ {seeded} của tôi giờ tới đâu rồi nhỉ", "check_status")
    assert chat.slots[actions.REQUESTED] == actions.FACTOR
    return chat


def draft_values(chat: Chat) -> dict:
    return chat.slots["form_state"]["drafts"][MARRIAGE]["values"]


def asked_whose(replies) -> bool:
    label = load_forms()[MARRIAGE].field("bride_name").label
    return texts(replies) == FLOW.say["whose_name"].format(field=label[:1].lower() + label[1:]) and (
        buttons(replies) == [TO_FORM, LOOKUP])


@pytest.mark.parametrize("intent, confidence", [("out_of_scope", 0.42), ("out_of_scope", 0.72),
                                                ("affirm", 0.3)])
def test_a_bare_name_gets_the_question_whatever_the_nlu_read(chat, intent, confidence):
    assert asked_whose(chat.say("Đào Phương Linh", intent, confidence))
    assert chat.active and "bride_name" not in draft_values(chat)


def test_choosing_the_form_files_the_name_and_asks_the_next_question(chat, database):
    from domain.audit import build_summary

    chat.say("Đào Phương Linh", "out_of_scope", 0.42)
    replies = chat.say(TO_FORM["payload"], "continue_flow", 1.0)
    assert not chat.active and chat.slots[actions.OUTCOME] is None and chat.slots[actions.RECEIPT] is None
    assert replies[0]["text"] == FLOW.say["set_aside"]
    assert draft_values(chat)["bride_name"] == "Đào Phương Linh"
    engine = FormEngine(load_forms()[MARRIAGE])
    expected = engine.handle(dict(marriage_draft()), Message("Đào Phương Linh")).replies[-1].text
    assert replies[-1]["text"] == expected                      # the form's next question
    assert chat.slots["guided_flow"] == "submission"            # the form takes the next message
    with database.session() as session:                          # the trace: the form as it stands
        summary = build_summary(session, chat.sender)
    [form] = [f for f in summary["forms"] if f["procedure"] == MARRIAGE]
    assert form["stage"] == "filling" and form["fields"]["ho_ten_vo"] == "Đào Phương Linh"
    assert summary["refusals"] == [] and summary["statuses_disclosed"] == []


def test_choosing_the_lookup_asks_the_digits_again_and_they_still_work(chat, seeded):
    chat.say("Nguyễn Văn An", "out_of_scope", 0.42)
    again = chat.say(LOOKUP["payload"], "check_status", 1.0)
    assert texts(again) == FACTOR_Q.reason("name") and chat.active
    answer = chat.say(RIGHT)
    assert seeded in texts(answer) and "đã được tiếp nhận" in texts(answer)
    assert "bride_name" not in draft_values(chat)                # the owner's name was never filed


def test_a_name_again_after_choosing_the_lookup_is_not_asked_about_again(chat):
    chat.say("Nguyễn Văn An", "out_of_scope", 0.42)
    chat.say("tra cứu", "check_status", 0.8)
    assert texts(chat.say("Nguyễn Văn An", "out_of_scope", 0.42)) == FACTOR_Q.reason("unusable")


@pytest.mark.parametrize("text, intent", [("gì cơ", "ask_documents"), ("nhắc lại", "nlu_fallback")])
def test_repeat_asks_whose_name_again_whatever_the_nlu_read(chat, text, intent):
    chat.say("Đào Phương Linh", "out_of_scope", 0.42)
    assert asked_whose(chat.say(text, intent, 0.9)) and chat.active
    assert chat.say(TO_FORM["payload"], "continue_flow", 1.0)[0]["text"] == FLOW.say["set_aside"]
    assert draft_values(chat)["bride_name"] == "Đào Phương Linh"


@pytest.mark.parametrize("typed, filed", [
    ("điền tờ khai", True), ("điền vào đơn", True), ("ừ điền vào", True), ("dien vao to khai", True),
    ("tra cứu", False), ("hồ sơ", False), ("không, tra hồ sơ", False), ("không điền, tra hồ sơ", False),
    # both said: the first counts; the form's own words count as the form
    ("điền vào hồ sơ", True), ("dien vao ho so", True), ("là tên cô dâu em ạ", True),
])
def test_typed_answers_work_like_the_buttons(chat, typed, filed):
    chat.say("Đào Phương Linh", "out_of_scope", 0.42)
    replies = chat.say(typed, "nlu_fallback", 0.5)
    assert ("bride_name" in draft_values(chat)) is filed
    if filed:
        assert replies[0]["text"] == FLOW.say["set_aside"] and not chat.active
    else:
        assert texts(replies) == FACTOR_Q.reason("name") and chat.active


def test_the_digits_typed_instead_of_a_button_answer_the_check_at_once(chat, seeded):
    chat.say("Nguyễn Văn An", "out_of_scope", 0.42)
    answer = chat.say(RIGHT)
    assert seeded in texts(answer) and "đã được tiếp nhận" in texts(answer)
    assert "bride_name" not in draft_values(chat)


def test_anything_else_asks_once_more_then_is_an_answer_to_the_check(chat):
    chat.say("HỒ CHÍ MINH", "out_of_scope", 0.42)               # all caps, a place too: asked, not filed
    again = chat.say("ờ", "nlu_fallback", 0.3)
    assert FLOW.say["whose_name_again"].split("{")[0] in texts(again) and buttons(again) == [TO_FORM, LOOKUP]
    assert "bride_name" not in draft_values(chat)
    assert texts(chat.say("không biết", "nlu_fallback", 0.3)) == FACTOR_Q.reason("unusable")
    assert "bride_name" not in draft_values(chat)


def test_an_all_caps_owner_name_is_asked_about_not_filed(chat):
    assert asked_whose(chat.say("HỒ CHÍ MINH", "out_of_scope", 0.42))
    assert "bride_name" not in draft_values(chat) and chat.active


def test_without_a_paused_form_a_bare_name_stays_an_unusable_answer(services, seeded):
    chat = Chat("web-no-form")
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert texts(chat.say("Đào Phương Linh", "out_of_scope", 0.42)) == FACTOR_Q.reason("unusable")
    assert "đã được tiếp nhận" in texts(chat.say(RIGHT))


def test_a_paused_form_that_asks_no_name_leaves_a_bare_name_as_today(services, seeded):
    engine = FormEngine(load_forms()[MARRIAGE])
    draft = engine.handle(marriage_draft(), Message("Đào Phương Linh")).state   # now asks no name
    assert engine.form.field(draft["current"]).type != "name"
    chat = Chat("web-other-question")
    chat.slots["form_state"] = {"current": MARRIAGE, "drafts": {MARRIAGE: dict(draft, status="paused")}}
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert texts(chat.say("Nguyễn Văn An", "out_of_scope", 0.42)) == FACTOR_Q.reason("unusable")


@pytest.mark.parametrize("text, choice", [
    ("/continue_flow", "form"), ("/check_status", "lookup"), ("Điền vào tờ khai", "form"),
    ("Tra cứu hồ sơ", "lookup"), ("chứ không phải tra cứu, điền vào tờ khai", "form"), ("ờ", None),
    ("điền hay tra cũng được", None), ("tra cứu 1234", None),
])
def test_reading_the_answer(text, choice):
    assert StatusCheckEngine().chosen(text) == choice
