"""Answers about procedures: the exact aspect asked, for the procedure in context.

The procedure comes from (1) a button payload, (2) the message itself when it names
one, or (3) the conversation's current procedure ("thế lệ phí bao nhiêu?"). When the
search is unsure it asks with up to 3 buttons; when nothing fits it says so and
offers an officer.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.text.normalize import fold
from domain.services import current
from knowledge.answers import ASPECTS, render_answer
from knowledge.answers.identify import CLEAR_MATCH, identify, situation_of
from knowledge.answers.topic import names_a_procedure
from knowledge.wording import button, say, section

log = logging.getLogger(__name__)

# an ambiguous result whose best score is below this is a guess, and said so
CONFIDENT_CHOICE_SCORE = 0.4
# a message the NLU could not place is answered from the search only above this score
FALLBACK_ANSWER_SCORE = 0.5
# words that make an unplaced message a question about some procedure ("thủ tục cấp phép … ở đâu")
_PROCEDURE_WORDS = re.compile(r"\b(?:thu tuc|cap phep|giay phep|dang ky|cap lai|cap doi|xin cap|ho so|giay to|"
                              r"chung nhan|giay xac nhan)\b")


def payload(aspect: str, code: str, page: int = 0) -> str:
    entities: dict[str, Any] = {"procedure_code": code}
    if page:
        entities["answer_page"] = str(page)
    return f"/{aspect}{json.dumps(entities)}"


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def _account_trouble(text: str) -> bool:
    from bot.actions.account import GUIDE
    from bot.guides.recognize import account_trouble
    from knowledge.flows.guides import load_guides

    guides = load_guides()
    return GUIDE in guides and account_trouble(guides[GUIDE], text)


class ActionAnswerProcedure(Action):
    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        aspect = intent if intent in ASPECTS else tracker.get_slot("procedure_aspect") or "ask_procedure"
        text = tracker.latest_message.get("text") or ""
        if intent in ("ask_procedure", "ask_online") and not text.startswith("/") and _account_trouble(text):
            from bot.actions.account import ActionAccountGuide  # a VNeID / portal trouble: its steps

            return await ActionAccountGuide().run(dispatcher, tracker, domain)
        opened = await _form_if_details_given(dispatcher, tracker, intent or "ask_procedure")
        return opened if opened is not None else answer(dispatcher, tracker, aspect)


async def _form_if_details_given(dispatcher: CollectingDispatcher, tracker: Tracker,
                                 intent: str) -> list[dict] | None:
    """Details for a procedure that has a form, or "làm giúp tôi", open that form (bot/actions/volunteered.py)."""
    from bot.actions.volunteered import open_form_if_meant

    return await open_form_if_meant(dispatcher, tracker)


class ActionFallback(Action):
    """A message the NLU could not place: if it clearly names a procedure ("mở tiệm tạp hóa
    thì đăng ký kinh doanh"), the search over the whole catalogue answers it; otherwise ask
    the citizen to rephrase."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        opened = await _form_if_details_given(dispatcher, tracker, "ask_procedure")
        if opened is not None:
            return opened
        # a VNeID / portal trouble the NLU could not place (a long story read half as an account
        # problem, half as a procedure question): its steps
        if not text.startswith("/") and _account_trouble(text):
            from bot.actions.account import ActionAccountGuide

            return await ActionAccountGuide().run(dispatcher, tracker, domain)
        if not text.startswith("/") and situation_of(text) is not None:  # "bị mất ví, mất hết giấy tờ"
            return answer(dispatcher, tracker, "ask_procedure")
        if not text.startswith("/") and names_a_procedure(text):
            _, found = current().search().resolve(text)
            if found.status == "confident" and found.candidates[0]["score"] >= FALLBACK_ANSWER_SCORE:
                return answer(dispatcher, tracker, "ask_procedure", code=found.candidates[0]["code"])
            if not _PROCEDURE_WORDS.search(fold(text)):
                dispatcher.utter_message(response="utter_default")
                return []
            # about a procedure, but which one is unclear or unknown: say so honestly, offer an officer
            if found.status == "ambiguous":
                choices = [{"title": h["name"][:80], "payload": payload("ask_procedure", h["code"])}
                           for h in found.candidates[:3]]
                dispatcher.utter_message(text=say("procedures.not_sure"), buttons=choices + [button("officer")])
            else:
                dispatcher.utter_message(text=say("procedures.not_found"), buttons=[button("officer")])
            return []
        dispatcher.utter_message(response="utter_default")
        return []


def record_identified(tracker: Tracker, code: str, via: str) -> None:
    """Audit: the bot now takes the citizen to mean this procedure (only when it changes)."""
    if code == tracker.get_slot("procedure_code"):
        return
    try:
        from domain.audit import procedure_identified

        with current().db.session() as session:
            procedure_identified(session, tracker.sender_id, code, via)
    except Exception:  # noqa: BLE001 - the answer still goes out; the failure is logged
        log.exception("audit: procedure_identified failed for %s", code)


def _situation_intro(dispatcher: CollectingDispatcher, services, text: str, in_context: str | None,
                     aspect: str) -> str | None:
    """A life situation without a procedure name: say which procedures it needs (buttons for
    the others) and return the first one, which is answered."""
    situation = situation_of(text)
    if situation is None or in_context in situation.procedures:
        return None  # (a follow-up within the situation keeps its procedure)
    found = identify(services.search(), text, aspect, 1.0, catalogue=services.catalogue())
    if found.situation is None or not found.hits:
        return None
    # the first hit is answered: a situation's procedure or its qualified copy ("chồng người Hàn":
    # khai sinh có yếu tố nước ngoài), then the situation's other procedures
    shown = found.hits[:1] + [h for h in found.hits[1:] if h["code"] in found.situation.procedures]
    lines = [found.situation.intro + ":"] + [f"{i}. {h['name']}" for i, h in enumerate(shown, 1)]
    others = [{"title": h["name"][:80], "payload": payload("ask_procedure", h["code"])} for h in shown[1:]]
    if others:  # a one-procedure situation (a shop, a livestock loss) has no buttons to point at
        lines.append(say("procedures.situation_first"))
    dispatcher.utter_message(text="\n".join(lines), buttons=others)
    return found.hits[0]["code"]


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str, code: str | None = None) -> list[dict]:
    services = current()
    text = tracker.latest_message.get("text") or ""
    page = int(_entity(tracker, "answer_page") or 0)
    from_button = _entity(tracker, "procedure_code")
    code = code or from_button
    in_context = tracker.get_slot("procedure_code")
    via = "button" if code and code == from_button else "question"

    if code is None and not text.startswith("/"):
        situation = situation_of(text)
        if situation and in_context in situation.procedures and not names_a_procedure(situation.pattern.sub(" ", fold(text))):
            code = in_context  # "con mới sinh thì nộp ở đâu" while on the birth registration
        else:
            code = _situation_intro(dispatcher, services, text, in_context, aspect)
    if code is None and not text.startswith("/") and names_a_procedure(text):
        _, found = services.search().resolve(text)
        weak = not found.candidates or found.candidates[0]["score"] < CONFIDENT_CHOICE_SCORE
        if found.status == "confident":
            code = found.candidates[0]["code"]
        elif found.status == "ambiguous" and in_context in {h["code"] for h in found.candidates}:
            code = in_context  # "gia hạn thì bao lâu xong" while on gia hạn tạm trú: the one in context
        elif found.status == "ambiguous" and not (in_context and weak):
            # (a weak guess while a procedure is in context: "nộp ở đâu hả cháu" is about that one)
            buttons = [{"title": h["name"][:80], "payload": payload(aspect, h["code"])} for h in found.candidates[:3]]
            question = say("procedures.not_sure" if weak else "procedures.which_one")
            dispatcher.utter_message(text=question, buttons=buttons + [button("officer")])
            return [SlotSet("procedure_aspect", aspect)]
        elif in_context is None:
            dispatcher.utter_message(text=say("procedures.not_found"), buttons=[button("officer")])
            return [SlotSet("procedure_aspect", aspect)]
    code = code or in_context
    if code is None:
        dispatcher.utter_message(text=say("procedures.ask_which"))
        return [SlotSet("procedure_aspect", aspect)]

    record = services.catalogue().get(code)
    if record is None:
        dispatcher.utter_message(text=say("procedures.not_found"), buttons=[button("officer")])
        return [SlotSet("procedure_code", None)]
    curated = services.curated().get(code)
    reply = render_answer(record, aspect, page=page, curated=curated, portal_url=services.settings.portal_url)
    buttons = []
    if reply.has_more:
        buttons.append({"title": say("procedures.more"), "payload": payload(aspect, code, reply.next_page)})
    if _has_form(code):  # "Điền tờ khai giúp tôi": the form, one tap away
        fill = button("fill_form")
        buttons.append({"title": fill["title"], "payload": fill["payload"] + json.dumps({"procedure_code": code})})
    buttons += [{"title": title, "payload": payload(other, code)}
                for other, title in section("procedures.follow_ups").items() if other != aspect][: 4 - len(buttons)]
    dispatcher.utter_message(text=reply.text, buttons=buttons)
    record_identified(tracker, code, via)
    return [SlotSet("procedure_code", code), SlotSet("procedure_aspect", aspect)]


def _has_form(code: str) -> bool:
    from bot.forms.intake import form_serving
    from knowledge.flows.forms import load_forms

    return form_serving(code, load_forms()) is not None


def named_procedure(text: str, intent: str) -> str | None:
    """The procedure a message clearly names (or its situation's first), else None."""
    if text.startswith("/"):
        return None
    services = current()
    found = identify(services.search(), text, intent, 1.0, catalogue=services.catalogue())
    if not found.hits or not found.single:   # several procedures: none is the one named
        return None
    top = found.hits[0]
    if found.situation is not None or top["score"] >= CLEAR_MATCH:
        second = found.hits[1]["score"] if len(found.hits) > 1 else 0.0
        if found.situation is not None or top["score"] - second >= 0.04:
            return top["code"]
    return None


def answer_without_form(dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
                        forms: dict) -> list[dict] | None:
    """A request to file a procedure that has no form: answer the procedure itself (papers,
    where, online) instead of a form menu. None when the message names no such procedure."""
    code = named_procedure(text, "start_submission")
    if code is None or code in forms:
        return None
    dispatcher.utter_message(text=say("procedures.no_form"))
    return answer(dispatcher, tracker, "ask_procedure", code=code)


class ActionSmallTalk(Action):
    """Greeting or thanks: the polite reply, and when the message also names a procedure
    ("Chào bạn, mình muốn làm hộ chiếu lần đầu"), the answer about it."""

    def name(self) -> str:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or "greet"
        text = tracker.latest_message.get("text") or ""
        dispatcher.utter_message(response="utter_thank" if intent == "thank" else "utter_greet")
        try:
            code = named_procedure(text, intent) if names_a_procedure(text) else None
        except Exception:  # noqa: BLE001 - no search: the greeting alone is a fine reply
            log.warning("small talk: search unavailable", exc_info=True)
            code = None
        if code is None:
            return []
        return answer(dispatcher, tracker, "ask_procedure", code=code)
