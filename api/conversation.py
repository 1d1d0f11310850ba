"""The conversation router: one entry point for every channel.

It decides who owns the conversation before Rasa is called (the bot for now; the
officer handoff adds the queue and officer owners), then turns Rasa's replies into
channel-neutral messages.
"""
from __future__ import annotations

import logging
from typing import Any

from api.rasa_client import RasaClient
from api.schemas import BotMessage, Button

log = logging.getLogger(__name__)

TOO_LONG_REPLY = (
    "Dạ, tin nhắn dài quá em chưa đọc hết được. Anh/chị viết ngắn lại giúp em, "
    "mỗi lần một câu hỏi nhé."
)
EMPTY_REPLY = "Dạ, em chưa nhận được nội dung. Anh/chị gõ câu hỏi giúp em nhé."


def to_messages(replies: list[dict[str, Any]]) -> list[BotMessage]:
    """Rasa REST replies -> channel-neutral messages (text, buttons, link, attachment)."""
    messages: list[BotMessage] = []
    for reply in replies:
        custom = reply.get("custom") or {}
        buttons = [
            Button(title=b.get("title", ""), payload=b.get("payload", b.get("title", "")))
            for b in reply.get("buttons") or []
        ]
        message = BotMessage(
            text=reply.get("text") or custom.get("text"),
            buttons=buttons,
            link=custom.get("link"),
            attachment=reply.get("attachment") or custom.get("attachment") or reply.get("image"),
        )
        if message.text or message.buttons or message.attachment or message.link:
            messages.append(message)
    return messages


class ConversationRouter:
    def __init__(self, rasa: RasaClient, max_chars: int) -> None:
        self._rasa = rasa
        self._max_chars = max_chars

    async def handle(self, sender_id: str, text: str, channel: str = "web") -> list[BotMessage]:
        if not text.strip():
            return [BotMessage(text=EMPTY_REPLY)]
        if len(text) > self._max_chars:
            return [BotMessage(text=TOO_LONG_REPLY)]
        replies = await self._rasa.send(sender_id, text, metadata={"channel": channel})
        return to_messages(replies)
