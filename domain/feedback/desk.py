"""The unanswered-questions desk: open items newest first, grouped by similar wording, with the
conversation around each; labels, aliases and dismissals (each logged with who and when)."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.settings import ROOT
from domain.feedback import officer_log
from domain.feedback.models import DISMISSED, LABELLED, OPEN, DeskItem, Feedback, ReviewedAlias
from domain.feedback.placeholders import mask, plain
from domain.handoff.models import ConversationMessage, Officer
from domain.handoff.timeutil import iso

SIMILAR_AT = 0.5          # word-set overlap (Jaccard) of folded wordings in one group
CONTEXT = 3               # messages shown before and after the turn
# intents an officer may label a turn with (internal button intents are left out)
INTERNAL_INTENTS = {"continue_flow", "erase_profile", "subscribe_status_updates", "unsubscribe_status_updates"}


class DeskError(LookupError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@lru_cache(maxsize=1)
def labelable_intents() -> tuple[str, ...]:
    data = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")) or {}
    names = [i if isinstance(i, str) else next(iter(i)) for i in data.get("intents") or []]
    return tuple(n for n in names if n not in INTERNAL_INTENTS)


def _words(folded: str) -> frozenset[str]:
    return frozenset(folded.split())


def similar(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a == b
    return len(wa & wb) / len(wa | wb) >= SIMILAR_AT


def group(items: list[DeskItem]) -> dict[int, int]:
    """item id -> group id (the newest item of its group), greedy over newest-first items."""
    leaders: list[DeskItem] = []
    groups: dict[int, int] = {}
    for item in items:
        leader = next((lead for lead in leaders if similar(lead.folded, item.folded)), None)
        if leader is None:
            leaders.append(item)
            leader = item
        groups[item.id] = leader.id
    return groups


def _context(session: Session, item: DeskItem) -> list[dict[str, Any]]:
    before = list(session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == item.conversation_id, ConversationMessage.id < item.message_id)
        .order_by(ConversationMessage.id.desc()).limit(CONTEXT)))[::-1]
    rest = list(session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == item.conversation_id, ConversationMessage.id >= item.message_id)
        .order_by(ConversationMessage.id).limit(CONTEXT + 1)))
    return [{"id": m.id, "author": m.author, "text": mask(m.text or "", m.entities), "intent": m.intent,
             "confidence": m.intent_confidence, "created_at": iso(m.created_at), "this_turn": m.id == item.message_id}
            for m in before + rest]


def item_json(session: Session, item: DeskItem, group_id: int | None = None, context: bool = True) -> dict[str, Any]:
    message = session.get(ConversationMessage, item.message_id)
    comment = session.scalar(select(Feedback.comment).where(Feedback.inbound_id == item.message_id,
                                                            Feedback.comment.is_not(None)).limit(1))
    out = {"id": item.id, "sender_id": item.sender_id, "text": item.text, "reason": item.reason,
           "created_at": iso(item.created_at), "channel": item.channel, "status": item.status,
           "group": group_id if group_id is not None else item.id,
           "understood": {"intent": message.intent if message else None,
                          "confidence": message.intent_confidence if message else None,
                          "procedure_code": message.procedure_code if message else None},
           "comment": comment,
           "label": {"intent": item.label_intent, "procedure_code": item.label_procedure,
                     "no_procedure": item.no_procedure, "exported_batch": item.exported_batch}}
    if context:
        out["conversation"] = _context(session, item)
    return out


def open_items(session: Session, limit: int = 100, status: str = OPEN) -> dict[str, Any]:
    rows = list(session.scalars(select(DeskItem).where(DeskItem.status == status)
                                .order_by(DeskItem.created_at.desc(), DeskItem.id.desc()).limit(limit)))
    groups = group(rows)
    total = session.scalar(select(func.count(DeskItem.id)).where(DeskItem.status == status)) or 0
    items = [item_json(session, r, groups[r.id]) for r in rows]
    summary: dict[int, dict[str, Any]] = {}
    for item in items:
        entry = summary.setdefault(item["group"], {"group": item["group"], "text": item["text"], "count": 0,
                                                    "item_ids": []})
        entry["count"] += 1
        entry["item_ids"].append(item["id"])
    return {"items": items, "groups": list(summary.values()), "total": int(total)}


def _item(session: Session, item_id: int) -> DeskItem:
    item = session.get(DeskItem, item_id)
    if item is None:
        raise DeskError(404, "Không có mục này trên bàn câu hỏi.")
    return item


def label(session: Session, item_id: int, officer: Officer, *, intent: str | None, procedure_code: str | None,
          no_procedure: bool, similar_too: bool = False, now: datetime | None = None) -> list[DeskItem]:
    """Label a turn (and, with similar_too, the open items grouped with it)."""
    now = now or utcnow()
    item = _item(session, item_id)
    if intent is not None and intent not in labelable_intents():
        raise DeskError(422, f"Ý định không hợp lệ: {intent!r}.")
    if no_procedure and procedure_code:
        raise DeskError(422, "Chọn một thủ tục hoặc \"không có thủ tục\", không chọn cả hai.")
    if not (intent or procedure_code or no_procedure):
        raise DeskError(422, "Cần chọn ý định, thủ tục hoặc \"không có thủ tục\".")
    if procedure_code and not intent:
        intent = "ask_procedure"
    targets = [item]
    if similar_too:
        others = session.scalars(select(DeskItem).where(DeskItem.status == OPEN, DeskItem.id != item.id))
        targets += [o for o in others if similar(o.folded, item.folded)]
    for target in targets:
        target.status, target.label_intent, target.label_procedure = LABELLED, intent, procedure_code
        target.no_procedure, target.labelled_by, target.labelled_at = no_procedure, officer.id, now
        target.exported_batch = None
    officer_log.record(session, officer, "label", f"desk:{item.id}",
                       {"intent": intent, "procedure_code": procedure_code, "no_procedure": no_procedure,
                        "items": [t.id for t in targets]}, now)
    return targets


def dismiss(session: Session, item_id: int, officer: Officer, now: datetime | None = None) -> DeskItem:
    item = _item(session, item_id)
    item.status, item.labelled_by, item.labelled_at = DISMISSED, officer.id, now or utcnow()
    officer_log.record(session, officer, "dismiss", f"desk:{item.id}", {"text": item.text}, now)
    return item


def add_alias(session: Session, item_id: int, officer: Officer, procedure_code: str, text: str | None = None,
              now: datetime | None = None) -> ReviewedAlias:
    """A citizen wording as an alias of a procedure (personal data replaced by placeholders)."""
    item = _item(session, item_id)
    message = session.get(ConversationMessage, item.message_id)
    if text and text.strip():
        wording = plain(text.strip())
    else:
        wording = plain(message.text if message and message.text else item.text, message.entities if message else None)
    wording = " ".join(wording.split())[:300]
    if not wording:
        raise DeskError(422, "Cách nói trống.")
    alias = ReviewedAlias(procedure_code=procedure_code, text=wording, desk_item_id=item.id, officer_id=officer.id,
                          created_at=now or utcnow())
    session.add(alias)
    session.flush()
    officer_log.record(session, officer, "alias", f"procedure:{procedure_code}",
                       {"text": wording, "desk_item": item.id}, now)
    return alias
