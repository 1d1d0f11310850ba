"""The chat's status check (knowledge/flows/status_check.yml run by bot/forms/status_check.py
through bot/actions/status.py) driven like Rasa drives a form.

`Chat` replays Rasa's form loop for this form (slot mappings from domain.yml, the
validation action, the ask actions, the answer action) against a real database, so
the glue is tested without a trained model; tests/e2e/test_status.py runs the real one.
The expected sentences are read from the flow's definition (the wording's one home).
"""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import status as actions
from core.outbox import pending
from core.text.patterns import find_entities
from domain.dossiers import service
from knowledge.flows.status_check import load_status_check
from tests.dossiers.conftest import OWNER_ID, OWNER_PHONE

DOMAIN = {"forms": {actions.FORM: {"required_slots": [actions.RECEIPT, actions.FACTOR]}}, "slots": {}}
RIGHT, WRONG = OWNER_ID[-4:], "0000"
FLOW = load_status_check()
RECEIPT_Q, FACTOR_Q = FLOW.question(actions.RECEIPT), FLOW.question(actions.FACTOR)


class Chat:
    def __init__(self, sender: str, channel: str = "web") -> None:
        self.sender, self.channel = sender, channel
        self.slots: dict = {}
        self.active = False
        self.replies: list[dict] = []
        self.earlier: list[str] = []   # the citizen's earlier messages (the tracker's user events)

    def tracker(self, text, intent, confidence, candidates) -> Tracker:
        entities = [{"entity": m.entity, "value": m.value, "start": m.start, "end": m.end} for m in find_entities(text)]
        latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities,
                  "metadata": {"channel": self.channel}}
        events = [{"event": "user", "text": t} for t in self.earlier]
        events += [{"event": "user", "text": text}, {"event": "action", "name": actions.FORM}]
        events += [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
        return Tracker(self.sender, {**self.slots, **candidates}, latest, events, False, None,
                       {"name": actions.FORM} if self.active else {}, actions.FORM)

    def run(self, action, tracker) -> list[dict]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
        self.replies += dispatcher.messages
        return events

    def apply(self, events) -> None:
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]

    def say(self, text: str, intent: str = "nlu_fallback", confidence: float = 0.9) -> list[dict]:
        """One citizen message; returns the bot's replies to it."""
        try:
            return self._say(text, intent, confidence)
        finally:
            self.earlier.append(text)

    def _say(self, text: str, intent: str, confidence: float) -> list[dict]:
        self.replies = []
        receipt = next((m.value for m in find_entities(text) if m.entity == "receipt_code"), None)
        candidates = {}
        if not self.active:
            if receipt:
                self.slots[actions.RECEIPT] = receipt                      # global from_entity mapping
            if intent == "subscribe_status_updates":
                self.run(actions.ActionSubscribeStatusUpdates(), self.tracker(text, intent, 1.0, {}))
                self.slots[actions.RECEIPT] = None
                return self.replies
            assert intent == "check_status", "only a status question starts the form here"
            self.active, self.slots[actions.REQUESTED] = True, None
            if self.slots.get(actions.RECEIPT):
                candidates = {actions.RECEIPT: self.slots[actions.RECEIPT]}
        else:
            requested = self.slots.get(actions.REQUESTED)
            if receipt:
                candidates[actions.RECEIPT] = receipt
            elif requested == actions.RECEIPT:
                candidates[actions.RECEIPT] = text                         # from_text while asked
            if requested == actions.FACTOR:
                candidates[actions.FACTOR] = text
        if candidates or not self.active:
            events = self.run(actions.ValidateStatusCheckForm(), self.tracker(text, intent, confidence, candidates))
            if any(e["event"] == "action_execution_rejected" for e in events):
                self.apply(events)
                self.active = False
                return self.replies                                        # Rasa answers the other intent
            self.apply({"event": "slot", "name": k, "value": v} for k, v in candidates.items())
            self.apply(events)
        if actions.REQUESTED in self.slots and self.slots[actions.REQUESTED] is None and (
                self.slots.get(actions.OUTCOME) not in (None, "mismatch")):
            self.active = False
            self.apply(self.run(actions.ActionStatusCheckResult(), self.tracker(text, intent, confidence, {})))
            return self.replies
        missing = next(s for s in (actions.RECEIPT, actions.FACTOR) if not self.slots.get(s))
        self.slots[actions.REQUESTED] = missing
        ask = actions.ActionAskReceiptCode() if missing == actions.RECEIPT else actions.ActionAskStatusFactor()
        self.run(ask, self.tracker(text, intent, confidence, {}))
        return self.replies


def texts(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies) -> list[dict]:
    return [b for r in replies for b in r.get("buttons") or []]


@pytest.fixture
def chat(services, seeded):
    return Chat("web-citizen")


def test_receipt_in_the_message_then_the_factor_gives_the_status(chat, seeded):
    asked = chat.say(f"hồ sơ {seeded} đến đâu rồi", "check_status")
    assert texts(asked) == FACTOR_Q.prompt
    answer = chat.say(RIGHT)
    assert seeded in texts(answer) and "đã được tiếp nhận" in texts(answer) and "15/01/2099" in texts(answer)
    titles = [b["title"] for b in buttons(answer)]
    assert titles == [FLOW.buttons["subscribe"]["title"], "Gặp cán bộ"]
    assert chat.slots[actions.VERIFIED] == [seeded] and chat.slots[actions.RECEIPT] is None


def test_the_receipt_is_asked_when_missing_and_the_phone_digits_work_too(chat, seeded):
    assert texts(chat.say("kiểm tra tình trạng hồ sơ giúp tôi", "check_status")) == RECEIPT_Q.prompt
    assert texts(chat.say(f"mã là {seeded}", "check_status")) == FACTOR_Q.prompt
    assert "đã được tiếp nhận" in texts(chat.say(f"4 số cuối sđt là {OWNER_PHONE[-4:]}"))


def test_code_and_full_cccd_in_one_message_answer_at_once(chat, seeded):
    answer = chat.say(f"mã hồ sơ {seeded}, căn cước {OWNER_ID}, kiểm tra giúp", "check_status")
    assert "đã được tiếp nhận" in texts(answer)


def test_unknown_receipt_and_wrong_factor_get_the_same_answer(services, seeded):
    wrong, unknown = Chat("web-a"), Chat("web-b")
    wrong.say(f"hồ sơ {seeded} sao rồi", "check_status")
    unknown.say("hồ sơ G99.99-250101-0001 sao rồi", "check_status")
    first = (wrong.replies, unknown.replies)
    assert first[0] == first[1]                      # the factor is asked for unknown codes too
    replies = (wrong.say(WRONG), unknown.say(RIGHT))
    assert replies[0] == replies[1] and texts(replies[0]) == RECEIPT_Q.reason("mismatch")
    assert wrong.slots == unknown.slots              # same state: asked for the code again


def test_five_failures_lock_the_sender_even_for_the_right_answer(services, seeded):
    chat = Chat("web-guesser")
    for attempt in range(5):
        chat.say(f"hồ sơ G0{attempt}.11-250101-000{attempt} sao rồi", "check_status") if attempt == 0 else \
            chat.say(f"G0{attempt}.11-250101-000{attempt}")
        reply = chat.say(WRONG)
    assert "tạm dừng tra cứu" in texts(reply) and "15 phút" in texts(reply)
    locked = chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert "tạm dừng tra cứu" in texts(locked)        # the lock is checked before the factor is asked
    assert seeded not in texts(locked)


def test_five_failures_on_a_receipt_stop_4_digit_guesses_but_not_its_owner(services, seeded):
    for i in range(5):
        guesser = Chat(f"web-guesser-{i}")
        guesser.say(f"hồ sơ {seeded} sao rồi", "check_status")
        guesser.say(WRONG)
    late = Chat("web-late-guesser")
    late.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert "tạm dừng tra cứu" in texts(late.say(RIGHT))           # even the right 4 digits: the receipt is locked
    owner = Chat("web-owner")                                    # a stranger cannot lock the owner out:
    answer = texts(owner.say(f"hồ sơ {seeded}, căn cước {OWNER_ID}", "check_status"))
    assert seeded in answer and "tạm dừng" not in answer


def test_asking_for_someone_elses_dossier_needs_the_owners_proof(chat, seeded):
    asked = chat.say(f"hồ sơ của mẹ tôi mã {seeded} đến đâu rồi", "check_status")
    assert FLOW.say["owner_only"] in texts(asked)
    assert texts(chat.say("tôi không biết số của bác ấy")) == FACTOR_Q.reason("unusable")
    refused = chat.say("1111")
    assert texts(refused) == RECEIPT_Q.reason("mismatch") and seeded not in texts(refused)


def test_a_cccd_without_receipt_is_not_a_lookup_key(chat):
    assert texts(chat.say(f"tra hồ sơ bằng căn cước {OWNER_ID} được không", "check_status")) == RECEIPT_Q.reason("id_without_receipt")


def test_three_unusable_answers_end_with_an_officer_offer(chat):
    chat.say("tra cứu hồ sơ", "check_status")
    assert texts(chat.say("mình quên rồi")) == RECEIPT_Q.reason("unusable")
    chat.say("ờ")
    gave_up = chat.say("không biết nữa")
    assert texts(gave_up) == FLOW.say["gave_up"]
    assert {"title": "Gặp cán bộ", "payload": "/request_human"} in buttons(gave_up)


@pytest.mark.parametrize("text, intent", [("/request_human", "request_human"), ("/deny", "deny"),
                                          ("làm hộ chiếu mất bao nhiêu tiền", "ask_fee")])
def test_another_intent_leaves_the_form_for_the_bot_to_answer(chat, seeded, text, intent):
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert chat.say(text, intent, 1.0 if text.startswith("/") else 0.8) == []
    assert not chat.active and chat.slots[actions.RECEIPT] is None


def test_digits_are_an_answer_whatever_the_intent_says(chat, seeded):
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert "đã được tiếp nhận" in texts(chat.say(RIGHT, "ask_fee", 0.95))


def test_with_a_misconfigured_secret_the_check_is_unavailable(services, seeded):
    services.settings.dossier_secret = type(services.settings.dossier_secret)("too-short")
    chat = Chat("web-x")
    assert texts(chat.say(f"hồ sơ {seeded} sao rồi", "check_status")) == FLOW.say["unavailable"]


def test_opt_in_after_a_check_then_notified_on_change(chat, seeded, database, hasher):
    from tests.dossiers.conftest import record

    chat.channel = "telegram"
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    answer = chat.say(RIGHT)
    subscribe = next(b["payload"] for b in buttons(answer) if b["title"] == FLOW.buttons["subscribe"]["title"])
    assert json.loads(subscribe.removeprefix("/subscribe_status_updates")) == {"receipt_code": seeded}
    assert seeded in texts(chat.say(subscribe, "subscribe_status_updates"))
    with database.session() as s:
        service.change_status(s, hasher, service.get(s, seeded), record(status="result_ready"), "admin_api")
    with database.session() as s:
        [message] = pending(s, "telegram")
    assert message.recipient_id == "web-citizen" and "đã có kết quả" in message.payload["text"]
    again = Chat("web-citizen")
    again.slots[actions.VERIFIED] = [seeded]
    again.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert FLOW.say["already_subscribed"] in texts(again.say(RIGHT))


def test_opt_in_without_proof_is_refused(services, seeded, database):
    stranger = Chat("web-stranger")
    payload = "/subscribe_status_updates" + json.dumps({"receipt_code": seeded})
    assert texts(stranger.say(payload, "subscribe_status_updates")) == FLOW.say["subscribe_needs_check"]
    with database.session() as s:
        assert service.get(s, seeded).subscriptions == []


def test_the_status_check_logs_no_owner_numbers(chat, seeded, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        chat.say(f"mã {seeded}, căn cước {OWNER_ID}", "check_status")
        chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
        chat.say(OWNER_PHONE[-4:])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert seeded[-4:] in logged   # the logs tell which dossier (masked to its tail where logs are masked)
    for part in (OWNER_ID, OWNER_PHONE, OWNER_ID[-4:], OWNER_PHONE[-4:]):
        assert part not in logged


def test_the_lock_message_counts_down(services, seeded, database):
    with database.session() as s:
        for i in range(5):
            service.lockout.record_attempt(s, "web-late", "X", False,
                                           datetime.now(timezone.utc) - timedelta(minutes=10 - i))
    chat = Chat("web-late")  # the 5th failure was 6 minutes ago: 9 minutes to go
    assert "tạm dừng tra cứu trong 9 phút" in texts(chat.say(f"hồ sơ {seeded} sao rồi", "check_status"))


def test_values_for_the_paused_form_leave_the_check_even_when_one_of_them_could_be_the_factor(chat, seeded):
    from bot.forms.engine import FormEngine
    from knowledge.flows.forms import load_forms

    engine = FormEngine(load_forms()["3.000333"])
    draft = engine.start(None, "ho ten: hoang van nam, sinh ngay 12/4/1998, cccd 040098012356").state
    chat.slots["form_state"] = {"current": "3.000333", "drafts": {"3.000333": dict(draft, status="paused")}}
    chat.say(f"a ma ho so {seeded} cua toi toi dau roi vay", "check_status")
    assert chat.slots[actions.REQUESTED] == actions.FACTOR
    # two of the form's values: the form goes on (the phone is no verification attempt)
    assert chat.say("sdt 0397148265, thuong tru tai xom 3, xa dien chau, tinh nghe an", "inform", 0.6) == []
    assert not chat.active
    # a phone alone is still the factor asked for
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert chat.say(OWNER_PHONE, "inform", 0.6) != []


@pytest.mark.parametrize("intent, followup", [("affirm", True), ("start_submission", False)])
def test_going_back_to_the_paused_form_resumes_it_whatever_the_nlu_said(chat, seeded, intent, followup):
    from bot.forms.engine import FormEngine
    from knowledge.flows.forms import load_forms

    draft = FormEngine(load_forms()["1.004222"]).start(None, "tên e Nông Thị Hoài, cccd 020198004763").state
    chat.slots["form_state"] = {"current": "1.004222", "drafts": {"1.004222": dict(draft, status="paused")}}
    chat.say(f"cho e hỏi hs {seeded} đến đâu r ạ", "check_status")
    text = "dạ z quay lại điền tiếp giúp e"
    events = chat.run(actions.ValidateStatusCheckForm(), chat.tracker(text, intent, 0.14, {actions.FACTOR: text}))
    assert any(e["event"] == "action_execution_rejected" for e in events)
    assert any(e.get("event") == "followup" and e.get("name") == "action_continue_flow" for e in events) is followup


def test_dropping_the_check_for_another_request_leaves_it_even_with_digits(chat, seeded):
    chat.say(f"má có nộp hồ sơ {seeded}, con coi giùm má tới đâu rồi", "check_status")
    text = "Ừ thôi để đó, giờ con làm cái gia hạn cho má. Má tên Nguyễn Thị Bảy, căn cước 080157006324"
    assert chat.say(text, "start_submission", 0.9) == []  # the bot answers the new request
    assert not chat.active
    # digits alone still answer the factor asked
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert "đã được tiếp nhận" in texts(chat.say(RIGHT, "start_submission", 0.9))
