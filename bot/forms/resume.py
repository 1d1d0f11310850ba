"""Resuming a paused form with a message that already gives values."""
from __future__ import annotations

import re
from typing import Callable

from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome, Turn
from bot.forms.intake import says_go_on
from bot.forms.reading import is_bare_name, read_message


def resumed_with_values(engine: FormEngine, state: dict, text: str) -> Turn:
    """'Quay lại điền tiếp khai sinh. Mẹ cháu: Trần Thị Oanh, căn cước 0491…': resume and take them."""
    turn = engine.resume(state)
    asked = engine._current_field(turn.state) if turn.state.get("stage") == "asking" else None
    if text.startswith("/") or not read_message(engine.form, turn.state["values"], asked, text) and not (
            asked is not None and asked.type == "name" and is_bare_name(text)):  # "Đào Phương Linh" alone
        return turn
    parts = re.split(r"(?<=[.;!?])\s+", text)  # "ừ để sau coi, làm tiếp khai sinh nhen. Nó sinh ở …": the values part
    while len(parts) > 1 and not read_message(engine.form, turn.state["values"], asked, parts[0]):
        parts.pop(0)
    more = engine.handle(turn.state, Message(" ".join(parts)))
    if more.outcome != Outcome.CONTINUE:
        return turn
    return Turn(more.state, turn.replies[:1] + more.replies, more.outcome)


def paused_form_meant(text: str, forms: dict, drafts: dict[str, dict], match: Callable[[str], str | None],
                      code: str | None = None) -> str | None:
    """The paused draft a 'quay lại tờ khai: sđt …, địa chỉ tạm trú …' goes on with, whatever its
    labels resemble, or that 'sdt …, thuong tru tai xom 3 …' gives values for (the form `code` read
    there is only its label); None when the message does not go back to a form."""
    if not drafts or text.startswith("/"):
        return None
    first = next(iter(drafts))
    if not says_go_on(text):
        return first if code and code not in drafts and _named_only_in_labels(text, forms[first], drafts[first], match) else None
    named = match(re.split(r"[:\d]", text, maxsplit=1)[0])  # the form named before any value
    if named and named not in drafts and _named_only_in_labels(text, forms[first], drafts[first], match):
        named = None  # "ok, điền tiếp. thường trú ở số 56 …": the paused form's label, no other form
    return named or first


def _named_only_in_labels(text: str, form, draft: dict, match: Callable[[str], str | None]) -> bool:
    """The form name read in the message sits inside the paused form's own labels ("nơi thường trú")."""
    rest = text
    for found in read_message(form, draft.get("values") or {}, None, text):
        at = rest.find(found.raw)
        if found.labelled and at >= 0:  # the value and its label: the words since the last comma, 4 at most
            head = rest[:at].rstrip(" :")  # "Thường trú: 39 …": the label is before its colon
            cut = max(head.rfind(p) for p in ",:;.") + 1
            words = head[cut:].split()
            rest = head[:cut] + " ".join(words[:-4]) + " | " + rest[at + len(found.raw):]
    return rest != text and match(rest) is None
