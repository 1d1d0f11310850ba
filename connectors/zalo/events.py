"""Zalo OA webhook event -> Envelope."""
from __future__ import annotations

from datetime import datetime, timezone

from connectors.envelope import Attachment, Envelope

CHANNEL = "zalo"
_KINDS = {
    "user_send_image": "photo", "user_send_gif": "photo", "user_send_sticker": "sticker",
    "user_send_audio": "voice", "user_send_video": "file", "user_send_file": "file",
    "user_send_location": "location", "user_send_business_card": "other",
}


def sender_id(user_id: str) -> str:
    return f"{CHANNEL}:{user_id}"


def user_id_of(sender: str) -> str:
    prefix, _, user_id = sender.partition(":")
    if prefix != CHANNEL or not user_id:
        raise ValueError(f"not a Zalo sender id: {sender}")
    return user_id


def _time(event: dict) -> datetime:
    try:
        return datetime.fromtimestamp(int(event["timestamp"]) / 1000, tz=timezone.utc)
    except (KeyError, TypeError, ValueError):
        return datetime.now(timezone.utc)


def _attachment(kind: str, message: dict) -> Attachment:
    items = message.get("attachments") or [{}]
    payload = (items[0] or {}).get("payload") or {}
    if kind == "location":
        coordinates = payload.get("coordinates") or payload
        try:
            return Attachment("location", latitude=float(coordinates["latitude"]),
                              longitude=float(coordinates["longitude"]))
        except (KeyError, TypeError, ValueError):
            return Attachment("location")
    return Attachment(kind, url=payload.get("url"), name=payload.get("name"),
                      mime_type=payload.get("type") if isinstance(payload.get("type"), str) else None)


def envelope_from_event(event: dict) -> Envelope | None:
    """None for events that need no answer (delivery/seen receipts, the OA's own messages)."""
    name = event.get("event_name", "")
    when = _time(event)
    if name in ("follow", "unfollow"):
        user_id = str((event.get("follower") or {}).get("id") or "")
        if not user_id:
            return None
        return Envelope(channel=CHANNEL, sender_id=sender_id(user_id),
                        platform_message_id=f"{name}:{user_id}:{event.get('timestamp')}",
                        command="start" if name == "follow" else "unfollow", received_at=when,
                        extra={"followed": name == "follow"})
    if not name.startswith("user_send_"):
        return None
    user_id = str((event.get("sender") or {}).get("id") or "")
    message = event.get("message") or {}
    message_id = str(message.get("msg_id") or "")
    if not user_id or not message_id:
        return None
    common = {"channel": CHANNEL, "sender_id": sender_id(user_id), "platform_message_id": message_id,
              "received_at": when}
    if name in ("user_send_text", "user_send_link"):
        text = message.get("text") or ""
        return Envelope(text=text, **common) if text.strip() else None
    kind = _KINDS.get(name, "other")
    caption = message.get("text") or None
    return Envelope(text=caption, attachments=(_attachment(kind, message),), **common)
