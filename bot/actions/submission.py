"""Form filling in the chat (start_submission): which form, then the form engine turn by turn.

Thin glue: bot/forms decides everything about a message; this module keeps the state in
the `form_state` slot ({"current": code, "drafts": {code: engine state}}: one unfinished
draft per form, so a paused form survives another form), saves confirmed drafts and
remembered profiles (domain/drafts), and runs the normal action for off-topic messages.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from starlette.concurrency import run_in_threadpool

from bot.actions.form_storage import (
    _form_buttons,
    _profile,
    _record,
    _remember,
    _save,
    _trace_stage,
    _without_aliases,
)
from bot.actions.forms_base import (
    FLOW_SLOT,
    FORM_SLOT,
    GuidedFlowAction,
    details_since,
    hand_over,
    is_stale,
    latest_message,
    now,
    recent_texts,
    user_turns,
    utter,
)
from bot.forms import wording as w
from bot.forms.choose import form_by_situation, match_form
from bot.forms.derive import trace_fields, variant_of
from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome, Reply, Turn
from bot.forms.intake import details_without_procedure, form_serving, situation_form, values_before
from bot.forms.language import COMMAND_PHRASES, matches_phrase  # "giờ quay lại điền tiếp tờ khai"
from bot.forms.resume import paused_form_meant, resumed_with_values
from knowledge.flows.forms import FormDefinition, load_forms

log = logging.getLogger(__name__)


def _services():
    from domain.services import current

    return current()


def _aliases() -> dict[str, list[str]]:
    try:
        return {code: entry.get("aliases", []) for code, entry in _services().curated().items()}
    except RuntimeError:  # app services not started (unit tests)
        return {}


def _resolve(text: str) -> str | None:
    from knowledge.answers.topic import names_a_procedure

    if not names_a_procedure(text):
        return None
    try:
        hits, found = _services().search().resolve(text)
        return hits[0]["code"] if found.status == "confident" and hits else None
    except Exception:  # noqa: BLE001 - no search: the buttons still let the citizen choose
        log.warning("form choice: search unavailable", exc_info=True)
        return None


def _resolve_any(forms: dict[str, FormDefinition]):
    variants = {v.procedure: f.procedure_code for f in forms.values() for v in f.variants}

    def resolve(text: str) -> str | None:
        code = _resolve(text)
        return variants.get(code, code)
    return resolve


def saved_messages(described) -> list[dict[str, Any]]:
    """Draft code, papers, where to submit, PDF link: short messages, in that order."""
    papers = [w.PAPER_DECLARATION, *described.papers[:5]]
    lines = [w.PAPERS_HEAD, *(f"• {p}" for p in papers)]
    if len(described.papers) > 5:
        lines.append(w.PAPERS_MORE)
    return [
        {"text": w.SAVED.format(code=described.code)},
        {"text": "\n".join(lines)},
        {"text": f"{w.WHERE_HEAD}\n{described.submission.text}"},
        {"json_message": {"text": w.PDF_LINK, "link": described.pdf_url}},
    ]


class ActionSubmission(GuidedFlowAction):
    flow = "submission"

    def name(self) -> str:
        return "action_submission"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        store = _store(tracker.get_slot(FORM_SLOT))
        events = await self._run(store, dispatcher, tracker, domain)
        await self.flush_trace(store, tracker.sender_id)
        return events

    async def flush_trace(self, store: dict, sender_id: str) -> None:
        entries = store.pop("_trace", None)
        if entries:
            try:
                await run_in_threadpool(_record, sender_id, entries)
            except Exception:  # noqa: BLE001 - the trace must not break the conversation
                log.exception("recording the form trace failed")

    def _trace(self, store: dict, form: FormDefinition, state: dict, identified: bool = False) -> None:
        # the form is traced under its own code; the procedure identified may be a liên thông one it serves
        entry = {"procedure": form.procedure_code, "identified_as": state.get("procedure") or form.procedure_code,
                 "stage": _trace_stage(state), "fields": trace_fields(form, state.get("values") or {})}
        signature = [entry["stage"], entry["fields"]]
        if identified or state.get("traced") != signature:
            state["traced"] = signature
            store.setdefault("_trace", []).append(dict(entry, identified=identified))

    async def _run(self, store: dict, dispatcher: CollectingDispatcher, tracker: Tracker,
                   domain: dict) -> list[dict[str, Any]]:
        message = latest_message(tracker)
        forms = load_forms()
        active = tracker.get_slot(FLOW_SLOT) == self.flow
        code = store["current"]
        if active and store.get("choosing"):
            return await self._on_choice(message, store, forms, dispatcher, tracker, domain)
        if active and code in forms and code in store["drafts"]:
            if message.intent == "start_submission" and message.text.startswith("/"):
                return await self._switch(message, store, forms, dispatcher, tracker, domain)
            return await self._continue(message, store, forms[code], dispatcher, tracker, domain)
        return await self._start(message, store, forms, dispatcher, tracker)

    # --- choosing and starting ----------------------------------------------------------------

    def _requested(self, message: Message, tracker: Tracker, forms: dict[str, FormDefinition]) -> str | None:
        drafts = [c for c in paused_drafts(tracker) if c in forms]
        code = next(tracker.get_latest_entity_values("procedure_code"), None)
        if not code and not message.text.startswith("/"):
            code = match_form(message.text, forms, _aliases(), _resolve_any(forms))
        going_on = going_back_to(message.text, forms, tracker, code)
        if going_on:
            return going_on
        if not code and drafts and matches_phrase(message.text, COMMAND_PHRASES["continue"], max_extra_words=4):
            return drafts[0]
        if not code and message.intent == "start_submission":  # "điền tờ khai giúp tôi": the one just asked about
            from bot.actions.volunteered import intake_code

            code = form_serving(tracker.get_slot("procedure_code"), forms) or intake_code(tracker) or _named_recently(
                tracker, forms)
        if not code and not message.text.startswith("/"):  # "chủ trọ nói phải khai báo …, làm giúp tờ khai"
            code = situation_form(message.text, forms)
        for form in forms.values():  # a liên thông procedure is served by its form
            if code and code != form.procedure_code and any(v.procedure == code for v in form.variants):
                return form.procedure_code
        return code

    async def _start(self, message: Message, store: dict, forms: dict[str, FormDefinition],
                     dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        code = self._requested(message, tracker, forms)
        if code is None and not message.text.startswith("/"):
            # a procedure with no form: answered (papers, where, online) instead of a form menu
            from bot.actions.procedures import answer_without_form

            answered = answer_without_form(dispatcher, tracker, message.text, forms)
            if answered is not None:
                store.update(current=None, choosing=False)
                return answered + [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, None)]
        if code is None or code not in forms:
            text = w.WHICH_FORM if code is None else w.FORM_NOT_AVAILABLE
            dispatcher.utter_message(text=text, buttons=_form_buttons(forms, store["drafts"]))
            store.update(current=None, choosing=True)
            return [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, self.flow)]
        return await self._open(code, store, forms, dispatcher, tracker)

    async def _open(self, code: str, store: dict, forms: dict[str, FormDefinition],
                    dispatcher: CollectingDispatcher, tracker: Tracker,
                    text: str | None = None) -> list[dict[str, Any]]:
        """Resume the unfinished draft of this form, or start it (offering the saved profile);
        `text`: what the draft is resumed with, when not the latest message."""
        engine = FormEngine(forms[code])
        store["choosing"] = False
        if code in store["drafts"]:
            text = latest_message(tracker).text if text is None else text
            turn = resumed_with_values(engine, store["drafts"][code], text)
            identified = False
        else:
            profile = await run_in_threadpool(_profile, tracker.sender_id)
            text = latest_message(tracker).text
            text = "" if text.startswith("/") else text
            kept = details_since(tracker, store.pop("details_from", None), forms[code])
            recent = values_before(recent_texts(tracker), code, forms) if store.pop("details_waiting", False) or text else ()
            before = tuple(_without_aliases(t, forms[code]) for t in dict.fromkeys([*kept, *recent]))
            turn = engine.start(profile, _without_aliases(text, forms[code]), bare_name=True, earlier=before)
            asked = next(tracker.get_latest_entity_values("procedure_code"), None) or tracker.get_slot("procedure_code")
            served = {v.procedure for v in forms[code].variants}
            turn.state["procedure"] = variant_of(forms[code], text) or (asked if asked in served else code)
            identified = True
        store["current"] = code
        events = self._keep(turn, store, code, dispatcher, active=True)
        self._trace(store, forms[code], store["drafts"][code], identified=identified)
        # side questions during the form ("nộp ở đâu?") are about this procedure
        return events + [SlotSet("procedure_code", store["drafts"][code].get("procedure") or code)]

    async def _on_choice(self, message: Message, store: dict, forms: dict[str, FormDefinition],
                         dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        code = self._requested(message, tracker, forms)
        if code in forms:
            return await self._open(code, store, forms, dispatcher, tracker)
        details = not message.text.startswith("/") and details_without_procedure(message.text, forms, need_number=False)
        told = form_by_situation(" ".join(recent_texts(tracker)), forms) if code is None and details else None
        if told:  # details after a story that says which form ("chủ trọ nói phải khai báo …")
            return await self._open(told, store, forms, dispatcher, tracker)
        if code is None and details:
            # "Họ tên Hồ Thị Thanh Tâm, căn cước 0401…" before choosing: kept for the form chosen next
            dispatcher.utter_message(text=w.DETAILS_WHICH_FORM, buttons=_form_buttons(forms, store["drafts"]))
            store["details_waiting"] = True
            store.setdefault("details_from", user_turns(tracker) - 1)
            return [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, self.flow)]
        store["choosing"] = False
        events = [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, None)]
        if message.intent == "start_submission" or code is not None:
            dispatcher.utter_message(text=w.FORM_NOT_AVAILABLE, buttons=_form_buttons(forms, store["drafts"]))
            return events
        _how, forwarded = await self.forward(message, dispatcher, tracker, domain)
        return events + forwarded

    async def _switch(self, message: Message, store: dict, forms: dict[str, FormDefinition],
                      dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        """Asked for a form while filling one: the same one goes on, another one pauses this one."""
        code = store["current"]
        wanted = self._requested(message, tracker, forms)
        if wanted is None or wanted == code:
            engine = FormEngine(forms[code])
            turn = engine.after_forward(store["drafts"][code])
            turn.replies.insert(0, Reply(w.ALREADY_FILLING.format(title=forms[code].title)))
            return self._keep(turn, store, code, dispatcher, active=True)
        store["drafts"][code]["status"] = "paused"
        return await self._start(message, store, forms, dispatcher, tracker)

    # --- a message inside the form ------------------------------------------------------------

    async def _continue(self, message: Message, store: dict, form: FormDefinition,
                        dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        engine = FormEngine(form)
        code = form.procedure_code
        state = store["drafts"][code]
        if is_stale(state):  # back after a long while: offer the form instead of taking this as an answer
            turn = engine.handle(state, message)
            if turn.outcome != Outcome.FORWARD:
                return self._keep(engine.after_forward(state), store, code, dispatcher, active=True)
        else:
            turn = engine.handle(state, message)
        return await self._apply(turn, engine, store, dispatcher, tracker, domain, message)

    async def _apply(self, turn: Turn, engine: FormEngine, store: dict, dispatcher: CollectingDispatcher,
                     tracker: Tracker, domain: dict, message: Message) -> list[dict[str, Any]]:
        code = engine.form.procedure_code
        outcome = turn.outcome
        if outcome in (Outcome.CONTINUE, Outcome.OFFER_OFFICER):
            return self._keep(turn, store, code, dispatcher, active=True)
        if outcome == Outcome.PAUSED:
            return self._keep(turn, store, code, dispatcher, active=False)
        if outcome == Outcome.HANDOFF:
            current = turn.state.get("current")
            stuck = bool(current) and turn.state["failures"].get(current, 0) >= engine.max_failures
            events = self._keep(turn, store, code, dispatcher, active=False)
            events += await hand_over(dispatcher, tracker, domain, stuck=stuck)
            dispatcher.utter_message(text=w.KEPT_WHILE_AWAY)
            return events
        if outcome == Outcome.FORWARD:
            return await self._forward_then_offer(turn, engine, store, dispatcher, tracker, domain, message)
        if outcome == Outcome.SAVE:
            return await self._save(turn, engine, store, dispatcher, tracker)
        if outcome == Outcome.ABANDONED:
            return self._close(turn, store, code, dispatcher)
        if outcome == Outcome.REMEMBER:
            await run_in_threadpool(_remember, tracker.sender_id, turn.profile or {})
        return self._close(turn, store, code, dispatcher)  # REMEMBER, FINISHED

    async def _forward_then_offer(self, turn: Turn, engine: FormEngine, store: dict,
                                  dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict,
                                  message: Message) -> list[dict[str, Any]]:
        code = engine.form.procedure_code
        if turn.state["stage"] == "done":  # the form was over (consent question not answered)
            events = self._close(turn, store, code, dispatcher)
            if message.intent == "start_submission" and not turn.forward_as:
                return events + await self._start(message, store, load_forms(), dispatcher, tracker)
            _how, forwarded = await self.forward(message, dispatcher, tracker, domain, turn.forward_as)
            return events + forwarded
        if message.intent == "start_submission" and not turn.forward_as:
            return await self._switch(message, store, load_forms(), dispatcher, tracker, domain)
        before = self._keep(Turn(dict(turn.state, status="paused"), []), store, code, dispatcher, active=False)
        how, forwarded = await self.forward(message, dispatcher, tracker, domain, turn.forward_as)
        if how in ("flow", "followup"):  # another flow or a Rasa form takes over; this draft waits
            dispatcher.utter_message(text=w.KEPT_WHILE_AWAY)
            return before + forwarded
        offer = engine.after_forward(turn.state)
        return forwarded + self._keep(offer, store, code, dispatcher, active=True)

    async def _save(self, turn: Turn, engine: FormEngine, store: dict, dispatcher: CollectingDispatcher,
                    tracker: Tracker) -> list[dict[str, Any]]:
        from domain.drafts.store import InvalidDraft

        code = engine.form.procedure_code
        try:
            described, stored_profile = await run_in_threadpool(_save, tracker.sender_id, code,
                                                                engine.values(turn.state))
        except InvalidDraft as error:  # e.g. a date became implausible since it was typed
            name, problem = next(iter(error.errors.items()))
            if not engine.form.has_field(name):
                raise
            return self._keep(engine.reopen(turn.state, name, problem), store, code, dispatcher, active=True)
        except Exception:  # noqa: BLE001 - tell the citizen, keep the draft for a retry
            log.exception("saving a draft failed")
            dispatcher.utter_message(text=w.SAVE_FAILED, buttons=[w.OFFICER_BUTTON])
            return self._keep(Turn(turn.state, []), store, code, dispatcher, active=True)
        for reply in saved_messages(described):
            dispatcher.utter_message(**reply)
        turn.state["saved"] = True
        self._trace(store, engine.form, turn.state)
        after = engine.saved(turn.state, stored_profile)
        if after.outcome == Outcome.FINISHED:
            return self._close(after, store, code, dispatcher)
        return self._keep(after, store, code, dispatcher, active=True)

    # --- slots ----------------------------------------------------------------------------------

    def _keep(self, turn: Turn, store: dict, code: str, dispatcher: CollectingDispatcher, *,
              active: bool) -> list[dict[str, Any]]:
        utter(dispatcher, turn.replies)
        state = dict(turn.state, touched=now())
        store["drafts"][code] = state
        store["current"] = code if active else None
        store["choosing"] = False
        forms = load_forms()
        if code in forms:
            self._trace(store, forms[code], state)
        return [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, self.flow if active else None)]

    def _close(self, turn: Turn, store: dict, code: str, dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
        utter(dispatcher, turn.replies)
        forms = load_forms()
        if code in forms and turn.state.get("status") == "abandoned":
            self._trace(store, forms[code], turn.state)
        store["drafts"].pop(code, None)
        store.update(current=None, choosing=False)
        return [SlotSet(FORM_SLOT, store), SlotSet(FLOW_SLOT, None)]

    # used by action_continue_flow
    async def resume_draft(self, code: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                           text: str | None = None) -> list[dict[str, Any]]:
        store = _store(tracker.get_slot(FORM_SLOT))
        events = await self._open(code, store, load_forms(), dispatcher, tracker, text)
        await self.flush_trace(store, tracker.sender_id)
        return events


def going_back_to(text: str, forms: dict[str, FormDefinition], tracker: Tracker, code: str | None = None) -> str | None:
    """The paused draft this message goes on with (bot/forms/resume.py), or None."""
    drafts = {c: d for c, d in paused_drafts(tracker).items() if c in forms}
    return paused_form_meant(text, forms, drafts, lambda t: match_form(t, forms, _aliases(), _resolve_any(forms)), code)


def _named_recently(tracker: Tracker, forms: dict[str, FormDefinition]) -> str | None:
    """'alo, đăng ký tạm trú online thì vô trang nào' … 'thôi bạn làm giùm mình luôn đi': the form a
    recent message named."""
    return next((c for c in (match_form(t, forms) for t in reversed(recent_texts(tracker))) if c), None)


def _store(slot: Any) -> dict[str, Any]:
    store = dict(slot) if isinstance(slot, dict) else {}
    store.setdefault("current", None)
    store.setdefault("choosing", False)
    store["drafts"] = dict(store.get("drafts") or {})
    return store


def paused_drafts(tracker: Tracker) -> dict[str, dict]:
    """code -> unfinished draft state, most recently touched first."""
    drafts = _store(tracker.get_slot(FORM_SLOT))["drafts"]
    return dict(sorted(drafts.items(), key=lambda item: -float(item[1].get("touched") or 0)))
