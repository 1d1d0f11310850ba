"""Citizen-facing wording of the feedback loop (Vietnamese) and its button payloads."""
from __future__ import annotations

import json

FEEDBACK_COMMAND = "/feedback"
OFFER = "Câu trả lời này có giúp được anh/chị không ạ?"
THANKS_UP = "Dạ, em cảm ơn anh/chị đã đánh giá ạ."
ASK_COMMENT = ("Dạ, em xin lỗi vì chưa trả lời đúng. Anh/chị có thể gõ ngắn điều chưa đúng để cán bộ "
               "xem và sửa giúp em (không bắt buộc), hoặc bấm \"Bỏ qua\".")
THANKS_COMMENT = "Dạ, em đã ghi nhận góp ý của anh/chị, cán bộ sẽ xem lại. Anh/chị cứ hỏi tiếp nhé."
SKIPPED = "Dạ vâng. Anh/chị cứ hỏi tiếp nhé."
NOTHING_TO_RATE = "Dạ, chưa có câu trả lời nào để đánh giá ạ."


def payload(data: dict) -> str:
    return FEEDBACK_COMMAND + json.dumps(data, separators=(",", ":"))


UP_BUTTON = {"title": "Hữu ích", "payload": payload({"rating": "up"})}
DOWN_BUTTON = {"title": "Chưa đúng", "payload": payload({"rating": "down"})}
SKIP_BUTTON = {"title": "Bỏ qua", "payload": payload({"skip": True})}
OFFER_BUTTONS = [UP_BUTTON, DOWN_BUTTON]


def parse(text: str) -> dict | None:
    """The data of a feedback button payload, or None when the text is not one."""
    text = text.strip()
    if not text.startswith(FEEDBACK_COMMAND):
        return None
    rest = text[len(FEEDBACK_COMMAND):].strip()
    if not rest:
        return {}
    try:
        data = json.loads(rest)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
