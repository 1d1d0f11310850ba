"""Telegram Update -> Envelope (private chats only)."""
from __future__ import annotations

from telegram import Message, Update

from connectors.envelope import Attachment, Envelope

CHANNEL = "telegram"
COMMANDS = frozenset({"start", "help", "human", "reset"})


def sender_id(chat_id: int) -> str:
    return f"{CHANNEL}:{chat_id}"


def chat_id_of(sender: str) -> int:
    return int(sender.split(":", 1)[1])


def _command(text: str) -> str | None:
    """"/start", "/help@SomeBot" -> "start", "help"; None for anything else."""
    if not text.startswith("/"):
        return None
    name = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
    return name if name in COMMANDS else None


def _attachments(message: Message) -> tuple[Attachment, ...]:
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width or 0) * (p.height or 0))
        return (Attachment("photo", file_id=largest.file_id, mime_type="image/jpeg"),)
    if message.voice or message.video_note:
        item = message.voice or message.video_note
        return (Attachment("voice", file_id=item.file_id, mime_type=getattr(item, "mime_type", None)),)
    if message.sticker:
        return (Attachment("sticker", file_id=message.sticker.file_id),)
    if message.location:
        return (Attachment("location", latitude=message.location.latitude, longitude=message.location.longitude),)
    for item in (message.document, message.audio, message.video, message.animation):
        if item is not None:
            return (Attachment("file", file_id=item.file_id, name=getattr(item, "file_name", None),
                               mime_type=getattr(item, "mime_type", None)),)
    if message.contact or message.poll or message.dice or message.venue:
        return (Attachment("other"),)
    return ()


def envelope_from_update(update: Update) -> Envelope | None:
    """None for updates the bot ignores (groups, channels, edits, service messages)."""
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message else None
        if chat is not None and chat.type != "private":
            return None
        chat_id = chat.id if chat is not None else query.from_user.id
        return Envelope(
            channel=CHANNEL, sender_id=sender_id(chat_id), platform_message_id=f"cb:{query.id}",
            payload=query.data or "", extra={"callback_query_id": query.id},
        )
    message = update.message
    if message is None or message.chat.type != "private":
        return None
    text = message.text or message.caption
    command = _command(message.text) if message.text else None
    attachments = _attachments(message)
    if not text and not attachments:
        return None
    return Envelope(
        channel=CHANNEL, sender_id=sender_id(message.chat.id),
        platform_message_id=f"m:{message.chat.id}:{message.message_id}",
        text=None if command else text, command=command, attachments=attachments,
        received_at=message.date,
    )
