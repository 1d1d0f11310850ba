"""Does a message name a procedure, or only ask about an aspect of the current one?

"thế lệ phí bao nhiêu?" or "nộp ở đâu?" carry no procedure: the conversation's
procedure is kept. The check removes question, aspect and filler words and looks at
what is left. Words written with diacritics are compared with diacritics ("căn" is
not "cần", "đỏ" is not "đó"); words written without them are compared folded.
"""
from __future__ import annotations

import re
import unicodedata

from core.text.normalize import fold, has_diacritics, normalize_word

_NON_TOPIC_VI = set("""
thế thì còn vậy à ạ nhé nha nhỉ ơi em anh chị bác cô chú cậu bạn admin ad tôi mình tui cho hỏi xin
về của và với hay hoặc nào gì sao như này đó kia đây nữa rồi chưa không được là làm đi
bao nhiêu tiền lệ phí mất tốn hết giá chi trả nộp ở đâu nơi tới đến phường xã
cần giấy tờ hồ sơ gồm những mang theo chuẩn bị thành phần
lâu giờ ngày tháng mấy khi lúc thời gian xong có kết quả nhanh chậm
online trực tuyến mạng internet qua trên cổng dịch vụ công điện thoại app ứng dụng toàn trình
thủ tục cách bước quy trình hướng dẫn muốn biết thêm xem tiếp theo thông tin chi tiết cụ thể giúp
ok ừ vâng dạ
hả hở hử há hen nghen nhen hông hổng dzậy zậy vầy mần luôn phải đc cháu bà ông cụ mẹ ba má út
""".split())
_NON_TOPIC_FOLDED = {fold(w) for w in _NON_TOPIC_VI}
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def _is_filler(word: str) -> bool:
    lower = unicodedata.normalize("NFC", word.lower())
    if has_diacritics(lower):
        return lower in _NON_TOPIC_VI
    expanded = normalize_word(lower).split()  # teencode: "bn" -> "bao nhieu"
    return fold(lower) in _NON_TOPIC_FOLDED or all(w in _NON_TOPIC_FOLDED for w in expanded)


def topic_words(text: str) -> list[str]:
    """Words of `text` that could name a procedure (folded)."""
    return [fold(w) for w in _WORD_RE.findall(text) if not w.isdigit() and not _is_filler(w)]


def names_a_procedure(text: str) -> bool:
    return bool(topic_words(text))
