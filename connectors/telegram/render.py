"""BotMessage list -> Telegram sendMessage calls (text ≤ 4,096 chars, inline keyboards)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from connectors.message_text import message_text
from connectors.text_split import split_text
from core.schemas import BotMessage

TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64          # bytes
BUTTON_TITLE_LIMIT = 64           # longer titles are cut on narrow phones anyway
BUTTONS_ONLY_TEXT = "Dạ, anh/chị chọn giúp em:"


@dataclass(frozen=True)
class TelegramReply:
    text: str
    reply_markup: InlineKeyboardMarkup | None = None


def _title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= BUTTON_TITLE_LIMIT else title[: BUTTON_TITLE_LIMIT - 1] + "…"


def keyboard(message: BotMessage, callback_data: Callable[[str], str]) -> InlineKeyboardMarkup | None:
    """One button per row: titles stay readable on a phone."""
    if not message.buttons:
        return None
    rows = [[InlineKeyboardButton(_title(b.title), callback_data=callback_data(b.payload))]
            for b in message.buttons]
    return InlineKeyboardMarkup(rows)


def render(messages: list[BotMessage], callback_data: Callable[[str], str], base_url: str = "") -> list[TelegramReply]:
    """`callback_data(payload)` returns the payload or a short id when it exceeds 64 bytes."""
    out: list[TelegramReply] = []
    for message in messages:
        text = message_text(message, base_url)
        markup = keyboard(message, callback_data)
        if not text and markup is None:
            continue
        parts = split_text(text, TEXT_LIMIT) or [BUTTONS_ONLY_TEXT]
        out.extend(TelegramReply(part) for part in parts[:-1])
        out.append(TelegramReply(parts[-1], markup))   # the keyboard goes under the last part
    return out
