"""Fixed Vietnamese phrasing and small plain-language helpers for answers."""
from __future__ import annotations

import re

DOCUMENTS_HEAD = "Anh/chị cần chuẩn bị các giấy tờ sau:"
NO_DOCUMENT_LIST = "Danh mục chưa ghi rõ giấy tờ cần nộp. Anh/chị nên hỏi cán bộ nơi nộp hồ sơ."
NO_FEE_INFO = "Danh mục chưa ghi mức phí, lệ phí của thủ tục này."
FEE_BY_PROVINCE = (
    "Lệ phí do từng tỉnh, thành phố quy định, nên mỗi nơi một khác. "
    "Anh/chị hỏi nơi nộp hồ sơ hoặc xem trên Cổng Dịch vụ công của tỉnh để biết số tiền chính xác."
)
NO_TIME_INFO = "Danh mục chưa ghi thời gian giải quyết của thủ tục này."
NO_PLACE_INFO = "Danh mục chưa ghi rõ nơi nhận hồ sơ. Anh/chị nên hỏi Ủy ban nhân dân xã, phường nơi mình ở."
NOT_ONLINE = "Thủ tục này chưa làm trực tuyến được. Anh/chị cần nộp trực tiếp hoặc qua bưu điện."
ONLINE_UNKNOWN = "Danh mục chưa ghi rõ thủ tục này có nộp trực tuyến được không."
ONLINE_YES = "Thủ tục này nộp trực tuyến được trên Cổng Dịch vụ công ({portal}), đăng nhập bằng tài khoản VNeID."
FULL_ONLINE = "Đây là dịch vụ công trực tuyến toàn trình: làm hết trên mạng, không phải đến nộp giấy tờ."
PARTLY_ONLINE = "Đây là dịch vụ trực tuyến một phần: nộp trên mạng, nhưng vẫn phải đến nộp bản gốc hoặc nhận kết quả."
NO_STEPS = "Danh mục chưa ghi các bước thực hiện. Anh/chị nên hỏi cán bộ nơi nộp hồ sơ."

_LEVELS = {
    "cấp xã": "Thủ tục này làm ở cấp xã, phường (Ủy ban nhân dân hoặc Trung tâm phục vụ hành chính công xã, phường).",
    "cấp tỉnh": "Thủ tục này làm ở cấp tỉnh, thành phố.",
    "cấp bộ": "Thủ tục này do cơ quan cấp Bộ (trung ương) giải quyết.",
}


def shorten(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text or "").strip(" -;:.")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def describe_fee(method: dict) -> str:
    amount = method.get("fee_amount")
    text = (method.get("fee") or "").strip()
    if amount == 0 or re.search(r"miễn|không (thu|mất)", text, re.IGNORECASE):
        return "miễn phí"
    if amount:
        return _money(int(amount))
    return shorten(text, 200) or "chưa ghi rõ"


def describe_time(method: dict) -> str:
    days = method.get("processing_days")
    text = shorten(method.get("processing_time") or "", 200)
    if days is not None and not re.search(r"\d", text):
        return f"{days:g} ngày"
    return text or "chưa ghi rõ"


def describe_level(level: str | None) -> str:
    if not level:
        return ""
    lowered = level.lower()
    for key, sentence in _LEVELS.items():
        if key in lowered:
            return sentence
    return f"Cấp thực hiện: {level}."
