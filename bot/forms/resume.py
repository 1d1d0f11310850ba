"""Resuming a paused form with a message that already gives values."""
from __future__ import annotations

from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome, Turn
from bot.forms.reading import read_message


def resumed_with_values(engine: FormEngine, state: dict, text: str) -> Turn:
    """'Quay lại điền tiếp khai sinh. Mẹ cháu: Trần Thị Oanh, căn cước 0491…': resume and take them."""
    turn = engine.resume(state)
    if text.startswith("/") or not read_message(engine.form, turn.state["values"], None, text):
        return turn
    more = engine.handle(turn.state, Message(text))
    if more.outcome != Outcome.CONTINUE:
        return turn
    return Turn(more.state, turn.replies[:1] + more.replies, more.outcome)
