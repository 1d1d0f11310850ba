"""HANDOFF HOOK: what the channels need from the officer handoff.

Two questions: who owns a conversation now (the bot, the queue, an officer), and where a
photo or file a citizen sends during a handoff goes. The answers come from the handoff
concern (domain.handoff.service.owner_of and its message log) when it is installed; without
it every conversation belongs to the bot and attachments are only kept in
channel_attachments. Swap the implementation here if the router grows its own API.
"""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from connectors import store
from connectors.envelope import Attachment, Envelope
from core.db import Database

log = logging.getLogger(__name__)
HANDOFF_OWNERS = ("queued", "officer")
_KIND_VI = {"photo": "Ảnh", "file": "Tệp"}


def _handoff_service():
    try:
        from domain.handoff import service
    except ImportError:  # the handoff concern is not installed
        return None
    return service


class HandoffHook:
    def __init__(self, db: Database, public_base_url: str = "") -> None:
        self._db = db
        self._base = public_base_url.rstrip("/")

    def owner(self, sender_id: str) -> str:
        """bot | queued | officer (blocking: call from a worker thread)."""
        service = _handoff_service()
        if service is None:
            return "bot"
        with self._db.session() as session:
            return service.owner_of(session, sender_id)

    def in_handoff(self, sender_id: str) -> bool:
        return self.owner(sender_id) in HANDOFF_OWNERS

    def deliver_attachment(self, envelope: Envelope, attachment: Attachment) -> None:
        """Keep the file for the officer and show it in the conversation the officer reads."""
        with self._db.session() as session:
            row = store.save_attachment(session, envelope, attachment)
            self._log_for_officer(session, envelope, attachment, row.download_key)

    def link_for(self, envelope: Envelope, attachment: Attachment, download_key: str) -> str:
        """The platform's own URL when it gives one (Zalo), else the app's download route
        (Telegram: /telegram/files/<key> fetches the file with the bot token)."""
        return attachment.url or f"{self._base}/{envelope.channel}/files/{download_key}"

    def _log_for_officer(self, session: Session, envelope: Envelope, attachment: Attachment, key: str) -> None:
        service = _handoff_service()
        if service is None:
            return
        from domain.handoff.messages import log_message

        conversation = service.get_or_create(session, envelope.sender_id, envelope.channel)
        label = _KIND_VI.get(attachment.kind, "Tệp")
        name = f" {attachment.name}" if attachment.name else ""
        caption = f"\n{envelope.text}" if envelope.text else ""
        text = f"[{label}{name}] {self.link_for(envelope, attachment, key)}{caption}"
        log_message(session, conversation, direction="in", author="citizen", text=text)
