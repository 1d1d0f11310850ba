"""Does a short message lean on the conversation before it ("Thế bà phải đóng bao nhiêu tiền?",
"Còn nếu nộp trực tuyến thì mấy ngày là xong?", "làm cái đó tốn nhiêu")?

Such a follow-up names no procedure of its own: the conversation's procedure answers it
(contract: "follow-ups that depend on context" carry no code). The words it keeps ("lương
hưu", "bản sao", "trực tuyến") still match some procedure weakly, so identify() asserts nothing
for it unless a procedure matches clearly.
"""
from __future__ import annotations

import re

from knowledge.search.text import fold, has_diacritics

# An opening that continues the conversation, after an optional "ừ / ok / dạ" ("Ừ, thế …").
# "thế chấp" is a mortgage, not "so".
_ACK = r"(?:(?:ừ|ờ|ok|oke|vâng|dạ|à)\W+)?"
_OPENER_ACCENTED = re.compile(_ACK + r"(?:thế|vậy|v|còn|rồi)(?!\w)(?! chấp)", re.IGNORECASE)
# Typed without diacritics, "the" is also "thẻ" and "con" a child: only with what usually follows
# them in a follow-up ("the thi", "the con", "con neu", "con le phi").
_FOLDED_ACK = r"(?:(?:u|o|ok|oke|vang|da|a)\W+)?"
_OPENER_FOLDED = re.compile(_FOLDED_ACK + r"(?:vay|v|roi|the (?:thi|con|lam|nop|phi|le phi|mat|tong)|"
                            r"con (?:neu|le phi|phi|tien|thoi gian))\b")
# "cái đó", "vụ đó", "việc này", "thủ tục ấy": the procedure of the conversation, by reference
# (not "giấy đó": folded it is also "giấy đỏ", a land certificate)
_REFERENCE = re.compile(r"\b(?:cai|vu|viec|thu tuc|ho so) (?:do|day|nay|no|ni|ay|kia)\b")
# a story stands on its own; only short messages are follow-ups
FOLLOW_UP_WORDS = 30


def refers_back(text: str) -> bool:
    """True for a short message that opens as a continuation or points back at "that one"."""
    stripped = text.strip()
    if not stripped or len(stripped.split()) >= FOLLOW_UP_WORDS:
        return False
    folded = fold(stripped)
    if has_diacritics(stripped):
        opens = _OPENER_ACCENTED.match(stripped.lower()) is not None
    else:
        opens = _OPENER_FOLDED.match(folded) is not None
    return opens or _REFERENCE.search(folded) is not None
