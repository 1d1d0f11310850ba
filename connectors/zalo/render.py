"""BotMessage list -> Zalo OA customer-service messages (text ≤ 2,000 chars, button template).

Buttons use the documented template attachment with "oa.query.show" buttons: a tap sends
the button's payload back as the citizen's text message, visible in the chat. So the
payload is the button's title (what the citizen sees they chose) and the real payload
(e.g. `/ask_fee{"procedure_code":"1.001193"}`) is remembered server-side per citizen.
"""
from __future__ import annotations

from connectors.message_text import message_text
from connectors.text_split import split_text
from core.schemas import BotMessage

TEXT_LIMIT = 2000
MAX_BUTTONS = 5             # per message
TITLE_LIMIT = 100           # characters of a button title
MORE_BUTTONS_TEXT = "Dạ, anh/chị có thể chọn thêm:"
BUTTONS_ONLY_TEXT = "Dạ, anh/chị chọn giúp em:"


def _title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def _with_buttons(text: str, titles: list[str]) -> dict:
    buttons = [{"title": t, "type": "oa.query.show", "payload": t} for t in titles]
    return {"text": text, "attachment": {"type": "template", "payload": {"buttons": buttons}}}


def render(messages: list[BotMessage], base_url: str = "") -> tuple[list[dict], dict[str, str]]:
    """Zalo `message` objects to send in order, and title -> payload of the buttons offered."""
    out: list[dict] = []
    offered: dict[str, str] = {}
    for message in messages:
        text = message_text(message, base_url)
        titles = []
        for button in message.buttons:
            title = _title(button.title)
            offered[title] = button.payload
            if title not in titles:
                titles.append(title)
        if not text and not titles:
            continue
        parts = split_text(text, TEXT_LIMIT) or [BUTTONS_ONLY_TEXT]
        out.extend({"text": part} for part in parts[:-1])
        if not titles:
            out.append({"text": parts[-1]})
            continue
        groups = [titles[i:i + MAX_BUTTONS] for i in range(0, len(titles), MAX_BUTTONS)]
        out.append(_with_buttons(parts[-1], groups[0]))
        out.extend(_with_buttons(MORE_BUTTONS_TEXT, group) for group in groups[1:])
    return out, offered
