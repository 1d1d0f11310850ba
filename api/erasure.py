""""Xóa dữ liệu của tôi": a citizen erases everything the product keeps about their conversation.

Handled by the conversation router before Rasa (like "gặp cán bộ" it is a right, not a
question): the bot asks once for confirmation with two buttons, then erases the app's rows
(domain.retention.erase_sender) and Rasa's tracker (core.rasa_tracker) and says so.
"""
from __future__ import annotations

import re

from core import rasa_tracker
from core.db import Database
from core.settings import Settings
from core.text.normalize import fold
from domain import retention

CONFIRM, CANCEL = "/erase_my_data", "/erase_my_data_cancel"
# "xóa (hết/toàn bộ/tất cả) dữ liệu (của tôi)", "xoá hết thông tin của tôi", "xóa lịch sử trò chuyện"
_REQUEST = re.compile(
    r"\b(xoa|huy)\s+(het\s+|toan\s+bo\s+|tat\s+ca\s+|sach\s+)?(du\s+lieu|lich\s+su(\s+tro\s+chuyen|\s+chat)?)\b"
    r"|\b(xoa|huy)\s+(het|toan\s+bo|tat\s+ca)\s+(thong\s+tin|tin\s+nhan)\b"
)
ASK = ("Dạ, anh/chị muốn xóa toàn bộ dữ liệu của cuộc trò chuyện này (tin nhắn, tờ khai đang điền, "
       "thông tin đã lưu)? Sau khi xóa, em không khôi phục lại được ạ.")
DONE = ("Dạ, em đã xóa toàn bộ dữ liệu của cuộc trò chuyện này. Khi cần, anh/chị cứ nhắn lại từ đầu "
        "nhé.")
KEPT = "Dạ, em giữ nguyên dữ liệu. Anh/chị cần giúp gì tiếp ạ?"
BUTTONS = [{"title": "Xóa hết", "payload": CONFIRM}, {"title": "Không xóa", "payload": CANCEL}]


def asks_to_erase(text: str) -> bool:
    return bool(_REQUEST.search(" ".join(fold(text).split())))


def erase_everything(db: Database, settings: Settings, sender_id: str) -> dict[str, int]:
    with db.session() as session:
        counts = retention.erase_sender(session, sender_id)
    counts["rasa_events"] = rasa_tracker.erase_conversation(settings, sender_id)
    return counts
