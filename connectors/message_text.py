"""A BotMessage's text with its link and document as plain lines (platforms make URLs clickable)."""
from __future__ import annotations

from core.schemas import BotMessage


def absolute(url: str, base_url: str) -> str:
    """Relative app URLs (e.g. a generated PDF) need the public origin outside the web chat."""
    if url.startswith("/") and base_url:
        return base_url.rstrip("/") + url
    return url


def message_text(message: BotMessage, base_url: str = "") -> str:
    lines = [message.text.strip()] if message.text and message.text.strip() else []
    if message.link:
        lines.append(absolute(message.link, base_url))
    if message.attachment:
        lines.append("Tệp đính kèm: " + absolute(message.attachment, base_url))
    return "\n".join(lines)
