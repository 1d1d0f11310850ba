"""Who may read a draft: its owner (a link signed for their conversation) or an officer.

The chat gives the citizen a link carrying `t`, an HMAC of the draft code and the owner's
sender id, so a guessed code or a known Telegram chat id is not enough. The key is
DRAFTS_LINK_SECRET, or a random key kept in var/drafts_link.key when it is not set.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from api.settings import ROOT, Settings

_KEY_FILE = ROOT / "var" / "drafts_link.key"


def _key(settings: Settings, key_file: Path = _KEY_FILE) -> bytes:
    configured = settings.drafts_link_secret.get_secret_value()
    if configured:
        return configured.encode()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(key_file, "x", encoding="ascii") as stream:  # first process wins, others read it
                stream.write(secrets.token_hex(32))
            key_file.chmod(0o600)
        except FileExistsError:
            pass
    return key_file.read_text(encoding="ascii").strip().encode()


def link_token(settings: Settings, code: str, sender_id: str) -> str:
    return hmac.new(_key(settings), f"{code}:{sender_id}".encode(), hashlib.sha256).hexdigest()[:32]


def owner_may_read(settings: Settings, code: str, sender_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(link_token(settings, code, sender_id), token)


def pdf_path(settings: Settings, code: str, sender_id: str) -> str:
    """Relative link (channels make it absolute with PUBLIC_BASE_URL)."""
    return f"/api/v1/drafts/{code}/pdf?t={link_token(settings, code, sender_id)}"
