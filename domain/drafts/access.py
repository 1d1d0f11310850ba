"""Who may read a draft: its owner (a link signed for their conversation) or an officer.

The chat gives the citizen a link carrying `t`, an HMAC of the draft code and the owner's
sender id, so a guessed code or a known Telegram chat id is not enough. The key is
DRAFTS_LINK_SECRET, or a random key kept in var/drafts_link.key when it is not set.
"""
from __future__ import annotations

import hashlib
import hmac

from core.local_secrets import configured_or_local
from core.settings import Settings


def _key(settings: Settings) -> bytes:
    return configured_or_local(settings.drafts_link_secret.get_secret_value(), "drafts_link").encode()


def link_token(settings: Settings, code: str, sender_id: str) -> str:
    return hmac.new(_key(settings), f"{code}:{sender_id}".encode(), hashlib.sha256).hexdigest()[:32]


def owner_may_read(settings: Settings, code: str, sender_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(link_token(settings, code, sender_id), token)


def pdf_path(settings: Settings, code: str, sender_id: str) -> str:
    """Relative link (channels make it absolute with PUBLIC_BASE_URL)."""
    return f"/api/v1/drafts/{code}/pdf?t={link_token(settings, code, sender_id)}"
