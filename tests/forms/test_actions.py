"""The Rasa glue of the guided flows, run in-process with a simulated dialogue manager.

Messages are routed the way the rules route them (bot/data/rules/submission.yml and
account.yml): while `guided_flow` is set every message goes to that flow's action.
The real Rasa server is exercised by tests/e2e/test_forms.py and test_account.py.
"""
from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.account import ActionAccountGuide
from bot.actions.continue_flow import ActionContinueFlow, ActionEraseProfile
from bot.actions.forms_base import normal_actions
from bot.actions.submission import ActionSubmission
from core.settings import ROOT, Settings
from core.text.patterns import find_entities
from domain import services as services_module
from domain.audit.summary import build_summary
from domain.drafts import store
from domain.services import Services

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ROUTES = {"start_submission": ActionSubmission, "account_help": ActionAccountGuide,
          "continue_flow": ActionContinueFlow, "erase_profile": ActionEraseProfile}


class Dialogue:
    def __init__(self, sender: str) -> None:
        self.sender = sender
        self.slots: dict = {}

    def say(self, text: str, intent: str = "nlu_fallback", confidence: float = 0.5) -> list[dict]:
        entities = [{"entity": m.entity, "value": m.value, "start": m.start, "end": m.end} for m in find_entities(text)]
        if text.startswith("/") and "{" in text:
            intent, payload = text[1:].split("{", 1)
            entities += [{"entity": k, "value": v} for k, v in json.loads("{" + payload).items()]
            confidence = 1.0
        elif text.startswith("/"):
            intent, confidence = text[1:], 1.0
        latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities}
        flow = self.slots.get("guided_flow")
        action = {"submission": ActionSubmission, "account": ActionAccountGuide}.get(flow) or ROUTES.get(intent)
        assert action is not None, f"no rule for {intent}"
        tracker = Tracker(self.sender, dict(self.slots), latest, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action().run(dispatcher, tracker, DOMAIN))
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = json.loads(json.dumps(event["value"]))
        return dispatcher.messages


def texts(messages):
    return "\n".join(m.get("text") or (m.get("custom") or {}).get("text") or m.get("response") or "" for m in messages)


@pytest.fixture
def app_services(tmp_path):
    from core.db import Database

    db = Database(f"sqlite:///{tmp_path / 'app.db'}")
    db.migrate()
    services = Services(settings=Settings(drafts_link_secret="s"), rasa=None, db=db)
    services_module.set_current(services)
    yield services
    services_module.set_current(None)
    db.dispose()


def test_rules_give_the_normal_action_of_each_intent():
    mapping = normal_actions()
    assert mapping["ask_fee"] == "action_answer_procedure"
    assert mapping["payment_help"] == "utter_payment_help"
    assert mapping["start_submission"] == "action_submission" and mapping["nlu_fallback"] == "action_fallback"


def test_a_whole_form_through_the_actions_with_an_interruption_profile_and_erase(app_services):
    chat = Dialogue("web-unit-1")
    first = chat.say("giúp tôi điền tờ khai đăng ký tạm trú", "start_submission", 0.95)
    assert "CT01" in texts(first) and chat.slots["guided_flow"] == "submission"
    stay = (date.today() + timedelta(days=300)).strftime("%d/%m/%Y")
    for answer in ["Nguyễn Văn An", "001085012345", "0912 345 678"]:
        chat.say(answer)
    asked = chat.say("thanh toán lệ phí thế nào?", "payment_help", 0.93)
    assert asked[0].get("response") == "utter_payment_help" and "tiếp tục" in texts(asked[1:])
    chat.say("Tiếp tục")
    chat.say("Số 12 ngõ 34 Láng Hạ, phường Láng, Hà Nội")
    summary = chat.say(stay)
    assert "kiểm tra lại" in texts(summary)
    saved = chat.say("Xác nhận, lưu tờ khai", "affirm", 0.9)
    code = next(w for w in texts(saved).split() if w.startswith("TK-")).rstrip(",.")
    link = next(m["custom"]["link"] for m in saved if m.get("custom"))
    assert f"/api/v1/drafts/{code}/pdf?t=" in link
    assert "Có, ghi nhớ" in [b["title"] for m in saved for b in m.get("buttons") or []]
    with app_services.db.session() as session:
        draft = store.get_draft(session, code)
        assert draft.values["phone"] == "0912 345 678" and draft.values["stay_until"] == stay
    chat.say("Có, ghi nhớ", "affirm", 0.9)
    assert chat.slots["guided_flow"] is None
    with app_services.db.session() as session:
        assert store.get_profile(session, "web-unit-1")["id_number"] == "001085012345"
        trace = build_summary(session, "web-unit-1")
    assert trace["forms"][-1]["stage"] == "submitted" and trace["forms"][-1]["procedure"] == "1.004194"
    assert trace["forms"][-1]["fields"]["so_dien_thoai"] == "0912345678"
    assert trace["procedures_identified"][0]["code"] == "1.004194" and trace["procedures_identified"][0]["via"] == "form"

    again = chat.say("/start_submission{\"procedure_code\":\"3.000333\"}")
    assert "Dùng lại thông tin lần trước" in texts(again)
    erased = chat.say("Xoá thông tin của tôi", "erase_profile", 0.9)
    assert "đã xoá" in texts(erased) and chat.slots["guided_flow"] == "submission"
    with app_services.db.session() as session:
        assert store.get_profile(session, "web-unit-1") is None


def test_stop_continue_and_switching_flows(app_services):
    chat = Dialogue("web-unit-2")
    chat.say("làm giúp tôi tờ khai lý lịch tư pháp", "start_submission", 0.9)
    chat.say("Nguyễn Văn An")
    paused = chat.say("dừng")
    assert chat.slots["guided_flow"] is None and "tiếp tục" in texts(paused)
    resumed = chat.say("tiếp tục", "continue_flow", 0.9)
    assert chat.slots["guided_flow"] == "submission" and "năm sinh" in texts(resumed)
    guide = chat.say("tôi không nhận được mã OTP", "account_help", 0.95)
    assert chat.slots["guided_flow"] == "account" and "Không nhận được mã OTP" in texts(guide)
    assert "giữ lại" in texts(guide)
    chat.say("dừng")
    choice = chat.say("tiếp tục", "continue_flow", 0.9)
    titles = [b["title"] for m in choice for b in m.get("buttons") or []]
    assert any("lý lịch tư pháp" in t for t in titles) and any("VNeID" in t for t in titles)
    back = chat.say("/account_help")
    assert chat.slots["guided_flow"] == "account" and "Bước 2/6" in texts(back)  # the step of the OTP problem


def test_which_form_is_asked_with_buttons_when_unclear(app_services, monkeypatch):
    monkeypatch.setattr("bot.actions.submission._resolve", lambda text: None)  # no search model here
    chat = Dialogue("web-unit-3")
    menu = chat.say("tôi muốn nộp hồ sơ luôn", "start_submission", 0.9)
    payloads = [b["payload"] for m in menu for b in m.get("buttons") or []]
    assert '/start_submission{"procedure_code":"1.004194"}' in payloads and "/request_human" in payloads
    started = chat.say("khai sinh")
    assert "Tờ khai đăng ký khai sinh" in texts(started)


def test_an_old_unfinished_form_is_offered_before_taking_a_message_as_an_answer(app_services):
    chat = Dialogue("web-unit-4")
    chat.say("giúp tôi điền tờ khai đăng ký tạm trú", "start_submission", 0.95)
    chat.slots["form_state"]["drafts"]["1.004194"]["touched"] -= 24 * 3600  # came back the next day
    offer = chat.say("chào em", "greet", 0.97)
    assert "tiếp tục điền" in texts(offer).lower()
    assert chat.slots["form_state"]["drafts"]["1.004194"]["values"] == {}  # "chào em" was not an answer
    assert "Họ, chữ đệm và tên" in texts(chat.say("Tiếp tục"))


def test_a_form_given_up_for_good_is_traced_abandoned_and_values_are_traced_as_they_come(app_services):
    chat = Dialogue("web-unit-5")
    chat.say("giúp tôi điền tờ khai gia hạn tạm trú", "start_submission", 0.95)
    chat.say("tên Lê Thị Hoa, cccd 001190012345")
    with app_services.db.session() as session:
        form = build_summary(session, "web-unit-5")["forms"][-1]
    assert form == {"procedure": "1.002755", "stage": "filling",
                    "fields": {"ho_ten": "Lê Thị Hoa", "so_dinh_danh": "001190012345"}}
    chat.say("huỷ, không làm nữa")
    assert chat.slots["guided_flow"] is None and "1.002755" not in chat.slots["form_state"]["drafts"]
    with app_services.db.session() as session:
        assert build_summary(session, "web-unit-5")["forms"][-1]["stage"] == "abandoned"


def test_quay_lai_dien_tiep_resumes_the_paused_draft_even_after_another_procedure_was_asked(app_services):
    chat = Dialogue("web-unit-6")
    chat.say("giúp tôi điền tờ khai đăng ký tạm trú", "start_submission", 0.95)
    chat.say("Nguyễn Văn An")
    chat.say("dừng")
    chat.slots["procedure_code"] = "1.001193"  # a question about khai sinh in between
    resumed = chat.say("giờ quay lại điền tiếp tờ khai", "start_submission", 0.9)
    assert "làm tiếp Tờ khai đăng ký tạm trú" in texts(resumed) and chat.slots["guided_flow"] == "submission"


def test_quay_lai_to_khai_with_values_whose_labels_name_another_form_goes_back_to_the_paused_one(app_services):
    chat = Dialogue("web-unit-7")
    chat.say("giúp tôi điền tờ khai gia hạn tạm trú", "start_submission", 0.95)
    chat.say("Họ tên Ngô Thanh Tùng, số định danh 052089001467")
    chat.say("dừng")
    chat.say("Ok, quay lại tờ khai: số điện thoại 0914872035, địa chỉ tạm trú 77 Nguyễn Huệ, phường Quy Nhơn, tỉnh Gia Lai",
             "start_submission", 0.9)
    drafts = chat.slots["form_state"]["drafts"]
    assert list(drafts) == ["1.002755"]  # no new đăng ký tạm trú form
    assert drafts["1.002755"]["values"]["phone"].replace(" ", "") == "0914872035"
    assert drafts["1.002755"]["values"]["temporary_address"].startswith("77 Nguyễn Huệ")


def test_a_label_of_the_paused_form_naming_another_procedure_opens_no_new_form(app_services):
    chat = Dialogue("web-unit-8")
    chat.say("xin cấp phiếu lý lịch tư pháp, điền giúp tôi", "start_submission", 0.95)
    chat.say("ho ten: hoang van nam, sinh ngay 12/4/1998, cccd 040098012356")
    chat.say("dừng")
    # "thuong tru tai" labels the lý lịch form's permanent address: it is no đăng ký thường trú
    chat.say("sdt 0397148265, thuong tru tai xom 3, xa dien chau, tinh nghe an", "start_submission", 0.6)
    drafts = chat.slots["form_state"]["drafts"]
    assert list(drafts) == ["3.000333"]
    assert drafts["3.000333"]["values"]["permanent_address"] == "xom 3, xa dien chau, tinh nghe an"
    chat.say("dừng")
    chat.say("ok, điền tiếp. thường trú ở số 56 đường 3 Tháng 2, phường Ninh Kiều, TP Cần Thơ", "start_submission", 0.7)
    drafts = chat.slots["form_state"]["drafts"]
    assert list(drafts) == ["3.000333"]
    assert drafts["3.000333"]["values"]["permanent_address"] == "số 56 đường 3 Tháng 2, phường Ninh Kiều, TP Cần Thơ"
    # a message asking for the other form by name still opens it
    chat.say("dừng")
    chat.say("đăng ký thường trú cho tôi: tên Lê Văn An, sđt 0912345678", "start_submission", 0.9)
    assert "1.004222" in chat.slots["form_state"]["drafts"]


def test_a_resume_run_as_a_follow_up_of_another_intent_then_listens():
    from bot.actions.continue_flow import _then_listen

    def tracker(intent):
        return Tracker("s", {}, {"text": "dạ z quay lại điền tiếp giúp e", "intent": {"name": intent}}, [], False, None, {},
                       "action_listen")
    assert _then_listen(tracker("affirm"), [])[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}
    assert _then_listen(tracker("continue_flow"), []) == []


def test_a_form_serving_a_lien_thong_procedure_is_traced_under_its_own_code(app_services):
    chat = Dialogue("web-unit-lt")
    chat.say("chị muốn làm khai sinh, thường trú, thẻ BHYT cho bé luôn một lần, em điền tờ khai giùm chị", "start_submission", 0.9)
    with app_services.db.session() as session:
        trace = build_summary(session, "web-unit-lt")
    assert trace["forms"][-1]["procedure"] == "1.001193"
    assert trace["procedures_identified"][-1]["code"] in ("2.001023", "2.000986")  # the procedure being done
