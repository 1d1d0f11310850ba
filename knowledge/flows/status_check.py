"""The dossier status check as data: knowledge/flows/status_check.yml (questions, readers, wording).

Officers correct the wording in the YAML; the file is re-read when it changes. A broken
file is refused with the reason (the check cannot run without its questions).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

STATUS_CHECK_FILE = Path(__file__).resolve().with_name("status_check.yml")
# how an answer can be read (bot/forms/status_check.py implements each)
READERS = frozenset({"receipt_code", "owner_factor"})
SAID = ("owner_only", "locked", "gave_up", "unavailable", "stopped", "already_subscribed", "subscribed",
        "subscribe_needs_check", "unsubscribed", "which_to_unsubscribe", "whose_name", "whose_name_again",
        "set_aside")
BUTTONS = ("officer", "stop", "again", "subscribe", "to_form", "lookup")
# the answers to "is this name for the form, or the dossier owner's?" (whose_name)
WHOSE_NAME_CHOICES = ("form", "lookup")


class StatusCheckDefinitionError(ValueError):
    pass


@dataclass(frozen=True)
class StatusQuestion:
    slot: str
    read: str
    prompt: str
    reasons: dict[str, str]
    buttons: tuple[str, ...]

    def reason(self, name: str) -> str:
        """The question asked again with why ("unusable", "mismatch", …); the plain prompt if none."""
        return self.reasons.get(name) or self.prompt


@dataclass(frozen=True)
class Choice:
    """One answer to a question the check asks back: its button and the words that type it."""

    button: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class StatusCheckFlow:
    questions: tuple[StatusQuestion, ...]
    max_unusable: int
    leave_intents: frozenset[str]
    leave_confidence: float
    buttons: dict[str, dict[str, str]]
    say: dict[str, str]
    whose_name: dict[str, Choice]   # "form" / "lookup" -> its button and words

    def question(self, slot: str) -> StatusQuestion:
        return next(q for q in self.questions if q.slot == slot)

    def button(self, name: str) -> dict[str, str]:
        return dict(self.buttons[name])


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StatusCheckDefinitionError(f"{where}: a non-empty text is needed")
    return " ".join(value.split())


def parse_status_check(data: dict[str, Any]) -> StatusCheckFlow:
    if not isinstance(data, dict):
        raise StatusCheckDefinitionError("the status check definition must be a mapping")
    buttons = {}
    for name in BUTTONS:
        raw = (data.get("buttons") or {}).get(name) or {}
        buttons[name] = {"title": _text(raw.get("title"), f"buttons.{name}.title"),
                         "payload": _text(raw.get("payload"), f"buttons.{name}.payload")}
    questions = []
    for index, raw in enumerate(data.get("questions") or []):
        where = f"questions[{index}]"
        if raw.get("read") not in READERS:
            raise StatusCheckDefinitionError(f"{where}: read must be one of {sorted(READERS)}")
        unknown = [b for b in raw.get("buttons") or [] if b not in buttons]
        if unknown:
            raise StatusCheckDefinitionError(f"{where}: unknown buttons {unknown}")
        questions.append(StatusQuestion(
            slot=_text(raw.get("slot"), f"{where}.slot"), read=raw["read"],
            prompt=_text(raw.get("prompt"), f"{where}.prompt"),
            reasons={k: _text(v, f"{where}.reasons.{k}") for k, v in (raw.get("reasons") or {}).items()},
            buttons=tuple(raw.get("buttons") or ())))
    if [(q.slot, q.read) for q in questions] != [("receipt_code", "receipt_code"), ("status_factor", "owner_factor")]:
        # the slots are the Rasa form's (domain.yml status_check_form)
        raise StatusCheckDefinitionError("the check asks receipt_code (receipt_code), then status_factor (owner_factor)")
    say = {name: _text((data.get("say") or {}).get(name), f"say.{name}") for name in SAID}
    whose_name = {}
    for name in WHOSE_NAME_CHOICES:
        raw = (data.get("whose_name") or {}).get(name) or {}
        if raw.get("button") not in buttons:
            raise StatusCheckDefinitionError(f"whose_name.{name}.button must be one of {sorted(buttons)}")
        words = tuple(_text(w, f"whose_name.{name}.words") for w in raw.get("words") or ())
        whose_name[name] = Choice(raw["button"], words)
    return StatusCheckFlow(
        questions=tuple(questions), max_unusable=int(data.get("max_unusable") or 3),
        leave_intents=frozenset(data.get("leave_intents") or ()),
        leave_confidence=float(data.get("leave_confidence") or 0.6), buttons=buttons, say=say,
        whose_name=whose_name)


_cache: dict[Path, tuple[int, StatusCheckFlow]] = {}


def load_status_check(path: Path = STATUS_CHECK_FILE) -> StatusCheckFlow:
    """The definition, re-read when the file changes."""
    stamp = path.stat().st_mtime_ns
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    flow = parse_status_check(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    _cache[path] = (stamp, flow)
    return flow
