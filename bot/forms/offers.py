"""The form's offer stages: reuse a saved profile, resume after an interruption, remember answers.

A mixin of FormEngine (it uses the engine's asking, summary, pause and handoff steps).
"""
from __future__ import annotations

import re
from typing import Any

from bot.forms import wording as w
from bot.forms.flow import Message, Outcome, Reply, Turn
from bot.forms.flow import button as _button
from bot.forms.language import command, looks_like_question, matches_phrase, yes_or_no
from knowledge.flows.checks import check_answer


class OfferStages:
    def _on_profile_offer(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        cmd = command(text, ("officer", "stop"))
        if cmd == "officer":
            return self._handoff(state)
        if cmd == "stop":
            return self._pause(state)
        choice = 1 if matches_phrase(text, (w.USE_PROFILE,)) else 0 if matches_phrase(text, (w.NEW_PROFILE,)) else None
        answer = bool(choice) if choice is not None else yes_or_no(text, message.intent, message.confidence)
        offered = state.pop("offered_profile", None) or {}
        if answer is True:
            for f in self.form.profile_fields():
                if f.from_profile in offered:
                    result = check_answer(self.form, f, offered[f.from_profile], state["values"], self.today)
                    if result.ok:
                        state["values"][f.name] = result.value or ""
                        state["prefilled"].append(f.name)
            lead = [w.PROFILE_USED] if state["prefilled"] else [w.PROFILE_UNUSABLE]
            return Turn(state, self._ask_next(state, lead))
        if answer is False:
            return Turn(state, self._ask_next(state))
        if _asks_officer(message):
            return self._handoff(state)
        if self._is_topic_switch(message, None) and (looks_like_question(text) or message.confidence >= 0.85):
            # answered elsewhere; the offer is dropped (e.g. "xoá thông tin của tôi") and the form
            # will go on from its first question
            state["stage"], state["current"] = "asking", getattr(self._next_field(state), "name", None)
            return Turn(state, [], Outcome.FORWARD)
        state["offered_profile"] = offered
        return Turn(state, [self._profile_offer(offered)])

    def _profile_offer(self, profile: dict[str, str]) -> Reply:
        facts = []
        for key, template in w.PROFILE_FACTS.items():
            if profile.get(key):
                value = profile[key]
                facts.append(template.format(value=value, tail=re.sub(r"\D", "", value)[-3:]))
        return Reply(w.PROFILE_OFFER.format(facts="; ".join(facts)),
                     [_button(w.USE_PROFILE), _button(w.NEW_PROFILE), w.OFFICER_BUTTON])

    def _profile_values(self, profile: dict[str, str]) -> dict[str, str]:
        keys = {f.from_profile for f in self.form.profile_fields()}
        return {k: v for k, v in profile.items() if k in keys and v}

    def _on_resume_offer(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        back_to = state.get("resume_stage") or "asking"
        cmd = command(text, ("officer", "stop", "continue"))
        if cmd == "officer":
            return self._handoff(state)
        if cmd == "stop" or matches_phrase(text, (w.RESUME_LATER,)):
            return self._pause(state)
        state["stage"] = back_to
        if cmd == "continue" or yes_or_no(text, message.intent, message.confidence) is True:
            if back_to == "summary":
                return Turn(state, self._summary(state))
            return Turn(state, self._ask_current_or_next(state))
        if yes_or_no(text, message.intent, message.confidence) is False:
            return self._pause(state)
        return self.handle(state, message)

    def _on_consent(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        if matches_phrase(text, (w.REMEMBER_YES,)):
            answer = True
        elif matches_phrase(text, (w.REMEMBER_NO,)):
            answer = False
        else:
            answer = yes_or_no(text, message.intent, message.confidence)
        state["stage"] = "done"
        if answer is True:
            return Turn(state, [Reply(w.REMEMBERED)], Outcome.REMEMBER, profile=self.profile_from_answers(state))
        if answer is False:
            return Turn(state, [Reply(w.NOT_REMEMBERED)], Outcome.FINISHED)
        return Turn(state, [], Outcome.FORWARD)  # something else: answer it normally, form is over


def _asks_officer(message: Message) -> bool:
    """The intent alone (no officer words): trusted only when nothing else explains the message."""
    return message.intent == "request_human" and message.confidence >= 0.8
