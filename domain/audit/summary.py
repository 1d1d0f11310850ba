"""The contract's `summary` object, built from the recorded events in order."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.audit.models import TraceEvent
from domain.handoff.models import Conversation

CHANNELS = ("web", "telegram", "zalo")


def build_summary(session: Session, sender_id: str) -> dict[str, Any]:
    conversation = session.scalar(select(Conversation).where(Conversation.sender_id == sender_id))
    channel = conversation.channel if conversation is not None and conversation.channel in CHANNELS else "web"
    summary: dict[str, Any] = {
        "channel": channel, "procedures_identified": [], "active_procedure": None, "statuses_disclosed": [],
        "handoffs": [], "forms": [], "account_guidance": [], "refusals": [],
    }
    forms: dict[str, dict] = {}
    events = session.scalars(select(TraceEvent).where(TraceEvent.sender_id == sender_id)
                             .order_by(TraceEvent.id))
    for event in events:
        data = event.data or {}
        if event.kind == "procedure":
            summary["procedures_identified"].append({"turn": event.turn, "code": data["code"], "via": data["via"]})
            if data.get("activate", True):
                summary["active_procedure"] = data["code"]
        elif event.kind == "active":
            summary["active_procedure"] = data.get("code")
        elif event.kind == "status":
            summary["statuses_disclosed"].append({"turn": event.turn, "receipt_code": data["receipt_code"]})
        elif event.kind == "handoff":
            summary["handoffs"].append({"turn": event.turn, "kind": data["kind"], "reason": data["reason"]})
        elif event.kind == "form":
            forms.pop(data["procedure"], None)  # one entry per form, in the order last worked on
            forms[data["procedure"]] = {"procedure": data["procedure"], "stage": data["stage"],
                                        "fields": data.get("fields") or {}}
        elif event.kind == "guide":
            summary["account_guidance"].append({"turn": event.turn, "guide": data["guide"],
                                                "steps_shown": data["steps_shown"]})
        elif event.kind == "refusal":
            summary["refusals"].append({"turn": event.turn, "kind": data["kind"],
                                        "receipt_code": data.get("receipt_code")})
    summary["forms"] = list(forms.values())
    return summary
