"""'Tiếp tục' with no flow open, and 'xoá thông tin của tôi': the paused draft or guide resumed, the
remembered profile forgotten."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from starlette.concurrency import run_in_threadpool

from bot.actions.form_storage import _erase
from bot.actions.submission import ActionSubmission, paused_drafts
from bot.forms import wording as w
from bot.forms.flow import button as make_button
from knowledge import wording
from knowledge.flows.forms import load_forms


class ActionEraseProfile(Action):
    """'Xoá thông tin của tôi': forget the remembered profile and say so."""

    def name(self) -> str:
        return "action_erase_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        erased = await run_in_threadpool(_erase, tracker.sender_id)
        dispatcher.utter_message(text=w.PROFILE_ERASED if erased else w.NO_PROFILE, buttons=[w.OFFICER_BUTTON])
        return []


class ActionContinueFlow(Action):
    """"Tiếp tục" with no flow open: resume what was paused (a draft or the account guide)."""

    def name(self) -> str:
        return "action_continue_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.actions.account import ActionAccountGuide, paused_guide

        forms = load_forms()
        drafts = [code for code in paused_drafts(tracker) if code in forms]
        guide = paused_guide(tracker)
        if len(drafts) + bool(guide) == 1:
            if drafts:
                events = await ActionSubmission().resume_draft(drafts[0], dispatcher, tracker)
            else:
                events = await ActionAccountGuide().resume_guide(dispatcher, tracker)
            return _then_listen(tracker, events)
        if not drafts and not guide:
            dispatcher.utter_message(text=w.NOTHING_TO_CONTINUE, buttons=[
                wording.button("start_form"), wording.button("create_account"),
                w.OFFICER_BUTTON])
            return []
        buttons = [make_button(w.CONTINUE_DRAFT.format(title=forms[c].title), f'/start_submission{{"procedure_code":"{c}"}}')
                   for c in drafts]
        if guide:
            buttons.append(wording.button("continue_account_guide"))
        dispatcher.utter_message(text=w.WHAT_TO_CONTINUE, buttons=buttons + [w.OFFICER_BUTTON])
        return []


def _then_listen(tracker: Tracker, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run as the status check's follow-up ("dạ z quay lại điền tiếp" read as another intent),
    the resumed question is the whole answer: no rule of that intent runs after it."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in ("continue_flow", "start_submission") or any(e.get("event") == "followup" for e in events):
        return events
    return [*events, FollowupAction("action_listen")]
