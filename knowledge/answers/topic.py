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
đăng ký kí
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


TOPIC_PLACEHOLDER = "x"


def question_frame(text: str) -> str:
    """The message with each run of topic words replaced by one placeholder: what is asked, apart
    from what it is asked about ("Bao lâu thì Sở Tư pháp cấp chứng chỉ hành nghề?" -> "Bao lâu
    thì x"). The procedure's words say little about the intent, yet a long name outweighs the
    question words around it. Without diacritics more words look like fillers ("ho" may be "hở"),
    so an unaccented frame keeps a few topic words; training reads frames the same way."""
    out: list[str] = []
    for word in _WORD_RE.findall(text):
        if word.isdigit() or not _is_filler(word):
            if not out or out[-1] != TOPIC_PLACEHOLDER:
                out.append(TOPIC_PLACEHOLDER)
        else:
            out.append(word)
    return " ".join(out)


def names_a_procedure(text: str) -> bool:
    return bool(topic_words(text))


# Greeting, thanks and politeness words: a clause made only of these (and the filler words
# above) carries no question ("Cảm ơn ad đã trả lời", "Hi bot", "Cháu ơi").
_SOCIAL_VI = set("""
chào hi hello helo alo cảm cám ơn thanks thank tks you bot tiện đã trả lời nhiều lắm quá
hôm nay thưa kính gửi mọi người
""".split())
_SOCIAL_FOLDED = {fold(w) for w in _SOCIAL_VI}
_CLAUSE_RE = re.compile(r"[^,.!?;…\n]+[,.!?;…\n]*")


def _is_social(word: str) -> bool:
    lower = unicodedata.normalize("NFC", word.lower())
    if has_diacritics(lower):
        return lower in _SOCIAL_VI or _is_filler(word)
    return fold(lower) in _SOCIAL_FOLDED or _is_filler(word)


def without_social_clauses(text: str) -> str:
    """The message without its clauses that only greet, thank or address someone ("Chào em,
    làm hộ chiếu ở đâu" -> "làm hộ chiếu ở đâu"); the whole message if nothing else is left."""
    kept = [clause for clause in _CLAUSE_RE.findall(text)
            if any(not _is_social(w) for w in _WORD_RE.findall(clause) if not w.isdigit())]
    stripped = "".join(kept).strip(" ,;")
    return stripped or text


# How elderly and regional writers address the assistant and themselves, and the particles
# around it ("Dạ cháu cho bác hỏi, cái sổ hồng nhà bác … hả cháu?"): they say nothing about a
# procedure and, in a long polite message, drown the words that do. Dropped from the searched
# text only when written with diacritics (folded, "bac" may be "bắc", "cai" may be "cải").
_ADDRESS_VI = set("""
dạ ạ nhỉ hả hở nhé nhen nghen ơi cháu bác cưng thằng cái dzậy zậy hông hổng luôn giùm
""".split())


def without_address_words(text: str) -> str:
    """The message without address words and particles written with diacritics ("Cháu ơi, bác
    muốn … hả cháu?" -> "muốn …?"); the whole message when nothing else would be left."""
    words = re.split(r"(\w+)", text)
    kept = [w for w in words if unicodedata.normalize("NFC", w.lower()) not in _ADDRESS_VI]
    stripped = re.sub(r"\s+([,.!?;…])", r"\1", re.sub(r"\s+", " ", "".join(kept))).strip(" ,;")
    stripped = re.sub(r"^[,.!?;…\s]+", "", stripped)
    return stripped if topic_words(stripped) else text


# A căn cước or CMND number with its name ("số căn cước 0380…", "cccd: 0790…") identifies a
# person; in a status, payment or account message it names no procedure, yet "căn cước" would
# match the card's own procedures. Matched folded (fold keeps the length of NFC text). After an
# action ("cấp lại CCCD 0380…", "làm lại căn cước số 0380…") the card is the procedure: only the
# number goes.
_ID_NUMBER = r"(?:\d[ .-]?){8,11}\d(?!\d)"
_IDENTIFIER_RE = re.compile(
    r"(?:(?<!\bho )\bso\s+)?\b(?P<card>can cuoc(?:\s+cong dan)?|cccd|cmnd|cmt|chung minh(?:\s+nhan dan|\s+thu)?|"
    r"dinh danh)(?:\s+(?:cua\s+)?(?:toi|em|minh|tui|ba ay|ong ay|anh ay|chi ay|(?:vo|chong|me|bo|con|ba|ma) toi))?"
    rf"\s*(?:(?:so|la)\s*)?[:.]?\s*(?P<number>{_ID_NUMBER})")
_ACTION_BEFORE = re.compile(r"\b(?:cap|doi|lai|lam|gia han|moi|thay)\s*$")


def without_identifiers(text: str) -> str:
    """The message without identity numbers and the card names that introduce them."""
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    if len(folded) != len(text):
        return text
    kept, start = [], 0
    for match in _IDENTIFIER_RE.finditer(folded):
        named = _ACTION_BEFORE.search(folded[:match.start()]) is not None
        kept.append(text[start:match.end("card") if named else match.start()])
        start = match.end()
    kept.append(text[start:])
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", "".join(kept))).strip(" ,.;:")
