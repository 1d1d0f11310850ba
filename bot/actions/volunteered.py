"""Opening a form from a message outside any flow (bot/forms/intake.py decides which).

"cháu làm giúp bác đăng ký tạm trú với", or, after a question about đăng ký tạm trú, "tên Nguyễn
Văn An, cccd 0010…, sđt 09…": whatever the NLU called the message, the form opens with the
values the message gives. The Rasa policy bot/policies/form_intake.py predicts
`action_form_intake` on the same decision; the answer and fallback actions still check it for
messages that reach them by a rule.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.forms_base import FLOW_SLOT, FORM_SLOT, recent_texts, user_turns
from bot.forms import wording as w
from bot.forms.choose import form_by_situation
from bot.forms.intake import form_to_open
from bot.forms.language import looks_like_question


def intake_code(tracker: Tracker) -> str | None:
    """The form the latest message should open, if any (the policy's decision, re-made here)."""
    if tracker.get_slot(FLOW_SLOT) or tracker.active_loop.get("name"):
        return None
    message = tracker.latest_message or {}
    return form_to_open(message.get("text") or "", (message.get("intent") or {}).get("name"),
                        tracker.get_slot("procedure_code"), recent_texts(tracker))


async def open_form(dispatcher: CollectingDispatcher, tracker: Tracker, code: str) -> list[dict[str, Any]]:
    from bot.actions.submission import ActionSubmission, _store, going_back_to

    text = (tracker.latest_message or {}).get("text") or ""
    code = going_back_to(text, _forms(), tracker, code) or code  # "ok, điền tiếp. thường trú ở …": the paused form
    if looks_like_question(text):  # "làm luôn ở đây được không": yes, and we start
        dispatcher.utter_message(text=w.INTAKE_YES)
    action = ActionSubmission()
    store = _store(tracker.get_slot(FORM_SLOT))
    events = await action._open(code, store, {c: f for c, f in _forms().items()}, dispatcher, tracker)
    await action.flush_trace(store, tracker.sender_id)
    return events


def _forms():
    from knowledge.flows.forms import load_forms

    return load_forms()


async def open_form_if_meant(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """Open the form the message means (see module doc); None when it means none."""
    code = intake_code(tracker)
    return None if code is None else await open_form(dispatcher, tracker, code)


async def form_menu_for_details(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """Details sent with no procedure ("Vu Dinh Khoa, 0270…, 0356…"), whatever the NLU called them:
    which form they are for; the form chosen next starts with them."""
    from bot.actions.form_storage import _form_buttons
    from bot.actions.submission import _store
    from bot.forms.intake import details_without_procedure

    text = (tracker.latest_message or {}).get("text") or ""
    forms = _forms()
    if tracker.get_slot(FLOW_SLOT) or text.startswith("/") or not details_without_procedure(text, forms):
        return None
    told = form_by_situation(" ".join(recent_texts(tracker)), forms)
    if told:  # the story told before says which form ("vợ tôi vừa sinh cháu …")
        return await open_form(dispatcher, tracker, told)
    store = _store(tracker.get_slot(FORM_SLOT))
    dispatcher.utter_message(text=w.DETAILS_WHICH_FORM, buttons=_form_buttons(forms, store["drafts"]))
    store.update(current=None, choosing=True, details_waiting=True)
    store.setdefault("details_from", user_turns(tracker) - 1)   # where they start; the texts stay in the tracker
    return [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, "submission")]


class ActionFormIntake(Action):
    def name(self) -> str:
        return "action_form_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        opened = await open_form_if_meant(dispatcher, tracker) or await form_menu_for_details(dispatcher, tracker)
        if opened is not None:
            return opened
        # the policy and this action disagree only if the data changed in between: answer instead
        from bot.actions.procedures import answer

        return answer(dispatcher, tracker, "ask_procedure")
