"""X-ZEvent-Signature: "mac=" + sha256 hex of (app id + raw body + timestamp + OA secret key)."""
from __future__ import annotations

import hashlib
import hmac
import json
import time

# Zalo retries a delivery within minutes; older (or future) events are replays or forgeries
MAX_EVENT_AGE_SECONDS = 15 * 60


def mac(app_id: str, raw_body: str, timestamp: str, oa_secret_key: str) -> str:
    return hashlib.sha256(f"{app_id}{raw_body}{timestamp}{oa_secret_key}".encode("utf-8")).hexdigest()


def sign(app_id: str, raw_body: bytes, oa_secret_key: str) -> str:
    """The header value Zalo sends for this body (used by tests and the stand-in server)."""
    timestamp = str(json.loads(raw_body)["timestamp"])
    return "mac=" + mac(app_id, raw_body.decode("utf-8"), timestamp, oa_secret_key)


def verify(app_id: str, oa_secret_key: str, raw_body: bytes, header: str | None, *,
           now: float | None = None) -> bool:
    """False for a missing/malformed header, a body without timestamp, unset secrets, or an
    event whose signed timestamp is more than MAX_EVENT_AGE_SECONDS away from now (a captured
    event cannot be replayed later: the timestamp is part of what is signed)."""
    if not (app_id and oa_secret_key and header and header.startswith("mac=")):
        return False
    try:
        body_text = raw_body.decode("utf-8")
        timestamp = json.loads(body_text)["timestamp"]
        sent_at = int(str(timestamp)) / 1000
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return False
    if abs((time.time() if now is None else now) - sent_at) > MAX_EVENT_AGE_SECONDS:
        return False
    expected = mac(app_id, body_text, str(timestamp), oa_secret_key)
    return hmac.compare_digest(expected, header[len("mac="):].strip().lower())
