"""The channel-neutral inbound message every connector produces."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

AttachmentKind = Literal["voice", "sticker", "photo", "location", "file", "other"]
# kinds an officer can use during a handoff (the rest only gets a polite explanation)
FORWARDABLE_KINDS: frozenset[str] = frozenset({"photo", "file"})


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    file_id: str | None = None        # platform file id (Telegram file_id) to fetch it later
    url: str | None = None            # direct URL when the platform gives one (Zalo)
    name: str | None = None
    mime_type: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Envelope:
    channel: str                      # telegram | zalo | web
    sender_id: str                    # conversation id: "telegram:<chat_id>", "zalo:<user_id>", "web-…"
    platform_message_id: str          # idempotency key within the channel
    text: str | None = None           # what the citizen typed (or a caption)
    payload: str | None = None        # a button's payload, sent to the router instead of text
    command: str | None = None        # channel command without "/", e.g. start, help, human, reset
    attachments: tuple[Attachment, ...] = ()
    received_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    # platform details a connector needs later (e.g. the callback query to answer)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def router_text(self) -> str | None:
        """The text the conversation router gets: a button payload wins over typed text."""
        return self.payload if self.payload is not None else self.text
