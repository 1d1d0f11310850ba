"""Resuming a paused form with a message that already gives values."""
from __future__ import annotations

from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome, Turn
from bot.forms.reading import is_bare_name, read_message


def resumed_with_values(engine: FormEngine, state: dict, text: str) -> Turn:
    """'Quay lại điền tiếp khai sinh. Mẹ cháu: Trần Thị Oanh, căn cước 0491…': resume and take them."""
    turn = engine.resume(state)
    asked = engine._current_field(turn.state) if turn.state.get("stage") == "asking" else None
    if text.startswith("/") or not read_message(engine.form, turn.state["values"], asked, text) and not (
            asked is not None and asked.type == "name" and is_bare_name(text)):  # "Đào Phương Linh" alone
        return turn
    more = engine.handle(turn.state, Message(text))
    if more.outcome != Outcome.CONTINUE:
        return turn
    return Turn(more.state, turn.replies[:1] + more.replies, more.outcome)
