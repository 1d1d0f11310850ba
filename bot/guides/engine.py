"""The guide engine: one step per message, failure branches, resume at the step reached.

Stateless like the form engine: the caller keeps the state dict (a Rasa slot). Stages:
start (where to begin) -> step <-> problems (menu) <-> branch (things to try); after two
branches that did not help, an officer is offered. "dừng" pauses; resume() goes back to
the step reached.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from bot.forms.flow import Message, Outcome, Reply, Turn, button
from bot.forms.language import command, looks_like_question, matches_phrase, nfc, wants_erase
from bot.guides import wording as w
from bot.guides.recognize import recogniser
from knowledge.flows.guides import Guide, Problem

# What a citizen says for "done", "a problem", "have an account"… besides the button titles
# (guides.* in knowledge/wording/vi.yml, matched too: a pressed button sends its title).
DONE_PHRASES = ("xong", "đã xong", "làm xong rồi", "được rồi", "ok", "rồi", "đã cài", "có rồi", "đã làm",
                "đã có", "làm được rồi", "được", "xong bước này", "tiếp", "tiếp tục", "bước tiếp", "bước tiếp theo")
PROBLEM_PHRASES = ("lỗi", "báo lỗi", "không được", "trục trặc", "không làm được", "bị sao", "hỏng",
                   "có lỗi", "gặp lỗi", "khó quá", "không thấy")
HAS = ("có", "có rồi", "rồi", "đã có", "có tài khoản", "có tài khoản rồi", "đã có tài khoản", "đăng ký rồi",
       "đã đăng ký", "có vneid rồi", "có ạ")
HAS_NOT = ("chưa", "chưa có", "không", "không có", "chưa đăng ký", "chưa có tài khoản", "bắt đầu", "chưa bao giờ",
           "chưa có ạ", "chưa làm")
STILL_PHRASES = ("vẫn không được", "không được", "chưa được", "vẫn bị", "vẫn chưa", "vẫn lỗi ạ")
SOLVED_PHRASES = ("xong", "xong rồi", "đã xong", "được rồi", "ok", "ok rồi", "đã được", "làm được rồi",
                  "vào được rồi", "được", "ổn rồi", "ổn", "nhận được rồi", "có mã rồi", "cảm ơn", "cám ơn")
FAILED_BRANCHES_BEFORE_OFFICER = 2

# A question about another topic is answered by the normal action; account questions stay here.
# out_of_scope is not among them: inside the guide it is mostly a follow-up the NLU did not place
# ("giờ làm sao mở lại nhen"), better asked again here than refused.
FORWARDABLE_INTENTS = frozenset({
    "ask_procedure", "ask_documents", "ask_fee", "ask_processing_time", "ask_where", "ask_online",
    "check_status", "payment_help", "start_submission", "complain", "greet", "goodbye", "thank",
})


def new_state(guide: Guide) -> dict[str, Any]:
    return {"guide": guide.code, "stage": "start", "status": "active", "step": 0, "branch": None,
            "branch_step": 0, "failed": 0, "resume_stage": None}


class GuideEngine:
    def __init__(self, guide: Guide, context: Iterable[str] = ()) -> None:
        """context: the citizen's previous messages, newest last (they help read a short answer)."""
        self.guide = guide
        self.context = tuple(context)

    # --- entry points -------------------------------------------------------------------------

    def start(self, text: str = "") -> Turn:
        """A new walkthrough; a message that names a problem goes straight to its branch."""
        state = new_state(self.guide)
        problem = self.find_problem(text)
        if problem is not None:
            state["step"] = self.guide.home_step(problem.id)
            return Turn(state, self._branch(state, problem, 0))
        intro = [Reply(self.guide.intro)] if self.guide.intro else []
        if self.guide.start_choices:
            return Turn(state, intro + [self._first_question()])
        return Turn(state, intro + self._step(state, 0))

    def resume(self, state: dict[str, Any], text: str = "") -> Turn:
        state = dict(state)
        state["status"] = "active"
        problem = self.find_problem(text)
        if problem is not None:
            return Turn(state, self._branch(state, problem, 0))
        if state["stage"] == "start":
            return self.start()
        lead = w.RESUMED.format(index=state["step"] + 1)
        replies = self._step(state, state["step"], lead=lead)
        replies[-1].buttons.insert(-1, button(w.RESTART))
        return Turn(state, replies)

    def after_forward(self, state: dict[str, Any]) -> Turn:
        state = dict(state)
        if state["stage"] != "resume_offer":
            state["resume_stage"] = state["stage"]
            state["stage"] = "resume_offer"
        step = self.guide.steps[state["step"]]
        text = w.RESUME_OFFER.format(title=self.guide.title, index=state["step"] + 1, step=step.title)
        return Turn(state, [Reply(text, [button(w.RESUME_YES), button(w.RESUME_LATER), w.OFFICER_BUTTON])])

    def handle(self, state: dict[str, Any], message: Message) -> Turn:
        state = dict(state)
        state["status"] = "active"
        text = message.text
        cmd = command(text, ("officer", "stop"))
        if cmd == "officer":
            state["status"] = "paused"
            return Turn(state, [], Outcome.HANDOFF)
        if cmd == "stop" or (state["stage"] == "resume_offer" and matches_phrase(text, (w.RESUME_LATER,))):
            return self._pause(state)
        if wants_erase(text):  # "xoá thông tin của tôi": answered by its own action
            return Turn(state, [], Outcome.FORWARD, forward_as="erase_profile")
        if matches_phrase(text, (w.RESTART,), max_extra_words=0):
            fresh = new_state(self.guide)
            return Turn(fresh, self._step(fresh, 0))
        handler = {"start": self._on_start, "problems": self._on_menu, "branch": self._on_branch,
                   "officer": self._on_officer_offer, "resume_offer": self._on_resume_offer}.get(state["stage"], self._on_step)
        return handler(state, message)

    # --- finding a problem in free words ------------------------------------------------------------

    def find_problem(self, text: str) -> Problem | None:
        """The problem the message names (bot/guides/recognize.py: the guide's keywords)."""
        if not text or text.startswith("/"):
            return None
        match = recogniser(self.guide).best(nfc(text), self.context)
        return match.problem if match else None

    # --- replies ------------------------------------------------------------------------------------

    def _first_question(self) -> Reply:
        """Where to begin: the start choices, the commonest troubles, an officer."""
        buttons = [button(c.title) for c in self.guide.start_choices]
        buttons += [button(self.guide.problem(pid).title) for pid in self.guide.start_problems]
        return Reply(self.guide.question or w.WHERE_TO_START, buttons + [w.OFFICER_BUTTON])

    def _shown(self, state: dict[str, Any], trace: str, steps: int, procedure: str) -> None:
        """Note for the caller's trace what guide was given (account_guidance, procedure)."""
        if not trace:
            return
        shown = dict(state.get("shown") or {})
        shown[trace] = shown.get(trace, 0) + steps
        state["shown"] = shown
        identified = list(state.get("identified") or [])
        if procedure in identified:
            procedure = ""  # already recorded as identified in this walkthrough
        elif procedure:
            state["identified"] = [*identified, procedure]
        state["pending"] = [*(state.get("pending") or []), [trace, shown[trace], procedure]]

    def _step(self, state: dict[str, Any], index: int, lead: str | None = None) -> list[Reply]:
        state.update(stage="step", step=index, branch=None, branch_step=0, walking=True)
        step = self.guide.steps[index]
        self._shown(state, step.trace, 1, step.procedure)
        text = w.STEP.format(index=index + 1, total=len(self.guide.steps), title=step.title, text=step.text)
        replies = [Reply(lead)] if lead else []
        return replies + [Reply(text, [button(w.DONE), button(w.PROBLEM), button(w.REPEAT), w.OFFICER_BUTTON])]

    def _menu(self, state: dict[str, Any], lead: str | None = None) -> list[Reply]:
        state.update(stage="problems", branch=None, branch_step=0)
        listed = self.guide.steps[state["step"]].problems or tuple(p.id for p in self.guide.problems)
        others = [p.id for p in self.guide.problems if p.id not in listed]
        buttons = [button(self.guide.problem(pid).title) for pid in (*listed, *others)[:6]]
        replies = [Reply(lead)] if lead else []
        return replies + [Reply(w.PROBLEM_MENU, buttons + [button(w.OTHER_PROBLEM), w.OFFICER_BUTTON])]

    def _branch(self, state: dict[str, Any], problem: Problem, index: int) -> list[Reply]:
        if problem.walkthrough:  # answered by the walkthrough itself, from its step
            return self._step(state, self.guide.step_index(problem.walkthrough))
        if index == 0:  # the whole branch at once: things to try, numbered
            state.update(stage="branch", branch=problem.id, branch_step=len(problem.steps) - 1)
            self._shown(state, problem.trace, len(problem.steps), problem.procedure)
            lines = [f"{problem.title}:"] + [f"{n}. {step}" for n, step in enumerate(problem.steps, start=1)]
            return [Reply("\n".join(lines), self._branch_buttons())]
        state.update(stage="branch", branch=problem.id, branch_step=index)
        text = w.BRANCH_STEP.format(title=problem.title, index=index + 1, total=len(problem.steps),
                                    text=problem.steps[index])
        return [Reply(text, self._branch_buttons())]

    @staticmethod
    def _branch_buttons() -> list[dict[str, str]]:
        return [button(w.SOLVED), button(w.STILL_FAILING), button(w.REPEAT), w.OFFICER_BUTTON]

    def _offer_officer(self, state: dict[str, Any]) -> Turn:
        state.update(stage="officer", branch=None, branch_step=0)
        buttons = [w.OFFICER_BUTTON, button(w.TRY_ANOTHER), button(w.STOP)]
        return Turn(state, [Reply(w.OFFER_OFFICER, buttons)], Outcome.OFFER_OFFICER)

    def _pause(self, state: dict[str, Any]) -> Turn:
        state["status"] = "paused"
        if state["stage"] in ("resume_offer", "officer", "problems", "branch"):
            state["stage"] = "step"
        text = w.PAUSED.format(index=state["step"] + 1, total=len(self.guide.steps))
        return Turn(state, [Reply(text, [w.CONTINUE_BUTTON, w.OFFICER_BUTTON])], Outcome.PAUSED)

    def _forward_or(self, state: dict[str, Any], message: Message, fallback: list[Reply]) -> Turn:
        if message.intent == "request_human" and message.confidence >= 0.8:  # nothing else explains it
            state["status"] = "paused"
            return Turn(state, [], Outcome.HANDOFF)
        if message.intent in FORWARDABLE_INTENTS and message.confidence >= 0.5 and (
                looks_like_question(message.text) or message.confidence >= 0.85):
            return Turn(state, [], Outcome.FORWARD)
        key = [state["stage"], state["step"], state.get("branch")]
        state["misses"] = state.get("misses", 0) + 1 if state.get("miss_key") == key else 1
        state["miss_key"] = key
        if state["misses"] >= 2:  # never the same question a third time: buttons and an officer
            state["misses"] = 0
            if state["stage"] == "start":
                buttons = [button(c.title) for c in self.guide.start_choices]
                return self._offer_officer_start(state, buttons + [w.OFFICER_BUTTON])
            return self._offer_officer(state)
        return Turn(state, fallback)

    # --- stages ---------------------------------------------------------------------------------

    def _on_start(self, state: dict[str, Any], message: Message) -> Turn:
        for choice in self.guide.start_choices:
            if matches_phrase(message.text, (choice.title,)):
                return Turn(state, self._step(state, self.guide.step_index(choice.step)))
        problem = self.find_problem(message.text)
        if problem is not None:
            state["step"] = self.guide.home_step(problem.id)
            return Turn(state, self._branch(state, problem, 0))
        # the answer to "đã có tài khoản chưa?" by its words: "ờm", "hừm" (read as affirm by the NLU) are no answer
        # "mình có tài khoản rồi, giờ lần đầu đăng nhập trên điện thoại": the answer is its first clause
        first = re.split(r"[,.;!?]", message.text, maxsplit=1)[0]
        has_not = matches_phrase(message.text, HAS_NOT) or matches_phrase(first, HAS_NOT)
        has = not has_not and (matches_phrase(message.text, HAS) or matches_phrase(first, HAS))
        if has and self.guide.start_choices:
            return Turn(state, self._step(state, self.guide.step_index(self.guide.start_choices[-1].step)))
        if has or has_not:
            return Turn(state, self._step(state, 0))
        return self._forward_or(state, message, [self._first_question()])

    def _offer_officer_start(self, state: dict[str, Any], buttons: list[dict[str, str]]) -> Turn:
        offered = self.guide.start_problems or tuple(p.id for p in self.guide.problems[:4])
        problems = [button(self.guide.problem(pid).title) for pid in offered]
        return Turn(state, [Reply(w.START_STUCK, buttons[:-1] + problems + [w.OFFICER_BUTTON])], Outcome.OFFER_OFFICER)

    def _on_step(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        index = state["step"]
        cmd = command(text, ("back", "repeat"))
        if cmd == "repeat" or matches_phrase(text, (w.REPEAT,)):
            return Turn(state, self._step(state, index))
        if cmd == "back":
            if index == 0:
                return Turn(state, self._step(state, 0, lead=w.FIRST_STEP))
            return Turn(state, self._step(state, index - 1))
        problem = self.find_problem(text)
        if problem is not None:
            return Turn(state, self._branch(state, problem, 0))
        if matches_phrase(text, (w.PROBLEM, *PROBLEM_PHRASES)) or (message.intent == "deny" and message.confidence >= 0.6):
            return Turn(state, self._menu(state))
        if matches_phrase(text, (w.DONE, *DONE_PHRASES)) or (message.intent == "affirm" and message.confidence >= 0.6):
            if index + 1 >= len(self.guide.steps):
                state.update(stage="done", status="finished")
                return Turn(state, [Reply(self.guide.finished)], Outcome.FINISHED)
            return Turn(state, self._step(state, index + 1))
        if message.intent == "account_help":  # describes a trouble we have no branch for
            return Turn(state, self._menu(state))
        return self._forward_or(state, message, [Reply(w.NOT_UNDERSTOOD)] + self._step(state, index))

    def _on_menu(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        problem = self.find_problem(text)
        if problem is not None:
            return Turn(state, self._branch(state, problem, 0))
        if matches_phrase(text, (w.OTHER_PROBLEM, "khác", "lỗi khác ạ")):
            return self._offer_officer(state)
        if command(text, ("back",)) or matches_phrase(text, (w.DONE, *DONE_PHRASES)):
            return Turn(state, self._step(state, state["step"]))
        if command(text, ("repeat",)) or matches_phrase(text, (w.REPEAT,)):
            return Turn(state, self._menu(state))
        return self._forward_or(state, message, self._menu(state))

    def _on_branch(self, state: dict[str, Any], message: Message) -> Turn:
        text = message.text
        problem = self.guide.problem(state["branch"])
        index = state["branch_step"]
        if matches_phrase(text, (w.REPEAT,)) or command(text, ("repeat",)):
            return Turn(state, self._branch(state, problem, index))
        if command(text, ("back",)):
            if index == 0:
                return Turn(state, self._menu(state))
            return Turn(state, self._branch(state, problem, index - 1))
        named = self.find_problem(text)
        if named is not None and named.id != problem.id:  # another trouble: its branch
            return Turn(state, self._branch(state, named, 0))
        if matches_phrase(text, (w.STILL_FAILING, *STILL_PHRASES)) or (message.intent == "deny" and message.confidence >= 0.6):
            if index + 1 < len(problem.steps):
                return Turn(state, self._branch(state, problem, index + 1))
            state["failed"] = state.get("failed", 0) + 1
            if state["failed"] >= FAILED_BRANCHES_BEFORE_OFFICER:
                return self._offer_officer(state)
            return Turn(state, self._menu(state, lead=w.BRANCH_FAILED))
        if matches_phrase(text, (w.SOLVED, *SOLVED_PHRASES)) or (message.intent == "affirm" and message.confidence >= 0.6):
            last = state.get("step") == len(self.guide.steps) - 1  # solved at the walkthrough's last step: done too
            if not state.get("walking") or last:  # came for this trouble only: solved is the end, not step 2 of a walkthrough
                state.update(stage="done", status="finished")
                return Turn(state, [Reply(w.SOLVED_DONE)], Outcome.FINISHED)
            return Turn(state, self._step(state, state["step"], lead=w.SOLVED_TEXT))
        if named is not None:  # the same trouble told again in other words: the things to try stand
            if state.get("reshown") != problem.id:  # once more in full, then a short reminder
                state["reshown"] = problem.id
                return Turn(state, [Reply(w.SAME_PROBLEM_AGAIN)] + self._branch(state, problem, 0))
            return Turn(state, [Reply(w.SAME_PROBLEM, self._branch_buttons())])
        return self._forward_or(state, message, [Reply(w.BRANCH_NOT_UNDERSTOOD, self._branch_buttons())])

    def _on_officer_offer(self, state: dict[str, Any], message: Message) -> Turn:
        if matches_phrase(message.text, (w.TRY_ANOTHER, "thử lại", "cách khác")):
            return Turn(state, self._menu(state))
        problem = self.find_problem(message.text)
        if problem is not None:
            return Turn(state, self._branch(state, problem, 0))
        if message.intent == "affirm" and message.confidence >= 0.6:
            state["status"] = "paused"
            return Turn(state, [], Outcome.HANDOFF)
        return self._forward_or(state, message, [Reply(w.OFFER_OFFICER, [w.OFFICER_BUTTON, button(w.TRY_ANOTHER), button(w.STOP)])])

    def _on_resume_offer(self, state: dict[str, Any], message: Message) -> Turn:
        back_to = state.get("resume_stage") or "step"
        state["stage"] = back_to
        problem = self.find_problem(message.text)
        if problem is not None:
            return Turn(state, self._branch(state, problem, 0))
        if matches_phrase(message.text, (w.RESUME_YES, "tiếp tục hướng dẫn", "làm tiếp")) or (
                message.intent == "affirm" and message.confidence >= 0.6):
            if back_to == "branch" and state.get("branch"):
                return Turn(state, self._branch(state, self.guide.problem(state["branch"]), state["branch_step"]))
            if back_to == "problems":
                return Turn(state, self._menu(state))
            return Turn(state, self._step(state, state["step"]))
        if message.intent == "deny" and message.confidence >= 0.6:
            return self._pause(state)
        return self.handle(state, message)
