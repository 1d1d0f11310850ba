"""Find the question in a long message.

Citizens often tell a story first and ask at the end ("Tôi đóng BHXH 12 năm, nay nghỉ việc
... Xin hỏi tôi có được rút một lần không?"). The intent is the question's, so the NLU
classifies the question sentence; the whole story stays available as context for the
procedure search. Short messages are returned whole.

The focus is the last sentence that is asked (ends with "?" or carries question words or a
request to the assistant: "cháu làm giúp bác với"),
joined with the sentence before it when that one is short ("Cho tôi hỏi. Thủ tục gì?",
"Tôi được trả lời là không được hưởng. Xin hỏi, điều này có đúng không?").
"""
from __future__ import annotations

import re

from core.text.normalize import fold

# a message shorter than this is read whole
LONG_MESSAGE_WORDS = 30
# sentences end at . ! ? ; … or a line break; punctuation followed by a non-space character
# is inside a word (1.5, TP.HCM, receipt codes such as 000.00.31.H40-250509-0012)
_SENTENCE_RE = re.compile(r"(?:[^.!?;…\n]|[.!?;…](?=[^\s.!?;…]))+(?:[.!?;…]+|\n|$)|[.!?;…]+")
# question words and asking formulas, folded (diacritics removed); folding merges words, so a
# formula must not be a common phrase too: "cho tôi" alone is also "đưa cho tôi", "làm thế" also
# "làm thẻ" (both made a complaint's background sentence its "question")
_QUESTION_MARKERS = re.compile(
    r"\b(xin hoi|cho (?:toi|em|e|minh|mk|mik|chau|tui|t|bac|con|anh|chi|ong|ba|co|chu) (?:duoc )?(?:hoi|xin|biet)|"
    r"cho (?:toi|em|minh|tui|bac|chau) (?:thu tuc|thong tin)|cho hoi|hoi (?:ve|la)|vui long|de nghi|"
    r"kinh mong|mong duoc|lam (?:sao|gi)|the nao|nhu the nao|ra sao|bao nhieu|bao lau|(?<!chua )(?<!khong )(?<!chang )(?<!cha )(?<!ko )(?<!k )(?<!hong )(?<!he )bao gio|khi nao|luc nao|o dau|"
    r"cho nao|noi nao|co quan nao|nhung gi|gi khong|nao khong|duoc khong|hay khong|co phai|phai khong|"
    r"khong a|chua a|gi a|tai sao|vi sao|sao lai|(?<!doc )(?<!theo )huong dan|giai dap|tu van|can gi|the nao a|nhu nao|"
    r"duoc huong|co duoc|co the|phai lam|(?:muon|can) biet|"
    # requests: a story often ends with what the citizen asks the assistant to do
    r"(?:lam|dien|khai|nop|xem|tra|coi) (?:giup|gium|dum)|giup (?:toi|em|minh|bac|ba|ong|tui|chi|anh|co|chu)|"
    # or to speak to a person
    # (a request verb first: a story also tells "tôi đã lên gặp cán bộ xã", "đã nói mấy lần")
    r"(?:muon|xin|can|cho (?:toi|em|minh|tui|bac|chau)) (?:duoc )?(?:gap|noi chuyen voi) (?:truc tiep )?(?:mot )?"
    r"(?:can bo|nguoi that|nhan vien|tong dai vien|lanh dao)|noi may (?:cho|voi|giup|gium|dum)|"
    # "có ai là người thật thì vào nói chuyện với tôi", not a told "cán bộ ra nói chuyện với tôi"
    # ("chưa / chẳng / ko bao giờ" is no "bao giờ" question)
    r"(?:thi|hay|xin|lam on|vui long) (?:vao|ra) noi chuyen voi (?:toi|em|minh|tui|bac)|"
    r"(?:lam on|hay|vui long|xin) chuyen (?:may|cho (?:toi|em|minh|tui|bac))|"
    r"(?:hay|vui long|lam on|xin|nho(?: \w+){0,2}) goi lai cho (?:toi|em|minh|tui|bac))\b"
)
# What a citizen asks about a procedure's papers, fee, time, place or online use. When a story
# asks several things ("… cần giấy tờ gì? Tôi có phải đưa các con đi cùng không?"), that
# question is the one to answer, and the yes/no questions after it are details of it.
_PROPERTY_MARKERS = re.compile(
    r"\b(giay to|giay gi|ho so (?:gom|gi|nhu)|can (?:mang|chuan bi|nop)|thanh phan ho so|bao lau|"
    r"thoi gian giai quyet|bao nhieu tien|le phi|chi phi|(?:phi|thue) .*bao nhieu|o dau|co quan nao|"
    r"noi nao|cho nao|truc tuyen|online|qua mang)\b")
# A later question that is not a detail of the property question: it asks why, who or what to do,
# or it is about a dossier's status, a payment, an account or a person ("… cần giấy tờ gì? … Sao đến
# nay quá hẹn mà chưa có kết quả?")
_OWN_QUESTION = re.compile(
    r"\b(sao|tai sao|vi sao|lam gi|ai|chua co ket qua|qua hen|da nop|tru tien|thanh toan|tai khoan|"
    r"gap can bo|nguoi that|noi chuyen|mat tien)\b")
# a question this short leans on the sentence before it ("Xin hỏi, điều này có đúng không?"):
# 10 words measured better than 5 on the long messages of both realistic and real dev sets
SHORT_SENTENCE_WORDS = 10


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence, in order, stripped of surrounding spaces."""
    spans = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and re.search(r"\w", text[start:end]):
            spans.append((start, end))
    return spans


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_MARKERS.search(fold(sentence.lower())))


def _answered_question(said: list[str], asked: list[int]) -> int:
    """Which asked sentence to classify: the last one, unless an earlier question about a
    property has only details of it after it."""
    folded = {i: fold(said[i].lower()) for i in asked}
    # only questions asked with "?": folded, a told sentence can look like one ("ở đầu ngõ")
    about_property = [i for i in asked if said[i].rstrip().endswith("?") and _PROPERTY_MARKERS.search(folded[i])]
    if about_property and about_property[-1] != asked[-1] and not any(
            _OWN_QUESTION.search(folded[i]) for i in asked if i > about_property[-1]):
        return about_property[-1]
    return asked[-1]


def focus_span(text: str) -> tuple[int, int]:
    """The span of `text` to classify: the whole text unless it is a long story with a question."""
    if len(text.split()) < LONG_MESSAGE_WORDS:
        return 0, len(text)
    spans = sentences(text)
    if len(spans) < 2:
        return 0, len(text)
    said = [text[s:e] for s, e in spans]
    asked = [i for i, sentence in enumerate(said) if sentence.rstrip().endswith("?")]
    if not asked:
        asked = [i for i, sentence in enumerate(said) if is_question(sentence)]
    if not asked:
        return 0, len(text)
    index = _answered_question(said, asked)
    start, end = spans[index]
    # a very short question leans on the sentence before it ("Vậy phải làm sao?")
    if index > 0 and len(text[start:end].split()) <= SHORT_SENTENCE_WORDS:
        start = spans[index - 1][0]
    return start, end


def focus_text(text: str) -> str:
    start, end = focus_span(text)
    return text[start:end]
