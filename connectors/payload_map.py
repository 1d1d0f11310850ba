"""Server-side map from short ids to button payloads too long for a platform.

Telegram's callback_data holds at most 64 bytes, but payloads such as
`/ask_fee{"procedure_code":"1.001193"}` can be longer. The short id is derived from
the payload and the conversation it was shown to (same pair, same id), so storing it twice is
harmless, any app process can resolve it, and erasing a citizen's data erases theirs (a status
subscription button carries a receipt code).
"""
from __future__ import annotations

import base64
import hashlib
import re

from sqlalchemy.orm import Session

from connectors.models import ButtonPayload
from connectors.store import insert_ignoring_duplicates

PREFIX = "p:"
SHORT_ID = re.compile(r"^p:[A-Za-z0-9_-]{22}$")


def short_id(payload: str, owner: str = "") -> str:
    digest = hashlib.sha256(f"{owner}\n{payload}".encode("utf-8") if owner else payload.encode("utf-8")).digest()
    return PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")[:22]


def needs_short_id(payload: str, max_bytes: int) -> bool:
    return len(payload.encode("utf-8")) > max_bytes or bool(SHORT_ID.match(payload))


def shorten(session: Session, payload: str, max_bytes: int, owner: str | None = None) -> str:
    """The payload itself when it fits, else a stored short id (kept under the conversation's id)."""
    if not needs_short_id(payload, max_bytes):
        return payload
    key = short_id(payload, owner or "")
    insert_ignoring_duplicates(session, ButtonPayload, {"short_id": key, "payload": payload, "sender_id": owner})
    return key


def resolve(session: Session, data: str) -> str | None:
    """The payload behind `data`: itself when it is not a short id, None when the id is unknown."""
    if not SHORT_ID.match(data):
        return data
    row = session.get(ButtonPayload, data)
    return row.payload if row else None
