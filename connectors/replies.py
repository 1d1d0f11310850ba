"""What the citizen reads from the channels themselves (not from the bot): short, polite Vietnamese."""
from __future__ import annotations

from core.schemas import BotMessage, Button

OFFICER_BUTTON = Button(title="Gặp cán bộ", payload="/request_human")
MENU_BUTTONS = [
    Button(title="Hỏi thủ tục", payload="Tôi muốn hỏi về thủ tục"),
    Button(title="Tra cứu hồ sơ", payload="/check_status"),
    OFFICER_BUTTON,
]
CAPABILITIES = ("hỏi thủ tục, giấy tờ, lệ phí; tạo tài khoản; điền tờ khai; tra cứu hồ sơ; "
                "hoặc nói chuyện với cán bộ")

_NON_TEXT = {
    "voice": "Dạ, em chưa nghe được tin nhắn thoại.",
    "sticker": "Dạ, em cảm ơn anh/chị ạ.",
    "photo": "Dạ, em chưa xem được ảnh.",
    "location": "Dạ, em đã nhận vị trí nhưng chưa dùng được thông tin này.",
    "file": "Dạ, em chưa đọc được tệp đính kèm.",
    "other": "Dạ, em chưa đọc được loại tin nhắn này.",
}


def non_text_reply(kind: str) -> BotMessage:
    """Voice, sticker, photo, location, file outside a handoff: say what the bot can do."""
    opening = _NON_TEXT.get(kind, _NON_TEXT["other"])
    return BotMessage(
        text=f"{opening} Anh/chị vui lòng gõ câu hỏi bằng chữ giúp em. Em có thể giúp: {CAPABILITIES}.",
        buttons=list(MENU_BUTTONS),
    )


def forwarded_to_officer(kind: str) -> BotMessage:
    what = "ảnh" if kind == "photo" else "tệp"
    return BotMessage(text=f"Dạ, em đã chuyển {what} của anh/chị cho cán bộ ạ.")


def not_forwardable_in_handoff(kind: str) -> BotMessage:
    return BotMessage(text="Dạ, cán bộ chỉ nhận được tin nhắn chữ, ảnh và tệp. "
                           "Anh/chị vui lòng gõ nội dung bằng chữ giúp em ạ.")


HELP = BotMessage(
    text=("Dạ, em là trợ lý dịch vụ công. Em có thể giúp: " + CAPABILITIES + ".\n"
          "Anh/chị cứ gõ câu hỏi, ví dụ: \"làm giấy khai sinh cần gì\".\n"
          "/human — gặp cán bộ\n/reset — bắt đầu lại cuộc trò chuyện\n/help — xem hướng dẫn này"),
    buttons=list(MENU_BUTTONS),
)
RESET_DONE = BotMessage(text="Dạ, em đã bắt đầu lại cuộc trò chuyện. Anh/chị cần hỏi gì ạ?",
                        buttons=list(MENU_BUTTONS))
BUSY = BotMessage(text="Dạ, hệ thống đang bận hoặc đang khởi động. Anh/chị gửi lại sau ít phút giúp em nhé.",
                  buttons=[OFFICER_BUTTON])
# Rasa is down: the message is kept in the inbox and answered when the bot is back
BUSY_QUEUED = BotMessage(text="Dạ, hệ thống đang bận. Em đã ghi lại tin nhắn và sẽ trả lời anh/chị ngay khi "
                              "hệ thống sẵn sàng, anh/chị không cần gửi lại ạ.", buttons=[OFFICER_BUTTON])
EXPIRED_BUTTON = BotMessage(text="Dạ, nút này đã cũ. Anh/chị gõ lại câu hỏi giúp em nhé.",
                            buttons=list(MENU_BUTTONS))
OFFICER_PREFIX = "Cán bộ: "
