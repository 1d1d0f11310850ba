"""The dossier status check, run like a form from its definition (knowledge/flows/status_check.yml).

The questions, how each answer is read, why a question is asked again and every sentence
come from the definition; commands ("dừng", "gặp cán bộ", "nhắc lại", "quay lại") are read
with the form engine's `command`. The Rasa form `status_check_form` only keeps the state in
its slots: this module turns a message and those slots into slot updates, and a slot to ask
into its question.

Only the owner sees a status: the owner check itself (lockout included) is handed in
(`OwnerCheck`, backed by domain/dossiers/service.check_ownership); an unknown receipt and a
wrong factor give the same state (mismatch: the code is asked again).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

from bot.forms.flow import Message, Reply
from bot.forms.language import NOT_THAT, command, find_mentions, nfc
from bot.forms.values import is_bare_name
from core.text.normalize import fold, normalize_text
from core.text.patterns import find_entities
from domain.dossiers.identity import Factor, normalize_id_number, normalize_phone, parse_factor
from domain.dossiers.records import normalize_receipt_code
from knowledge.flows.status_check import StatusCheckFlow, load_status_check

# the check dropped first, then another request ("ừ thôi để đó, giờ con làm cái gia hạn cho má …")
_STOP_FIRST = re.compile(r"^\W*(?:(?:u|o|ok|da|uh|vay|thi)\W+)*(?:thoi|bo qua|de do|de sau|khoi|khong can)\b")
# the Rasa form's slots (domain.yml)
RECEIPT = "receipt_code"
FACTOR = "status_factor"
OUTCOME = "status_check_outcome"   # ENDINGS end the check; STEERING values steer the next question
INVALID = "status_check_invalid"   # unusable answers in a row
VERIFIED = "status_verified_receipts"
REQUESTED = "requested_slot"
COMMANDS = ("officer", "stop", "back", "repeat")
ENDINGS = frozenset({"verified", "locked", "gave_up", "unavailable", "stopped", "officer", "back_to_form"})
# a bare name while a form waits underneath: "for the form, or the owner's?" asked (once more);
# "name_given": the citizen said it was for the lookup (the question is asked with why)
WHOSE_NAME, WHOSE_NAME_AGAIN, NAME_GIVEN = "whose_name", "whose_name_again", "name_given"
STEERING = frozenset({"mismatch", "repeat", "back", WHOSE_NAME, WHOSE_NAME_AGAIN, NAME_GIVEN})
# "không điền", "chứ không phải tra cứu": the word after it is taken back
_TAKEN_BACK = re.compile(rf"(?:{NOT_THAT}|\b(?:không|ko|hông|khong|hong|k|chẳng|chả))\s+$", re.IGNORECASE)
# "điền hay tra cũng được" (folded): both choices offered, neither chosen
_EITHER = re.compile(r"\b(?:hay|hoac|cung duoc|sao cung duoc)\b")

# "hồ sơ của mẹ tôi", "tra hộ người khác" (on the folded text): the same proof is asked, and
# the citizen is told why; a name recognised by the NLU (person_name) counts too
OTHER_PERSON_RE = re.compile(
    r"\bcua (?:me|ma|bo|ba|cha|ong|chong|vo|con|nguoi nha|hang xom|ban)\b|\bnguoi khac\b"
    r"|\b(?:tra|xem|kiem tra|hoi) ho\b(?! so)"
)

class CheckResult(Protocol):
    outcome: str           # verified | locked | mismatch
    receipt_code: str | None


class OwnerCheck(Protocol):
    """The owner check the engine is handed (database, secret, lockout, audit behind it)."""

    def configured(self) -> bool: ...

    async def locked(self, code: str) -> bool: ...

    async def verify(self, code: str, factor: Factor) -> CheckResult: ...


# --- readers (the definition's `read:`) ------------------------------------------------------

def read_receipt(text: str) -> str | None:
    """read: receipt_code: a dossier code anywhere in the message."""
    for match in find_entities(text):
        if match.entity == "receipt_code" and (code := normalize_receipt_code(match.value)):
            return code
    return None


def read_factor(text: str) -> Factor | None:
    """read: owner_factor: the answer to "4 số cuối?", ignoring any receipt code in it."""
    for match in find_entities(text):
        if match.entity == "receipt_code":
            text = text.replace(match.value, " ")
    return parse_factor(text)


def read_full_factor(text: str) -> Factor | None:
    """A whole căn cước / phone in a message (4 digits inside a receipt code are no factor)."""
    for match in find_entities(text):
        if match.entity == "id_number" and (digits := normalize_id_number(match.value)):
            return Factor("id_number", digits)
        if match.entity == "phone_number" and (digits := normalize_phone(match.value)):
            return Factor("phone", digits)
    return None


def about_someone_else(text: str, entities: set[str]) -> bool:
    return "person_name" in entities or OTHER_PERSON_RE.search(normalize_text(text)) is not None


def _digits(text: str) -> bool:
    return any(c.isdigit() for c in text)


class StatusCheckEngine:
    def __init__(self, owner: OwnerCheck | None = None, flow: StatusCheckFlow | None = None) -> None:
        self.owner = owner
        self.flow = flow or load_status_check()

    # --- the message is not an answer ----------------------------------------------------

    def leaving(self, slots: dict[str, Any], message: Message, back_to_form: Callable[[], bool]) -> bool:
        """The citizen answered a question with something else (a button, another question, the
        paused form): the check closes and the bot answers that."""
        if slots.get(REQUESTED) not in (RECEIPT, FACTOR):
            return False
        text = message.text.strip()
        if text.startswith("/"):
            return message.intent != "check_status"
        if back_to_form():
            return True
        dropped = _STOP_FIRST.match(fold(text))
        if dropped and len(re.findall(r"[^\W\d_]+", text[dropped.end():])) >= 3:
            return True  # "ừ thôi để đó, giờ con làm cái gia hạn cho má …": the check is dropped for that
        if _digits(text):
            return False  # digits answer the question
        return message.intent in self.flow.leave_intents and message.confidence >= self.flow.leave_confidence

    def on_command(self, slots: dict[str, Any], message: Message) -> dict[str, Any] | None:
        """"dừng" / "gặp cán bộ" end the check (the answer action says why or hands over);
        "nhắc lại" asks the same question again; "quay lại" at the factor asks the code again."""
        asked = slots.get(REQUESTED)
        if asked not in (RECEIPT, FACTOR) or _digits(message.text):
            return None
        cmd = command(message.text, COMMANDS)
        if cmd in ("officer", "stop"):
            return {RECEIPT: None, FACTOR: None, REQUESTED: None, INVALID: None,
                    OUTCOME: "officer" if cmd == "officer" else "stopped"}
        if cmd == "back" and asked == FACTOR:
            return {RECEIPT: None, FACTOR: None, OUTCOME: "back"}
        if cmd in ("back", "repeat"):
            return {asked: None, OUTCOME: "repeat"}
        return None

    # --- a bare name while a form waits underneath ----------------------------------------------

    def whose_name(self, slots: dict[str, Any], message: Message,
                   form_asks_a_name: Callable[[], bool]) -> dict[str, Any] | None:
        """'Đào Phương Linh' alone while the paused form asks a name: the form's answer or the dossier
        owner's name? The check asks, never guesses (whatever the NLU read)."""
        asked, text = slots.get(REQUESTED), message.text.strip()
        # asked already, or just said to be for the lookup (then a name is an unusable answer)
        if asked not in (RECEIPT, FACTOR) or slots.get(OUTCOME) in (WHOSE_NAME, WHOSE_NAME_AGAIN, NAME_GIVEN):
            return None
        return {asked: None, OUTCOME: WHOSE_NAME} if is_bare_name(text) and form_asks_a_name() else None

    def whose_name_again(self, slots: dict[str, Any], message: Message) -> dict[str, Any] | None:
        """Neither the form nor the lookup chosen: asked once more (then the message is an answer).
        Digits or a dossier code are what the check asked for: read as its answer at once."""
        asked = slots.get(REQUESTED)
        if asked not in (RECEIPT, FACTOR) or slots.get(OUTCOME) != WHOSE_NAME or _digits(message.text):
            return None
        return {asked: None, OUTCOME: WHOSE_NAME_AGAIN}

    def name_choice(self, slots: dict[str, Any], message: Message) -> dict[str, Any] | None:
        """The answer to "for the form, or the owner's?": the form (the check ends, the form takes
        the name) or the lookup (the question asked again with why); None when it is neither.
        "Nhắc lại", "gì cơ" ask it again, whatever the NLU read."""
        asked, outcome = slots.get(REQUESTED), slots.get(OUTCOME)
        if asked not in (RECEIPT, FACTOR) or outcome not in (WHOSE_NAME, WHOSE_NAME_AGAIN):
            return None
        if command(message.text, ("repeat",)):
            return {asked: None, OUTCOME: outcome}
        choice = self.chosen(message.text)
        if choice == "form":
            return {RECEIPT: None, FACTOR: None, REQUESTED: None, INVALID: None, OUTCOME: "back_to_form"}
        if choice == "lookup":
            return {asked: None, OUTCOME: NAME_GIVEN}
        return None

    def chosen(self, text: str) -> str | None:
        """"form" / "lookup" from a button's payload or typed words ("ừ điền vào", "không, tra hồ sơ")."""
        choices = self.flow.whose_name
        text = nfc(text).strip()
        for name, choice in choices.items():
            if text == self.flow.buttons[choice.button]["payload"]:
                return name
        if _digits(text) or text.startswith("/"):
            return None
        said = sorted((m.start, m.field) for m in find_mentions(text, {n: c.words for n, c in choices.items()})
                      if not _TAKEN_BACK.search(text[:m.start]))
        # both said: the first one is the answer ("điền vào hồ sơ"), unless both are offered ("điền hay
        # tra cũng được")
        if len({field for _, field in said}) > 1 and _EITHER.search(fold(text)):
            return None
        return said[0][1] if said else None

    # --- answers --------------------------------------------------------------------------

    async def receipt_answer(self, value: Any, slots: dict[str, Any], message: Message) -> dict[str, Any]:
        text = message.text
        if slots.get(REQUESTED) == FACTOR:
            # a (new) code typed while the factor was asked: take it, factor_answer decides
            code = normalize_receipt_code(value) or read_receipt(str(value or ""))
            return {RECEIPT: code} if code else {}
        code = normalize_receipt_code(value) or read_receipt(str(value or "")) or read_receipt(text)
        if code is None:
            if message.intent == "check_status" and not _digits(text):
                return {RECEIPT: None, OUTCOME: None}  # asked again without a code: just ask
            return self._unusable(slots, RECEIPT)
        if not self._configured():
            return {RECEIPT: None, REQUESTED: None, OUTCOME: "unavailable"}
        if await self.owner.locked(code):
            return {RECEIPT: code, REQUESTED: None, OUTCOME: "locked", INVALID: None}
        factor = read_full_factor(text)
        if factor is not None:  # "mã ..., căn cước ...": both in one message
            return await self._verify(slots, code, factor)
        return {RECEIPT: code, INVALID: None, OUTCOME: None}

    async def factor_answer(self, slots: dict[str, Any], message: Message) -> dict[str, Any]:
        text = message.text
        factor = read_factor(text)
        code = slots.get(RECEIPT)
        if factor is None:
            if read_receipt(text):
                return {FACTOR: None, OUTCOME: None}  # a new receipt code: ask the factor for it
            return self._unusable(slots, FACTOR)
        if not code:
            return {FACTOR: None}
        if not self._configured():
            return {FACTOR: None, REQUESTED: None, OUTCOME: "unavailable"}
        return await self._verify(slots, code, factor)

    def _configured(self) -> bool:
        return self.owner is not None and self.owner.configured()

    def _unusable(self, slots: dict[str, Any], slot: str) -> dict[str, Any]:
        count = int(slots.get(INVALID) or 0) + 1
        if count >= self.flow.max_unusable:
            return {slot: None, FACTOR: None, REQUESTED: None, OUTCOME: "gave_up", INVALID: None}
        return {slot: None, INVALID: float(count), OUTCOME: None}

    async def _verify(self, slots: dict[str, Any], code: str, factor: Factor) -> dict[str, Any]:
        result = await self.owner.verify(code, factor)
        if result.outcome == "verified":
            verified = [c for c in (slots.get(VERIFIED) or []) if c != result.receipt_code]
            return {RECEIPT: result.receipt_code, FACTOR: None, REQUESTED: None, OUTCOME: "verified",
                    INVALID: None, VERIFIED: (verified + [result.receipt_code])[-10:]}
        if result.outcome == "locked":
            return {RECEIPT: result.receipt_code, FACTOR: None, REQUESTED: None, OUTCOME: "locked", INVALID: None}
        # unknown receipt or wrong factor: the same answer, and the code is asked again
        return {RECEIPT: None, FACTOR: None, OUTCOME: "mismatch", INVALID: None}

    # --- questions and endings ----------------------------------------------------------------

    def question(self, slot: str, slots: dict[str, Any], message: Message, entities: set[str],
                 form_field: str | None = None) -> Reply:
        """The question for `slot`, asked again with its reason when there is one; `form_field`: the
        paused form's question (its label) when a bare name was given while it waits."""
        q = self.flow.question(slot)
        outcome = slots.get(OUTCOME)
        if outcome in (WHOSE_NAME, WHOSE_NAME_AGAIN) and form_field:
            field = form_field[:1].lower() + form_field[1:]
            return Reply(self.say(outcome, field=field),
                         [self.flow.button(c.button) for c in self.flow.whose_name.values()])
        if outcome == NAME_GIVEN:
            return Reply(q.reason("name"), [self.flow.button(b) for b in q.buttons])
        again = outcome != "repeat"  # "nhắc lại": the plain question
        owner_only = about_someone_else(message.text, entities)
        if slot == RECEIPT:
            if outcome == "mismatch":
                text, owner_only = q.reason("mismatch"), False
            elif outcome == "back":
                text = f"{q.reason('back')}\n{q.prompt}"
            elif again and slots.get(INVALID):
                text, owner_only = q.reason("unusable"), False
            elif again and entities & {"id_number", "phone_number"}:
                text, owner_only = q.reason("id_without_receipt"), False
            else:
                text = q.prompt
        else:
            text = q.reason("unusable") if again and slots.get(INVALID) else q.prompt
        if owner_only:
            text = f"{self.flow.say['owner_only']}\n{text}"
        return Reply(text, [self.flow.button(b) for b in q.buttons])

    def say(self, name: str, **values: Any) -> str:
        text = self.flow.say[name]
        return text.format(**values) if values else text

    def button(self, name: str) -> dict[str, str]:
        return self.flow.button(name)
