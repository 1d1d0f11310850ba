"""The summary stage of a form: confirm, change a numbered item, correct a value in free words,
or ask something else (a mixin of FormEngine)."""
from __future__ import annotations

import re
from typing import Any

from bot.forms import wording as w
from bot.forms.flow import Message, Outcome, Reply, Turn
from bot.forms.language import (
    command,
    has_correction_marker,
    looks_like_confirmation,
    looks_like_question,
    yes_or_no,
)
from bot.forms.offers import _asks_officer
from bot.forms.reading import read_message
from bot.forms.taking import is_non_answer
from core.text.normalize import fold


class SummaryStage:
    def _on_summary(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        cmd = command(text, ("officer", "confirm", "abandon", "stop", "back", "repeat", "continue"), prefer=("confirm",))
        if cmd == "officer":
            return self._handoff(state)
        if cmd == "confirm":
            return Turn(state, [], Outcome.SAVE)
        if cmd == "abandon":
            return self._abandon(state)
        if cmd == "stop":
            return self._pause(state)
        if cmd == "back":
            last = self._summary_fields(state)[-1]
            return Turn(state, self._ask(state, last))
        if cmd in ("repeat", "continue"):
            return Turn(state, self._summary(state))
        number = re.search(r"(?:sua|muc)\s*(?:muc\s*)?(\d{1,2})\b", fold(text)) or re.fullmatch(r"\s*(\d{1,2})\s*", text)
        fields = self._summary_fields(state)
        if number and 1 <= int(number.group(1)) <= len(fields):
            return Turn(state, self._ask(state, fields[int(number.group(1)) - 1]))
        answer = yes_or_no(text, message.intent, message.confidence)
        if answer is True or is_non_answer(text) and answer is not False:
            return Turn(state, [], Outcome.SAVE)
        if (looks_like_confirmation(text) and not has_correction_marker(text)
                and not read_message(self.form, state["values"], None, text)):
            return Turn(state, [], Outcome.SAVE)
        if has_correction_marker(text):  # "tên a ấy là Lưu Văn Tiệp chứ ko phải Tiến": the field it names
            correction = self._correction(state, message)
            if correction is not None:
                return correction
        if not (looks_like_question(text) and not any(ch.isdigit() for ch in text)):
            taken = self._take(state, message, None, whole_for_current=False)
            if taken is not None:
                return taken
        correction = self._correction(state, message)
        if correction is not None:
            return correction
        if answer is False:
            return Turn(state, [Reply(w.WHICH_TO_CHANGE, self._change_buttons(state) + [w.OFFICER_BUTTON])])
        if _asks_officer(message):
            return self._handoff(state)
        if self._is_topic_switch(message, None):
            return Turn(state, [], Outcome.FORWARD)
        return Turn(state, [Reply(w.SUMMARY_NOT_UNDERSTOOD)] + self._summary(state)[-1:])
