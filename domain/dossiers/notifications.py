"""Status notifications: opt-ins, and outbox messages when a dossier's status changes.

Messages are queued in the outbox (core/outbox) in the same transaction as the status
change, so a change is never recorded without its notifications or the reverse; the
channel senders deliver them.
"""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.outbox import enqueue
from domain.dossiers.models import Dossier, DossierSubscription
from domain.dossiers.wording import DossierView, notification_text

KIND = "status_notification"
CHANNELS = ("web", "telegram", "zalo")
HUMAN_BUTTON = {"title": "Gặp cán bộ", "payload": "/request_human"}


def channel_for(sender_id: str, metadata_channel: str | None = None) -> str:
    """The conversation's channel: the router's metadata, else the sender id's prefix."""
    if metadata_channel in CHANNELS:
        return metadata_channel
    prefix = sender_id.split(":", 1)[0] if ":" in sender_id else ""
    return prefix if prefix in CHANNELS else "web"


def subscribe(session: Session, dossier: Dossier, channel: str, recipient_id: str) -> bool:
    """Opt in (idempotent); False when it was already active."""
    existing = session.scalar(select(DossierSubscription).where(
        DossierSubscription.dossier_id == dossier.id, DossierSubscription.channel == channel,
        DossierSubscription.recipient_id == recipient_id))
    if existing is not None:
        was_active, existing.active = existing.active, True
        return not was_active
    session.add(DossierSubscription(dossier_id=dossier.id, channel=channel, recipient_id=recipient_id, active=True))
    session.flush()
    return True


def unsubscribe(session: Session, dossier: Dossier, recipient_id: str) -> bool:
    """Opt out of one dossier on every channel of this recipient; False if nothing was active."""
    rows = session.scalars(select(DossierSubscription).where(
        DossierSubscription.dossier_id == dossier.id, DossierSubscription.recipient_id == recipient_id,
        DossierSubscription.active.is_(True))).all()
    for row in rows:
        row.active = False
    return bool(rows)


def is_subscribed(session: Session, dossier: Dossier, recipient_id: str) -> bool:
    return session.scalar(select(DossierSubscription.id).where(
        DossierSubscription.dossier_id == dossier.id, DossierSubscription.recipient_id == recipient_id,
        DossierSubscription.active.is_(True))) is not None


def notify_subscribers(session: Session, dossier: Dossier, view: DossierView, today: date) -> int:
    """Queue one message per active opt-in; returns how many were queued."""
    subscriptions = session.scalars(select(DossierSubscription).where(
        DossierSubscription.dossier_id == dossier.id, DossierSubscription.active.is_(True))).all()
    code = dossier.receipt_code
    payload = {
        "text": notification_text(view, today),
        "buttons": [
            {"title": "Ngừng báo hồ sơ này",
             "payload": "/unsubscribe_status_updates" + json.dumps({"receipt_code": code})},
            HUMAN_BUTTON,
        ],
        "receipt_code": code,
        "status": view.status.value,
    }
    for subscription in subscriptions:
        enqueue(session, subscription.channel, subscription.recipient_id, KIND, dict(payload))
    return len(subscriptions)
