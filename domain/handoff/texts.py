"""What the citizen reads about the handoff (short, polite, always a way forward)."""
from __future__ import annotations

CANCEL_PAYLOAD = "/handoff_cancel"       # handled by the conversation router, never sent to Rasa
REQUEST_PAYLOAD = "/request_human"

BACK_TO_BOT_BUTTON = {"title": "Thôi, hỏi tiếp trợ lý ảo", "payload": CANCEL_PAYLOAD}
OFFICER_BUTTON = {"title": "Gặp cán bộ", "payload": REQUEST_PAYLOAD}
NO_THANKS_BUTTON = {"title": "Không, em hỏi lại", "payload": "/deny"}


def queued(position: int) -> str:
    if position <= 1:
        return ("Dạ, em đã chuyển anh/chị sang cán bộ. Anh/chị là người tiếp theo, "
                "cán bộ sẽ trả lời ngay ạ.")
    return (f"Dạ, em đã chuyển anh/chị sang cán bộ. Anh/chị đang ở vị trí số {position} "
            "trong hàng chờ, anh/chị vui lòng chờ một chút ạ.")


def still_queued(position: int) -> str:
    return f"Dạ, anh/chị đang ở vị trí số {position} trong hàng chờ. Cán bộ sẽ trả lời ngay khi đến lượt ạ."


ACKNOWLEDGE = "Dạ, cán bộ sẽ trả lời anh/chị ngay ạ."
ALREADY_WITH_OFFICER = "Dạ, anh/chị đang trò chuyện với cán bộ, anh/chị cứ nhắn tiếp ạ."


def outside_hours(hours: str) -> str:
    return (f"Dạ, hiện đã ngoài giờ làm việc của cán bộ ({hours}). Anh/chị nhắn nội dung cần hỏi "
            "kèm số điện thoại, cán bộ sẽ gọi lại trong giờ làm việc ạ.")


ASK_CALLBACK_PHONE = "Dạ, em đã ghi lại lời nhắn. Anh/chị cho em xin số điện thoại để cán bộ gọi lại ạ."


def callback_left(phone: str) -> str:
    return (f"Dạ, em đã ghi lại lời nhắn. Cán bộ sẽ gọi lại số {phone} trong giờ làm việc ạ. "
            "Trong lúc chờ, anh/chị vẫn có thể hỏi em.")


# after two turns the bot could not help with (not understood, or outside public services)
OFFER_AFTER_FAILURES = ("Dạ, em xin lỗi vì chưa giúp được anh/chị việc này. Anh/chị có muốn nói chuyện "
                        "với cán bộ không ạ?")


def taken_over(officer_name: str) -> str:
    return f"Dạ, cán bộ {officer_name} đã tiếp nhận. Anh/chị nhắn trực tiếp với cán bộ ạ."


RESUMED = "Dạ, em là trợ lý ảo, em tiếp tục hỗ trợ anh/chị ạ."
RESUMED_FORM = "Mình làm tiếp phần đang dở nhé:"
CANCELLED = "Dạ, em tiếp tục hỗ trợ anh/chị ạ. Khi cần, anh/chị bấm \"Gặp cán bộ\" nhé."
CLOSED = ("Dạ, cán bộ đã kết thúc cuộc trò chuyện. Cảm ơn anh/chị. "
          "Khi cần, anh/chị cứ nhắn em nhé.")
OFFICER_LEFT = ("Dạ, cán bộ vừa bị mất kết nối. Anh/chị vui lòng chờ, "
                "cán bộ khác sẽ tiếp nhận ngay ạ.")
