"""Dossier status in the chat: receipt code + second factor, then the status answer.

The form `status_check_form` asks the receipt code (taken from the message when it has
one) and then the last 4 digits of the owner's căn cước or phone. The decision lives in
domain.dossiers.service.check_ownership: an unknown receipt and a wrong factor get the
same answer, and the lockout stops guessing. This module only turns its outcomes into
messages and slots.

Slots: status_check_outcome ends the form (verified / locked / gave_up / unavailable)
or marks a retry (mismatch). Slots only steer the dialogue: whether a status may be shown
or an opt-in taken is decided from the server's record of a passed owner check
(service.passed_check), never from slots a caller could send. The audit trace records
each refused check (other_person_data) and each disclosure at the moment it happens.
"""
from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import status_guard
from core.text.normalize import normalize_text
from core.text.patterns import find_entities
from domain.dossiers import notifications, service
from domain.dossiers.identity import (
    Factor,
    NotConfigured,
    OwnerHasher,
    normalize_id_number,
    normalize_phone,
    parse_factor,
)
from domain.dossiers.records import normalize_receipt_code
from domain.services import current

log = logging.getLogger(__name__)
T = TypeVar("T")

FORM = "status_check_form"
RECEIPT = "receipt_code"
FACTOR = "status_factor"
OUTCOME = "status_check_outcome"
INVALID = "status_check_invalid"
VERIFIED = "status_verified_receipts"
REQUESTED = "requested_slot"
MAX_INVALID = 3

HUMAN_BUTTON = {"title": "Gặp cán bộ", "payload": "/request_human"}
STOP_BUTTON = {"title": "Thôi", "payload": "/deny"}
AGAIN_BUTTON = {"title": "Tra cứu lại", "payload": "/check_status"}

ASK_RECEIPT = ("Dạ, anh/chị cho em mã hồ sơ (số biên nhận) nhé. Mã in trên giấy biên nhận, "
               "ví dụ: 000.00.15.H22-240918-0003.")
ASK_RECEIPT_INVALID = ("Dạ, em chưa thấy mã hồ sơ trong tin nhắn. Mã hồ sơ in trên giấy biên nhận, có dạng "
                       "000.00.15.H22-240918-0003. Nếu mất giấy biên nhận, anh/chị hỏi bộ phận một cửa nơi nộp "
                       "hoặc bấm \"Gặp cán bộ\" ạ.")
NEEDS_RECEIPT = ("Dạ, để tra cứu em cần mã hồ sơ (số biên nhận); chỉ có căn cước hoặc số điện thoại thì em chưa "
                 "tra được. Nếu mất giấy biên nhận, anh/chị hỏi bộ phận một cửa nơi nộp hoặc bấm \"Gặp cán bộ\" ạ.")
OWNER_ONLY = ("Dạ, em chỉ báo tình trạng hồ sơ cho người đứng tên hồ sơ, hoặc người được họ cho biết thông tin "
              "xác nhận (4 số cuối căn cước hoặc số điện thoại đã khai khi nộp).")
ASK_FACTOR = ("Dạ, để bảo vệ thông tin hồ sơ, anh/chị cho em 4 số cuối căn cước hoặc 4 số cuối số điện thoại "
              "của người đứng tên hồ sơ ạ.")
ASK_FACTOR_INVALID = ("Dạ, em cần đúng 4 chữ số cuối của căn cước hoặc số điện thoại người đứng tên hồ sơ, "
                      "ví dụ: 5678.")
MISMATCH = ("Dạ, mã hồ sơ hoặc thông tin xác nhận chưa khớp. Em chỉ báo tình trạng hồ sơ cho người đứng tên "
            "hồ sơ (xác nhận bằng 4 số cuối căn cước hoặc số điện thoại đã khai khi nộp). Anh/chị kiểm tra lại "
            "mã trên giấy biên nhận rồi nhập lại mã hồ sơ giúp em nhé.")
LOCKED = ("Dạ, thông tin xác nhận đã sai nhiều lần nên em tạm dừng tra cứu trong {minutes} phút để bảo vệ hồ sơ "
          "của người dân. Anh/chị thử lại sau, hoặc bấm \"Gặp cán bộ\" để được giúp ạ. Người đứng tên hồ sơ vẫn tra "
          "được ngay bằng mã hồ sơ kèm số căn cước hoặc số điện thoại đầy đủ đã khai khi nộp.")
GAVE_UP = ("Dạ, em chưa nhận được thông tin để tra cứu. Anh/chị thử lại khi có giấy biên nhận, hoặc bấm "
           "\"Gặp cán bộ\" để được giúp ạ.")
UNAVAILABLE = ("Dạ, hiện em chưa tra cứu được hồ sơ. Anh/chị bấm \"Gặp cán bộ\" hoặc hỏi bộ phận một cửa nơi "
               "nộp hồ sơ ạ.")
SUBSCRIBE_TITLE = "Báo cho tôi khi hồ sơ thay đổi"
ALREADY_SUBSCRIBED = "Em sẽ nhắn anh/chị khi hồ sơ này có thay đổi."
SUBSCRIBED = ("Dạ, em sẽ nhắn anh/chị ngay khi hồ sơ {code} có thay đổi. Muốn ngừng, anh/chị bấm "
              "\"Ngừng báo hồ sơ này\" trong tin nhắn báo ạ.")
SUBSCRIBE_NEEDS_CHECK = ("Dạ, anh/chị tra cứu hồ sơ trước (mã hồ sơ và 4 số xác nhận), rồi em mới đăng ký báo tin "
                         "được ạ.")
UNSUBSCRIBED = "Dạ, em sẽ không nhắn tin về hồ sơ {code} nữa ạ."

# intents that mean "I want something else": the form steps aside and the bot answers them
LEAVE_INTENTS = frozenset({
    "greet", "goodbye", "thank", "deny", "ask_procedure", "ask_documents", "ask_fee", "ask_processing_time",
    "ask_where", "ask_online", "account_help", "start_submission", "payment_help", "request_human", "complain",
    "out_of_scope", "subscribe_status_updates", "unsubscribe_status_updates",
})
LEAVE_CONFIDENCE = 0.6
# "hồ sơ của mẹ tôi", "tra hộ người khác" (on the folded text): the same proof is asked, and
# the citizen is told why; a name recognised by the NLU (person_name) counts too
OTHER_PERSON_RE = re.compile(
    r"\bcua (?:me|ma|bo|ba|cha|ong|chong|vo|con|nguoi nha|hang xom|ban)\b|\bnguoi khac\b"
    r"|\b(?:tra|xem|kiem tra|hoi) ho\b(?! so)"
)


async def _in_db(work: Callable[..., T], *args: Any) -> T:
    """Run `work(session, *args)` in one transaction, off the event loop."""
    def run() -> T:
        with current().db.session() as session:
            return work(session, *args)

    return await asyncio.to_thread(run)


def _hasher() -> OwnerHasher | None:
    try:
        return OwnerHasher.from_settings(current().settings)
    except NotConfigured:
        log.warning("status check: DOSSIER_SECRET is not configured")
        return None


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


def _receipt_in(text: str) -> str | None:
    for match in find_entities(text):
        if match.entity == "receipt_code" and (code := normalize_receipt_code(match.value)):
            return code
    return None


def _full_factor_in(text: str) -> Factor | None:
    """A whole căn cước / phone in a message (4 digits inside a receipt code are no factor)."""
    for match in find_entities(text):
        if match.entity == "id_number" and (digits := normalize_id_number(match.value)):
            return Factor("id_number", digits)
        if match.entity == "phone_number" and (digits := normalize_phone(match.value)):
            return Factor("phone", digits)
    return None


def _factor_in(text: str) -> Factor | None:
    """The factor of an answer to "4 số cuối?", ignoring any receipt code in it."""
    for match in find_entities(text):
        if match.entity == "receipt_code":
            text = text.replace(match.value, " ")
    return parse_factor(text)


def _leaving(tracker: Tracker) -> bool:
    """The citizen answered the form's question with something else (a button, another question)."""
    if tracker.get_slot(REQUESTED) not in (RECEIPT, FACTOR):
        return False
    text = _text(tracker).strip()
    name, confidence = _intent(tracker)
    if text.startswith("/"):
        return name != "check_status"
    if back_to_form(tracker, text):
        return True
    if any(c.isdigit() for c in text):
        return False
    return name in LEAVE_INTENTS and confidence >= LEAVE_CONFIDENCE


def back_to_form(tracker: Tracker, text: str) -> bool:
    """'tiếp tục điền tờ khai', or values for the form paused by this status check
    ('sđt 0912…, địa chỉ trọ: …' while the code is asked): the form goes on."""
    from bot.actions.submission import paused_drafts
    from bot.forms.intake import says_go_on
    from bot.forms.language import COMMAND_PHRASES, matches_phrase
    from bot.forms.reading import has_receipt_code, read_message
    from knowledge.flows.forms import load_forms

    drafts = paused_drafts(tracker)
    if not drafts or has_receipt_code(text):
        return False
    if matches_phrase(text, COMMAND_PHRASES["continue"], max_extra_words=4) or says_go_on(text):
        return True
    forms = load_forms()
    code, state = next(iter(drafts.items()))
    if code not in forms:
        return False
    found = read_message(forms[code], state.get("values") or {}, None, text)
    if _factor_in(text) is not None and tracker.get_slot(REQUESTED) == FACTOR:
        return len(found) >= 2  # "sdt 0397…, thuong tru tai xom 3, …": more than the factor asked
    return bool(found)


def _about_someone_else(tracker: Tracker) -> bool:
    entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
    return "person_name" in entities or OTHER_PERSON_RE.search(normalize_text(_text(tracker))) is not None


def _channel(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return notifications.channel_for(tracker.sender_id, metadata.get("channel"))


class ValidateStatusCheckForm(FormValidationAction):
    def name(self) -> str:
        return "validate_status_check_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if _leaving(tracker):
            # reject the form's turn and close it: the bot then answers the new intent
            return [ActionExecutionRejected(FORM), ActiveLoop(None), SlotSet(REQUESTED, None),
                    SlotSet(RECEIPT, None), SlotSet(FACTOR, None), SlotSet(INVALID, None), SlotSet(OUTCOME, None)]
        return await super().run(dispatcher, tracker, domain)

    async def validate_receipt_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED) == FACTOR:
            # a (new) code typed while the factor was asked: take it, validate_status_factor decides
            code = normalize_receipt_code(value) or _receipt_in(str(value or ""))
            return {RECEIPT: code} if code else {}
        code = normalize_receipt_code(value) or _receipt_in(str(value or "")) or _receipt_in(_text(tracker))
        if code is None:
            if _intent(tracker)[0] == "check_status" and not any(c.isdigit() for c in _text(tracker)):
                return {RECEIPT: None, OUTCOME: None}  # asked again without a code: just ask
            return self._invalid(tracker, RECEIPT)
        hasher = _hasher()
        if hasher is None:
            return {RECEIPT: None, REQUESTED: None, OUTCOME: "unavailable"}
        if await _in_db(status_guard.locked_refusal, tracker.sender_id, code):
            return {RECEIPT: code, REQUESTED: None, OUTCOME: "locked", INVALID: None}
        factor = _full_factor_in(_text(tracker))
        if factor is not None:  # "mã ..., căn cước ...": both in one message
            return await self._verify(tracker, hasher, code, factor)
        return {RECEIPT: code, INVALID: None, OUTCOME: None}

    async def validate_status_factor(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: dict) -> dict[str, Any]:
        text = _text(tracker)
        factor = _factor_in(text)
        code = tracker.get_slot(RECEIPT)
        if factor is None:
            if _receipt_in(text):
                return {FACTOR: None, OUTCOME: None}  # a new receipt code: ask the factor for it
            return self._invalid(tracker, FACTOR)
        if not code:
            return {FACTOR: None}
        hasher = _hasher()
        if hasher is None:
            return {FACTOR: None, REQUESTED: None, OUTCOME: "unavailable"}
        return await self._verify(tracker, hasher, code, factor)

    @staticmethod
    def _invalid(tracker: Tracker, slot: str) -> dict[str, Any]:
        count = int(tracker.get_slot(INVALID) or 0) + 1
        if count >= MAX_INVALID:
            return {slot: None, FACTOR: None, REQUESTED: None, OUTCOME: "gave_up", INVALID: None}
        return {slot: None, INVALID: float(count), OUTCOME: None}

    @staticmethod
    async def _verify(tracker: Tracker, hasher: OwnerHasher, code: str, factor: Factor) -> dict[str, Any]:
        result = await _in_db(status_guard.check, hasher, code, factor, tracker.sender_id)
        if result.outcome == "verified":
            verified = [c for c in (tracker.get_slot(VERIFIED) or []) if c != result.receipt_code]
            return {RECEIPT: result.receipt_code, FACTOR: None, REQUESTED: None, OUTCOME: "verified",
                    INVALID: None, VERIFIED: (verified + [result.receipt_code])[-10:]}
        if result.outcome == "locked":
            return {RECEIPT: result.receipt_code, FACTOR: None, REQUESTED: None, OUTCOME: "locked", INVALID: None}
        # unknown receipt or wrong factor: the same answer, and the form asks the code again
        return {RECEIPT: None, FACTOR: None, OUTCOME: "mismatch", INVALID: None}


class ActionAskReceiptCode(Action):
    def name(self) -> str:
        return "action_ask_receipt_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        if tracker.get_slot(OUTCOME) == "mismatch":
            text = MISMATCH
        elif tracker.get_slot(INVALID):
            text = ASK_RECEIPT_INVALID
        elif entities & {"id_number", "phone_number"}:
            text = NEEDS_RECEIPT
        elif _about_someone_else(tracker):
            text = f"{OWNER_ONLY}\n{ASK_RECEIPT}"
        else:
            text = ASK_RECEIPT
        dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON, STOP_BUTTON])
        return []


class ActionAskStatusFactor(Action):
    def name(self) -> str:
        return "action_ask_status_factor"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = ASK_FACTOR_INVALID if tracker.get_slot(INVALID) else ASK_FACTOR
        if _about_someone_else(tracker):
            text = f"{OWNER_ONLY}\n{text}"
        dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON, STOP_BUTTON])
        return []


class ActionStatusCheckResult(Action):
    """After the form: the status answer, or why there is none."""

    def name(self) -> str:
        return "action_status_check_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        outcome = tracker.get_slot(OUTCOME)
        code = tracker.get_slot(RECEIPT)
        reset = [SlotSet(RECEIPT, None), SlotSet(FACTOR, None), SlotSet(OUTCOME, None), SlotSet(INVALID, None)]
        if outcome == "verified":
            answer = await _in_db(status_guard.answer, code, tracker.sender_id)
            if answer is False:  # no passed check on record: nothing is shown
                dispatcher.utter_message(text=OWNER_ONLY, buttons=[AGAIN_BUTTON, HUMAN_BUTTON])
                return reset
            if answer is not None:
                text, subscribed, procedure = answer
                if procedure:
                    reset.append(SlotSet("procedure_code", procedure))
                buttons = [HUMAN_BUTTON]
                if subscribed:
                    text = f"{text}\n{ALREADY_SUBSCRIBED}"
                else:
                    payload = "/subscribe_status_updates" + json.dumps({RECEIPT: code})
                    buttons.insert(0, {"title": SUBSCRIBE_TITLE, "payload": payload})
                dispatcher.utter_message(text=text, buttons=buttons)
                return reset
            outcome = "unavailable"
        if outcome == "locked":
            until = await _in_db(service.locked_until, tracker.sender_id, code)
            minutes = max(1, math.ceil((until - service.utcnow()).total_seconds() / 60)) if until else 15
            dispatcher.utter_message(text=LOCKED.format(minutes=minutes), buttons=[HUMAN_BUTTON])
        elif outcome == "gave_up":
            dispatcher.utter_message(text=GAVE_UP, buttons=[AGAIN_BUTTON, HUMAN_BUTTON])
        else:
            dispatcher.utter_message(text=UNAVAILABLE, buttons=[HUMAN_BUTTON])
        return reset


def _payload_code(tracker: Tracker) -> str | None:
    value = next(tracker.get_latest_entity_values(RECEIPT), None)
    return normalize_receipt_code(value) if value else None


class ActionSubscribeStatusUpdates(Action):
    """Opt in to notifications, only for a dossier this conversation proved it owns."""

    def name(self) -> str:
        return "action_subscribe_status_updates"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        code = await _in_db(status_guard.subscribe, _payload_code(tracker), _channel(tracker), tracker.sender_id)
        if code is None:
            dispatcher.utter_message(text=SUBSCRIBE_NEEDS_CHECK, buttons=[AGAIN_BUTTON, HUMAN_BUTTON])
        else:
            dispatcher.utter_message(text=SUBSCRIBED.format(code=code))
        return [SlotSet(RECEIPT, None)]


class ActionUnsubscribeStatusUpdates(Action):
    """Opt out (no proof needed: it only ever removes this conversation's own opt-in)."""

    def name(self) -> str:
        return "action_unsubscribe_status_updates"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        code = _payload_code(tracker) or next(reversed(tracker.get_slot(VERIFIED) or []), None)
        if code is None:
            dispatcher.utter_message(text="Dạ, anh/chị muốn ngừng nhận tin về hồ sơ nào ạ? Anh/chị bấm "
                                          "\"Ngừng báo hồ sơ này\" trong tin nhắn báo giúp em nhé.")
            return [SlotSet(RECEIPT, None)]
        await _in_db(status_guard.unsubscribe, code, tracker.sender_id)
        dispatcher.utter_message(text=UNSUBSCRIBED.format(code=code))
        return [SlotSet(RECEIPT, None)]
