"""The form engine: one question per message, validation, corrections, back/repeat/stop, summary.

Pure and stateless: every call takes the state dict (kept by the caller in a Rasa slot) and
returns a `Turn`: new state, replies and an `outcome` (save, hand over, forward a side question…). Stages: profile_offer -> asking <-> summary ->
consent -> done; resume_offer after an interruption; status "paused" after "dừng".
"""
from __future__ import annotations

from datetime import date
from typing import Any

from bot.forms import wording as w
from bot.forms.answers import extract, mentions
from bot.forms.derive import complete
from bot.forms.flow import Message, Outcome, Reply, Turn
from bot.forms.flow import button as _button
from bot.forms.flow import copy_state as _copy
from bot.forms.flow import shorten as _short
from bot.forms.language import (
    SMALL_TALK_WORDS,
    asks_to_wait,
    command,
    has_correction_marker,
    looks_like_confirmation,
    looks_like_question,
    matches_phrase,
    opens_with_stop,
    puts_off,
    wants_erase,
)
from bot.forms.offers import OfferStages, _asks_officer
from bot.forms.reading import has_receipt_code, is_bare_name, new_values, read_message
from bot.forms.summary_stage import SummaryStage
from bot.forms.taking import TakeValues, is_non_answer
from core.text.normalize import has_diacritics
from core.text.validation import validate_choice
from knowledge.flows.checks import check_answer
from knowledge.flows.forms import Field, FormDefinition

# Intents of other topics: a message with one of these (and the look of a question) is
# answered by the normal action, then the form is offered again.
FORWARDABLE_INTENTS = frozenset({"ask_procedure", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
                                 "ask_online", "check_status", "payment_help", "account_help", "complain",
                                 "out_of_scope", "greet", "goodbye", "thank", "start_submission"})
# ...of which these are strong enough to take an answer that failed validation for a question
SUBSTANTIVE_INTENTS = FORWARDABLE_INTENTS - {"out_of_scope", "greet", "goodbye", "thank"}
SMALL_TALK = frozenset({"greet", "thank", "goodbye"})
# Field types whose valid answer always wins over "it looks like a question".
STRICT_TYPES = frozenset({"id_number", "phone", "date", "year", "number", "choice", "email"})
SUMMARY_CHUNK = 8
# a message that looks like a question and gives no value is a side question at a lower
# confidence than a topic switch: the bot answers it with the active procedure, then the form resumes
SIDE_QUESTION_CONFIDENCE = 0.3


def new_state(form: FormDefinition) -> dict[str, Any]:
    return {"form": form.procedure_code, "stage": "asking", "status": "active", "current": None, "values": {},
            "history": [], "failures": {}, "prefilled": [], "resume_stage": None}


class FormEngine(OfferStages, SummaryStage, TakeValues):
    def __init__(self, form: FormDefinition, today: date | None = None, max_failures: int = 2) -> None:
        self.form = form
        self.today = today
        self.max_failures = max_failures

    # --- entry points -------------------------------------------------------------------------

    def start(self, profile: dict[str, str] | None = None, text: str = "", bare_name: bool = False,
              earlier: tuple[str, ...] = ()) -> Turn:
        """A new form; its first message may give values ("khai sinh cho bé …", or a bare full name),
        and so may the messages just before it (`earlier`: "phiếu số 2", "để đi xuất khẩu lao động")."""
        state = new_state(self.form)
        intro = [Reply(self.form.intro)] if self.form.intro else []
        for opening in (*earlier, text):   # a bare full name counts in each ("Ly Gia Huy - 0792… - 0931…")
            if not opening:
                continue
            first_name = next((f for f in self.form.to_ask(state["values"]) if f.type == "name"), None)
            bare = bare_name and first_name is not None and is_bare_name(opening)
            taken = self._take(state, Message(opening), first_name if bare else None, whole_for_current=bare)
            if first_name is not None and (taken is None or first_name.name not in taken.state["values"]):
                taken = self._bare_name_segment(taken.state if taken else state, opening, first_name) or taken
            if taken is not None:
                state = taken.state
        state["failures"] = {}
        if state["values"]:
            intro.append(Reply(self._noted_line(state, [f for f in self.form.fields if f.name in state["values"]])))
        usable = {k: v for k, v in self._profile_values(profile or {}).items()
                  if not any(f.from_profile == k and f.name in state["values"] for f in self.form.fields)}
        if usable:
            state["stage"] = "profile_offer"
            state["offered_profile"] = usable
            return Turn(state, intro + [self._profile_offer(usable)])
        return Turn(state, intro + self._ask_next(state))

    def resume(self, state: dict[str, Any]) -> Turn:
        state = _copy(state)
        state["status"] = "active"
        if state["stage"] not in ("asking", "summary"):
            state["stage"] = "asking"
        done, total = self._progress(state)
        head = Reply(w.RESUMED.format(title=self.form.title, done=done, total=total))
        if state["stage"] == "summary":
            return Turn(state, [head] + self._summary(state))
        return Turn(state, [head] + self._ask_current_or_next(state))

    def after_forward(self, state: dict[str, Any]) -> Turn:
        """After the normal action answered an unrelated message: offer to go on with the form."""
        state = _copy(state)
        if state["stage"] == "done":
            return Turn(state, [], Outcome.FINISHED)
        if state["stage"] != "resume_offer":
            state["resume_stage"] = state["stage"]
            state["stage"] = "resume_offer"
        buttons = [_button(w.RESUME_YES), _button(w.RESUME_LATER), w.OFFICER_BUTTON]
        if state["resume_stage"] == "summary":
            return Turn(state, [Reply(w.RESUME_OFFER_SUMMARY.format(title=self.form.title), buttons)])
        current = self._current_field(state)
        prompt = current.prompt if current else ""
        return Turn(state, [Reply(w.RESUME_OFFER.format(title=self.form.title, prompt=prompt), buttons)])

    def saved(self, state: dict[str, Any], stored_profile: dict[str, str] | None) -> Turn:
        """After the draft is stored: ask to remember the profile when it is new or changed."""
        state = _copy(state)
        profile = self.profile_from_answers(state)
        if not profile or stored_profile == profile:
            state["stage"] = "done"
            return Turn(state, [], Outcome.FINISHED)
        state["stage"] = "consent"
        text = w.CONSENT_UPDATE if stored_profile else w.CONSENT
        return Turn(state, [Reply(text, [_button(w.REMEMBER_YES), _button(w.REMEMBER_NO)])])

    def reopen(self, state: dict[str, Any], name: str, error: str) -> Turn:
        """Ask one field again with an explanation (e.g. the saved draft was refused)."""
        state = _copy(state)
        state["values"].pop(name, None)
        state["status"] = "active"
        return Turn(state, [Reply(error)] + self._ask(state, self.form.field(name)))

    def handle(self, state: dict[str, Any], message: Message) -> Turn:
        state = _copy(state)
        state["status"] = "active"
        if wants_erase(message.text):  # "xoá thông tin của tôi": answered by its own action
            if state["stage"] == "consent":
                state["stage"] = "done"
            elif state["stage"] == "profile_offer":
                state.pop("offered_profile", None)
                state["stage"], state["current"] = "asking", getattr(self._next_field(state), "name", None)
            return Turn(state, [], Outcome.FORWARD, forward_as="erase_profile")
        handler = {
            "profile_offer": self._on_profile_offer, "resume_offer": self._on_resume_offer,
            "summary": self._on_summary, "consent": self._on_consent,
        }.get(state["stage"], self._on_answer)
        return handler(state, message)

    # --- what the state says --------------------------------------------------------------

    def values(self, state: dict[str, Any]) -> dict[str, str]:
        """The confirmed answers: applicable asked fields only, in form order."""
        values = state["values"]
        return {f.name: values[f.name] for f in self.form.questions(values) if f.name in values}

    def profile_from_answers(self, state: dict[str, Any]) -> dict[str, str]:
        values = self.values(state)
        return {f.from_profile: values[f.name] for f in self.form.profile_fields()
                if f.from_profile and values.get(f.name)}

    def _progress(self, state: dict[str, Any]) -> tuple[int, int]:
        questions = self.form.to_ask(state["values"])
        return sum(1 for f in questions if f.name in state["values"]), len(questions)

    def _current_field(self, state: dict[str, Any]) -> Field | None:
        name = state.get("current")
        return self.form.field(name) if name and self.form.has_field(name) else None

    def _next_field(self, state: dict[str, Any]) -> Field | None:
        return next((f for f in self.form.to_ask(state["values"]) if f.name not in state["values"]), None)

    # --- questions -------------------------------------------------------------------------

    def _question(self, state: dict[str, Any], f: Field, lead: list[str] | None = None) -> Reply:
        questions = self.form.to_ask(state["values"])
        missing = [q for q in questions if q.name not in state["values"] or q.name == f.name]
        lines = list(lead or [])
        lines.append(w.QUESTION.format(left=len(missing), prompt=f.prompt) if len(missing) > 1 else f.prompt)
        if f.example:
            lines.append(w.EXAMPLE.format(example=f.example))
        if f.name in state["values"] and state["values"][f.name]:
            lines.append(w.CURRENT_VALUE.format(value=state["values"][f.name]))
        buttons = [_button(c.title) for c in f.choices]
        if f.none_words:
            buttons.append(_button(w.NONE))
        if f.copy_from and state["values"].get(f.copy_from.field):
            buttons.append(_button(f.copy_from.title))
        if f.optional and not f.none_words:
            buttons.append(_button(w.SKIP))
        if state["history"] and state["history"] != [f.name]:
            buttons.append(_button(w.BACK))
        buttons.append(w.OFFICER_BUTTON)
        return Reply("\n".join(lines), buttons)

    def _ask(self, state: dict[str, Any], f: Field, lead: list[str] | None = None) -> list[Reply]:
        state["stage"] = "asking"
        state["current"] = f.name
        return [self._question(state, f, lead)]

    def _ask_next(self, state: dict[str, Any], lead: list[str] | None = None) -> list[Reply]:
        nxt = self._next_field(state)
        if nxt is None:
            return ([Reply("\n".join(lead))] if lead else []) + self._summary(state)
        return self._ask(state, nxt, lead)

    def _ask_current_or_next(self, state: dict[str, Any], lead: list[str] | None = None) -> list[Reply]:
        current = self._current_field(state)
        if current is not None and current.applies(state["values"]):
            return self._ask(state, current, lead)
        return self._ask_next(state, lead)

    # --- summary ---------------------------------------------------------------------------

    def _summary_fields(self, state: dict[str, Any]) -> list[Field]:
        return [f for f in self.form.questions(state["values"]) if state["values"].get(f.name)]

    def _summary(self, state: dict[str, Any], lead: list[str] | None = None) -> list[Reply]:
        state["derived"] = complete(self.form, state["values"], state.get("derived") or [])
        state["stage"] = "summary"
        state["current"] = None
        fields = self._summary_fields(state)
        change = self._change_buttons(state)
        replies: list[Reply] = [Reply("\n".join(lead))] if lead else []
        # a long form is shown in short messages, each with the buttons to change its lines
        for start in range(0, len(fields), SUMMARY_CHUNK):
            lines = [w.SUMMARY_HEAD.format(title=self.form.title) if start == 0 else w.SUMMARY_MORE]
            for number, f in enumerate(fields[start:start + SUMMARY_CHUNK], start=start + 1):
                lines.append(f"{number}. {f.label}: {state['values'][f.name] or w.EMPTY_VALUE}")
            replies.append(Reply("\n".join(lines), change[start:start + SUMMARY_CHUNK]))
        replies.append(Reply(w.SUMMARY_ASK, [_button(w.CONFIRM), w.OFFICER_BUTTON]))
        return replies

    def _change_buttons(self, state: dict[str, Any]) -> list[dict[str, str]]:
        return [_button(f"Sửa {n}. {_short(f.label)}", f"Sửa mục {n}")
                for n, f in enumerate(self._summary_fields(state), start=1)]


    # --- answers ---------------------------------------------------------------------------

    def _on_answer(self, state: dict[str, Any], message: Message) -> Turn:
        f = self._current_field(state)
        if f is None or not f.applies(state["values"]):
            return Turn(state, self._ask_next(state))
        text = message.text
        meant = self._letters_meant(state, text)  # "chữ o là số 0": the number typed with a letter
        if meant is not None:
            return meant
        cmd = command(text, ("officer", "abandon", "stop", "back", "repeat", "help", "continue", "skip"))
        if cmd == "skip" and f.type == "choice" and validate_choice(text, f.choices).ok:
            cmd = None  # "Không" is an answer when it is one of the choices
        if cmd in ("stop", "back") and f.type in STRICT_TYPES and any(ch.isdigit() for ch in text) and check_answer(
                self.form, f, extract(self.form, f, text, state["values"]), state["values"], self.today).ok:
            cmd = None  # "thôi được, 0920…", "nhầm, 0220…": the answer, not a command
        if cmd is None and asks_to_wait(text) and not new_values(self.form, state["values"], text):
            return Turn(state, [Reply(w.WAITING)])  # "Chờ chị chút, chị đi lấy căn cước"
        unaccented_yes = looks_like_confirmation(text) and not has_diacritics(text)
        if cmd == "stop" and unaccented_yes:
            cmd = None  # "ok dung het roi" is "đúng hết rồi", not "dừng"
        if cmd == "skip" and f.none_words:
            return self._accept(state, f, "")
        if cmd == "skip" and any(x.raw == "" for x in read_message(self.form, state["values"], f, text)):
            cmd = None  # "không có bố" while another question is asked: that field has none
        if cmd == "officer":
            return self._handoff(state)
        if cmd == "abandon":
            return self._abandon(state)
        if cmd == "stop" or cmd is None and opens_with_stop(text) and not unaccented_yes:
            return self._pause(state)
        if cmd is None and puts_off(text) and not read_message(self.form, state["values"], None, text):
            return self._pause(state)  # "địa chỉ … cô không nhớ, để mai cô hỏi rồi làm tiếp"
        if cmd == "back":
            return self._back(state)
        if cmd in ("repeat", "continue"):
            return Turn(state, self._ask(state, f))
        if cmd == "help":
            return Turn(state, [Reply(f.help or w.NO_HELP)] + self._ask(state, f))
        if cmd == "skip":
            if f.optional:
                return self._accept(state, f, "", lead=[w.SKIPPED])
            return self._failure(state, f, w.REQUIRED)
        if has_receipt_code(text):  # "hồ sơ 000.00.15.H22-... đến đâu rồi": a status check, then the form
            return Turn(state, [], Outcome.FORWARD, forward_as=None if message.intent == "check_status" else "check_status")
        digits = any(ch.isdigit() for ch in text)
        if is_non_answer(text) and not (f.type == "choice" and validate_choice(text, f.choices).ok):
            return self._failure(state, f, w.STILL_NEEDED.format(label=f.label))
        question = looks_like_question(text) and not digits
        labelled = read_message(self.form, state["values"], None, text)
        if looks_like_confirmation(text) and not labelled and not has_correction_marker(text):
            return self._failure(state, f, w.STILL_NEEDED.format(label=f.label))  # "được rồi, nộp giúp o"
        small_talk = (message.intent in SMALL_TALK and message.confidence >= 0.85 and len(text.split()) <= 4
                      and matches_phrase(text, SMALL_TALK_WORDS, max_extra_words=3) and not labelled)
        # "số định danh là gì?": that field's explanation, then the question again (a field
        # without one does not catch "bao lâu thì có giấy khai sinh?")
        named = [m for m in mentions(self.form, state["values"], text) if self.form.field(m.field).help] if question else []
        if named:
            return Turn(state, [Reply(self.form.field(named[0].field).help)] + self._ask(state, f))
        if (question or small_talk) and self._is_topic_switch(message, f):
            return Turn(state, [], Outcome.FORWARD)
        if small_talk:
            return Turn(state, self._ask(state, f))
        if not labelled:
            result = check_answer(self.form, f, extract(self.form, f, text, state["values"]), state["values"], self.today)
            attempt = f.type in STRICT_TYPES and digits  # a mistyped number, not a question
            if not result.ok and _asks_officer(message) and not attempt:
                return self._handoff(state)
            if (not result.ok and message.intent in SUBSTANTIVE_INTENTS and message.confidence >= 0.85
                    and not attempt and not text.startswith("/")):
                return Turn(state, [], Outcome.FORWARD)
            if question and message.intent in SUBSTANTIVE_INTENTS and message.confidence >= SIDE_QUESTION_CONFIDENCE:
                return Turn(state, [], Outcome.FORWARD)  # a question about the procedure, asked mid-form
            if question:
                return Turn(state, [Reply(f.help or w.NO_HELP)] + self._ask(state, f))
            correction = self._correction(state, message)
            if correction is not None:
                return correction
        taken = self._take(state, message, f)
        if taken is not None:
            return taken
        return self._failure(state, f, w.STILL_NEEDED.format(label=f.label))

    def _accept(self, state: dict[str, Any], f: Field, value: str, lead: list[str] | None = None) -> Turn:
        state["values"][f.name] = value
        state["failures"].pop(f.name, None)
        if f.name in state["history"]:
            state["history"].remove(f.name)
        state["history"].append(f.name)
        self._drop_inapplicable(state)
        return Turn(state, self._ask_next(state, lead))

    def _failure(self, state: dict[str, Any], f: Field, error: str, lead: list[str] | None = None) -> Turn:
        count = state["failures"].get(f.name, 0) + 1
        state["failures"][f.name] = count
        head = [Reply("\n".join(lead))] if lead else []
        if count % self.max_failures:
            return Turn(state, head + [Reply(error)] + self._ask(state, f))
        state["stage"], state["current"] = "asking", f.name
        buttons = [_button(c.title) for c in f.choices] + [w.OFFICER_BUTTON, _button(w.RETRY)]
        if f.optional:
            buttons.append(_button(w.SKIP))
        buttons.append(_button(w.STOP))
        return Turn(state, head + [Reply(error), Reply(w.OFFER_OFFICER, buttons)], Outcome.OFFER_OFFICER)

    def _back(self, state: dict[str, Any]) -> Turn:
        current = state.get("current")
        history = state["history"]
        previous = None
        while history:
            candidate = history.pop()
            if candidate != current and self.form.field(candidate).applies(state["values"]):
                previous = candidate
                break
        if previous is None:
            f = self._current_field(state) or self._next_field(state)
            return Turn(state, self._ask(state, f, [w.FIRST_QUESTION]) if f else self._summary(state))
        return Turn(state, self._ask(state, self.form.field(previous), [w.WENT_BACK]))

    # --- other stages ----------------------------------------------------------------------

    def _is_topic_switch(self, message: Message, f: Field | None) -> bool:
        if message.intent not in FORWARDABLE_INTENTS or message.confidence < 0.5:
            return False
        if f is not None and f.type in STRICT_TYPES:
            return not check_answer(self.form, f, message.text, {}, self.today).ok
        return True

    def _pause(self, state: dict[str, Any]) -> Turn:
        state["status"] = "paused"
        if state["stage"] == "resume_offer":
            state["stage"] = state.get("resume_stage") or "asking"
        done, total = self._progress(state)
        return Turn(state, [Reply(w.PAUSED.format(done=done, total=total), [w.CONTINUE_BUTTON, w.OFFICER_BUTTON])],
                    Outcome.PAUSED)

    def _abandon(self, state: dict[str, Any]) -> Turn:
        state["status"] = "abandoned"
        return Turn(state, [Reply(w.ABANDONED, [w.OFFICER_BUTTON])], Outcome.ABANDONED)

    def _handoff(self, state: dict[str, Any]) -> Turn:
        state["status"] = "paused"
        if state["stage"] in ("resume_offer", "profile_offer"):
            state["stage"] = state.get("resume_stage") or "asking"
        return Turn(state, [], Outcome.HANDOFF)
