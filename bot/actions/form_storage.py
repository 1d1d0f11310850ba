"""Database steps of form filling (run in a thread) and small helpers of bot/actions/submission.py."""
from __future__ import annotations

import re
from typing import Any

from bot.forms import wording as w
from bot.forms.flow import button as make_button
from core.text.normalize import fold
from knowledge.flows.forms import FormDefinition


def _services():
    from domain.services import current

    return current()


# --- database steps (run in a thread) ---------------------------------------------------------

def _profile(sender_id: str) -> dict[str, str] | None:
    from domain.drafts.store import get_profile

    with _services().db.session() as session:
        return get_profile(session, sender_id)


def _save(sender_id: str, code: str, values: dict[str, str]):
    from domain.drafts import store
    from domain.drafts.summary import describe_draft

    services = _services()
    with services.db.session() as session:
        draft = store.create_draft(session, sender_id, code, values)
        described = describe_draft(draft, services, with_link=True)
        return described, store.get_profile(session, sender_id)


def _remember(sender_id: str, profile: dict[str, str]) -> None:
    from domain.drafts.store import save_profile

    with _services().db.session() as session:
        save_profile(session, sender_id, profile)


def _erase(sender_id: str) -> bool:
    from domain.drafts.store import erase_profile

    with _services().db.session() as session:
        return erase_profile(session, sender_id)


def _record(sender_id: str, entries: list[dict]) -> None:
    from domain import audit

    with _services().db.session() as session:
        for entry in entries:
            if entry.get("identified"):
                audit.procedure_identified(session, sender_id, entry.get("identified_as") or entry["procedure"], "form")
            audit.form_state(session, sender_id, entry["procedure"], entry["stage"], entry["fields"])


def _trace_stage(state: dict) -> str:
    if state.get("status") == "abandoned":
        return "abandoned"
    if state.get("stage") in ("done", "consent") or state.get("saved"):
        return "submitted"
    return "confirming" if state.get("stage") == "summary" else "filling"


def _without_aliases(text: str, form: FormDefinition) -> str:
    """The message that asked for the form, without the words naming it ("khai sinh" is no date)."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    for alias in sorted((*form.aliases, form.title), key=len, reverse=True):
        key = " ".join(fold(alias).split())
        for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded, re.IGNORECASE):
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
            folded = fold(text)
    return text


def _form_buttons(forms: dict[str, FormDefinition], drafts: dict[str, Any]) -> list[dict[str, str]]:
    buttons = []
    for code in [c for c in drafts if c in forms] + [c for c in forms if c not in drafts]:
        title = w.CONTINUE_DRAFT.format(title=forms[code].title) if code in drafts else forms[code].title
        buttons.append(make_button(title, f'/start_submission{{"procedure_code":"{code}"}}'))
    return buttons + [w.OFFICER_BUTTON]
