"""Web chat sessions: the server, not the client, decides which conversation a caller may use.

`POST /api/v1/chat` without a session token starts a conversation and returns its
`sender_id` and `session_token` (an HMAC of the sender id under WEB_SESSION_SECRET: signed,
unguessable, nothing stored). Every later call, and the push WebSocket, must present it.
A client may propose its own fresh id (letters, digits, `-`, `_`, `.`; e.g. `web-…` from
crypto.getRandomValues, or a test id) only while no conversation exists under it.
`telegram:` / `zalo:` conversations are never reachable here: their ids contain `:`,
which a web id cannot, and only their verified webhooks write to them.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from core.secrets_of import web_session_key
from core.settings import Settings

HEADER = "X-Session-Token"
WEB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}")
CHANNEL_PREFIXES = ("telegram:", "zalo:")


def new_sender_id() -> str:
    return "web-" + secrets.token_urlsafe(18)


def is_web_id(sender_id: str) -> bool:
    return WEB_ID.fullmatch(sender_id) is not None


def is_channel_id(sender_id: str) -> bool:
    return sender_id.lower().startswith(CHANNEL_PREFIXES)


def token_for(settings: Settings, sender_id: str) -> str:
    mac = hmac.new(web_session_key(settings), f"web-chat:{sender_id}".encode("utf-8", "replace"), hashlib.sha256)
    return "s1." + base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def token_matches(settings: Settings, sender_id: str, token: str | None) -> bool:
    if not token or not is_web_id(sender_id):
        return False
    return hmac.compare_digest(token_for(settings, sender_id).encode(), token.encode("utf-8", "replace"))
