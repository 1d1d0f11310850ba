"""A citizen who gives their details for a procedure that has a form wants it filled.

"giúp tôi làm khai sinh cho bé Nguyễn Gia Hân sinh 02/11/2026 ở Từ Dũ", or, after a question
about đăng ký tạm trú, "tên Nguyễn Văn An, cccd 0010…, sđt 09…": whatever the NLU called the
message, when the procedure it names (or the one in context) has a form and the form's own
reader finds values in it, the form opens with those values instead of a procedure answer.
A question without details ("đăng ký tạm trú cần giấy tờ gì") is still answered.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.forms_base import FLOW_SLOT, FORM_SLOT
from bot.forms.engine import FormEngine
from bot.forms.language import looks_like_question
from knowledge.flows.forms import FormDefinition, load_forms

PERSONAL_DETAILS = frozenset({"name", "id_number", "phone", "date"})


def form_serving(code: str | None, forms: dict[str, FormDefinition]) -> str | None:
    """The form of this procedure, or of the procedure it is a variant of (liên thông)."""
    if not code:
        return None
    if code in forms:
        return code
    return next((c for c, form in forms.items() if any(v.procedure == code for v in form.variants)), None)


def gives_values(form: FormDefinition, text: str) -> bool:
    """Personal details (a name, căn cước, phone or date) the form's reader finds in the message."""
    values = FormEngine(form).start(None, text).state["values"]
    return any(f.name in values and f.type in PERSONAL_DETAILS for f in form.fields)


def forms_given_details(text: str) -> set[str]:
    """Cheap first check (no search): the forms whose reader finds personal details in a message
    that is not a question ("nộp ở chỗ nào" or "đăng ký cho bé trai được không" open nothing)."""
    if text.startswith("/") or looks_like_question(text):
        return set()
    return {code for code, form in load_forms().items() if gives_values(form, text)}


async def open_form_with_values(dispatcher: CollectingDispatcher, tracker: Tracker, code: str | None,
                                given: set[str]) -> list[dict[str, Any]] | None:
    """Open the form serving `code` when it is one of the forms `given` details (forms_given_details);
    None when that does not apply."""
    from bot.actions.submission import ActionSubmission, _store

    forms = load_forms()
    form_code = form_serving(code, forms)
    if form_code not in given or tracker.get_slot(FLOW_SLOT) == ActionSubmission.flow:
        return None
    action = ActionSubmission()
    store = _store(tracker.get_slot(FORM_SLOT))
    events = await action._open(form_code, store, forms, dispatcher, tracker)
    await action.flush_trace(store, tracker.sender_id)
    return events
