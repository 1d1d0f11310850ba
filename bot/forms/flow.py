"""What every guided flow (form, guide) exchanges with its caller: messages in, turns out."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Outcome:
    CONTINUE = ""                 # the flow goes on (keep routing messages to it)
    FORWARD = "forward"           # run the normal action for this message, then call after_forward()
    HANDOFF = "handoff"           # the citizen asked for an officer; the flow is paused
    PAUSED = "paused"             # "dừng": progress kept, flow no longer routes messages
    SAVE = "save"                 # form confirmed: store the draft, then call saved()
    REMEMBER = "remember"         # consent given: store Turn.profile; flow over
    FINISHED = "finished"         # flow over
    OFFER_OFFICER = "offer_officer"  # stuck (failed tries): an officer is offered, flow goes on
    ABANDONED = "abandoned"       # "huỷ, không làm nữa": the draft is dropped for good


@dataclass(frozen=True)
class Message:
    text: str
    intent: str | None = None
    confidence: float = 0.0


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": list(self.buttons)}


@dataclass
class Turn:
    state: dict[str, Any]
    replies: list[Reply]
    outcome: str = Outcome.CONTINUE
    profile: dict[str, str] | None = None
    # FORWARD: the intent whose normal action answers (None = the message's own intent)
    forward_as: str | None = None


def button(title: str, payload: str | None = None) -> dict[str, str]:
    return {"title": title, "payload": payload or title}


def copy_state(state: dict[str, Any]) -> dict[str, Any]:
    copied = dict(state)
    copied["values"] = dict(state.get("values") or {})
    copied["history"] = list(state.get("history") or [])
    copied["failures"] = dict(state.get("failures") or {})
    copied["prefilled"] = list(state.get("prefilled") or [])
    return copied


def shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,") + "…"
