"""Does a short message lean on the conversation before it ("Thế bà phải đóng bao nhiêu tiền?",
"Còn nếu nộp trực tuyến thì mấy ngày là xong?", "làm cái đó tốn nhiêu")?

Such a follow-up names no procedure of its own: the conversation's procedure answers it
(contract: "follow-ups that depend on context" carry no code). The words it keeps ("lương
hưu", "bản sao", "trực tuyến") still match some procedure weakly, so identify() asserts nothing
for it unless a procedure matches clearly.
"""
from __future__ import annotations

import re
import unicodedata

from knowledge.answers.topic import topic_words
from knowledge.search.text import fold, has_diacritics, lowered

# An opening that continues the conversation, after an optional "ừ / ok / dạ" ("Ừ, thế …").
# "thế chấp" is a mortgage, not "so".
_ACK = r"(?:(?:ừ|ờ|ok|oke|vâng|dạ|à)\W+)?"
_OPENER_ACCENTED = re.compile(_ACK + r"(?:thế|vậy|v|còn|rồi)(?!\w)(?! chấp)")
# Typed without diacritics, "the" is also "thẻ" and "con" a child: only with what usually follows
# them in a follow-up ("the thi", "the con", "con neu", "con le phi").
_FOLDED_ACK = r"(?:(?:u|o|ok|oke|vang|da|a)\W+)?"
_OPENER_FOLDED = re.compile(_FOLDED_ACK + r"(?:vay|v|roi|the (?:thi|con|lam|nop|phi|le phi|mat|tong)|"
                            r"con (?:neu|le phi|phi|tien|thoi gian))\b")
# "cái đó", "vụ đó", "việc này", "thủ tục ấy": the procedure of the conversation, by reference.
# Matched with diacritics when the message has them; typed without, "ho so do" is also "hồ sơ đo
# (đạc)" and "viec day" "việc dạy", so the word after must not continue such a phrase.
_THING = r"(?:cái|vụ|việc|thủ tục|hồ sơ)"
_REFERENCE_ACCENTED = re.compile(rf"(?<!\w){_THING} (?:đó|đấy|này|nớ|ni|ấy|kia)(?!\w)")
_REFERENCE_FOLDED = re.compile(r"\b(?:cai|vu|viec|thu tuc|ho so) (?:do|day|nay|no|ni|ay|kia)\b"
                               r"(?! (?:du|dac|them|hoc|dan)\b)")
# "cho tôi hỏi cái này", "e hỏi vụ này": the question comes after, it refers to nothing before
_ASKING = re.compile(r"\bhoi(?: \w+)?$")
# a story stands on its own; only short messages are follow-ups
FOLLOW_UP_WORDS = 30


def refers_back(text: str) -> bool:
    """True for a short message that opens as a continuation, or that points back at "that
    one" before saying anything that could name a procedure itself."""
    stripped = unicodedata.normalize("NFC", text).strip()
    if not stripped or len(stripped.split()) >= FOLLOW_UP_WORDS:
        return False
    accented = has_diacritics(stripped)
    # with diacritics, read as typed (tones normalised); without, folded
    searched = lowered(stripped) if accented else fold(stripped)
    opener, reference = (_OPENER_ACCENTED, _REFERENCE_ACCENTED) if accented else (_OPENER_FOLDED, _REFERENCE_FOLDED)
    if opener.match(searched):
        return True
    for match in reference.finditer(searched):
        before = searched[:match.start()]
        if not topic_words(before) and not _ASKING.search(fold(before).strip()):
            return True
    return False
