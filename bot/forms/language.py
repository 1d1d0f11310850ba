"""What a message means inside a guided flow: commands, yes/no, questions, corrections.

Citizens type with or without diacritics, add "dạ", "ạ", "giúp em"; a command is
recognised when it is (nearly) the whole message, so an answer that happens to contain
"quay lại" is not mistaken for one. Matching uses the diacritics when the message has
them ("dừng" is not "đúng"), and the folded form otherwise.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.text.normalize import fold, has_diacritics

# the writer's words for "I" (with and without diacritics) before "là"/"tên" that introduce a name
SELF_WORDS = r"tôi|toi|tui|mình|minh|mik|mk|em|e|con|cháu|chau|anh|chị|chi"
# "chứ không phải", "chu khong phai", "hổng phải" (and "không phải" alone): what follows is taken back
NOT_THAT = r"(?:chứ|chớ|chu|chứ còn)?\s*(?:không|ko|hông|hổng|k|khong|hong)\s+(?:phải|phai)"

COMMAND_PHRASES: dict[str, tuple[str, ...]] = {
    "officer": ("gặp cán bộ", "cán bộ", "nói chuyện với cán bộ", "gặp người thật", "người thật", "nhân viên",
                "/request_human", "gặp cán bộ giúp"),
    "stop": ("dừng", "dừng lại", "tạm dừng", "để sau", "lúc khác", "để lúc khác", "thôi", "ngừng",
             "stop", "dừng, để sau", "để sau đã", "mai làm tiếp", "dừng đã", "tạm dừng đã"),
    "abandon": ("hủy", "huỷ", "không làm nữa", "thôi không làm nữa", "hủy tờ khai", "huỷ tờ khai", "hủy bỏ",
                "huỷ bỏ", "thôi không làm", "không cần nữa", "thôi bỏ đi", "bỏ đi"),
    "back": ("quay lại", "trở lại", "lùi lại", "câu trước", "quay về", "back", "về câu trước", "quay lại câu trước"),
    "repeat": ("nhắc lại", "hỏi lại", "nói lại", "lặp lại", "đọc lại", "chưa rõ", "gì cơ", "sao cơ",
               "nhắc lại câu hỏi", "hỏi lại câu"),
    "help": ("không hiểu", "là gì", "nghĩa là gì", "giải thích", "hướng dẫn", "ghi thế nào", "ghi sao",
             "điền thế nào", "điền sao", "khó quá", "không biết ghi"),
    "continue": ("tiếp tục", "tiếp", "làm tiếp", "điền tiếp", "tiếp đi", "tiếp tục điền", "/continue_flow",
                 "làm tiếp đi", "tiếp tục đi", "quay lại điền tiếp", "quay lại làm tiếp", "điền tiếp tờ khai",
                 "làm tiếp tờ khai", "tiếp tục tờ khai", "quay lại tờ khai", "giờ điền tiếp", "quay lại điền tờ khai"),
    "skip": ("bỏ qua", "không có", "không", "ko", "k", "không biết", "chưa có", "chưa biết", "ko có", "k có",
             "skip", "không có ạ"),
    "erase": ("xoá thông tin", "xóa thông tin", "xoá thông tin của tôi", "xóa thông tin của tôi",
              "xoá thông tin cá nhân", "xóa thông tin cá nhân", "xoá dữ liệu", "xóa dữ liệu",
              "xoá dữ liệu cá nhân", "xóa dữ liệu cá nhân", "xoá hết thông tin", "xóa hết thông tin"),
    "confirm": ("xác nhận", "đúng rồi", "đồng ý", "lưu", "lưu lại", "chính xác", "đúng hết rồi", "ok",
                "xác nhận, lưu tờ khai", "đúng", "chuẩn rồi", "nộp đi", "nộp", "ok nộp đi", "nộp luôn", "gửi đi",
                "đúng hết", "đúng rồi nộp đi", "đúng rồi em", "chuẩn", "oke", "okay", "ok em", "lưu đi"),
}
# words that confirm whatever else a short message says ("Rứa là được rồi, cháu nộp giúp o")
CONFIRM_CUES = tuple(fold(c) for c in (
    "đúng rồi", "đúng hết", "đúng cả rồi", "đúng cả", "được rồi", "xác nhận", "chuẩn rồi", "chuẩn hết", "chính xác", "đồng ý", "ok", "oke",
    "okay", "ổn rồi", "nộp đi", "nộp luôn", "nộp giúp", "nộp hộ", "nộp giùm", "gửi đi", "đúng r", "chuan r",
))
SMALL_TALK_WORDS = ("chào", "xin chào", "chào em", "hello", "hi", "alo", "cảm ơn", "cám ơn", "thanks", "thank you",
                    "tạm biệt", "bye", "hẹn gặp lại")
YES = ("có", "vâng", "ừ", "ừm", "ok", "oke", "đồng ý", "được", "dùng lại", "có, ghi nhớ", "ghi nhớ", "có ạ",
       "tiếp tục", "đúng", "đúng rồi", "yes", "làm tiếp", "tiếp", "ừ tiếp")
NO = ("không", "không cần", "thôi", "nhập mới", "để sau", "khỏi", "ko", "k", "không ạ", "không cần đâu",
      "không, cảm ơn", "no", "chưa", "làm lại từ đầu")
_FILLERS = {"dạ", "vâng", "ạ", "à", "ờ", "ơi", "em", "nhé", "nha", "nhe", "đi", "giúp", "giùm", "hộ", "với",
            "cho", "tôi", "mình", "cháu", "bác", "luôn", "thì", "rồi", "a", "ah", "please", "nhỉ", "hả"}
_FILLERS_FOLDED = {fold(w) for w in _FILLERS}
QUESTION_MARKERS = tuple(fold(m) for m in (
    "bao nhiêu", "thế nào", "như thế nào", "làm sao", "ra sao", "tại sao", "vì sao", "ở đâu", "chỗ nào",
    "nơi nào", "bao lâu", "khi nào", "bao giờ", "là gì", "gì vậy", "gì ạ", "gì không", "cần gì", "những gì",
    "được không", "có phải", "phải không", "không ạ", "chưa ạ", "hay không", "có được", "ntn", "mấy ngày",
    "nộp đâu", "làm gì", "đâu vậy", "sao vậy", "nào vậy", "k ạ", "ko ạ", "có cần",
))
CORRECTION_MARKERS = tuple(fold(m) for m in (
    "nhầm", "sửa", "sửa lại", "đổi", "đổi lại", "thay", "sai", "không phải", "chính lại", "ghi lại", "cập nhật",
    "mới đúng", "lại là", "viết lại", "ko phải", "k phải", "hông phải", "hổng phải", "chứ hông phải",
))
_CONNECTORS = re.compile(
    r"^(?:\s|[:=,\-])*(?:(?:của (?:tôi|em|mình|cháu|bé|con)|thành(?!\s+phố)|sang|là|phải là|đúng là|mới là|bằng|lại là)(?:\s|[:=,\-])+)*",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?:\s*[,.!]?\s*(?:mới đúng|chứ không phải.*|chứ|nhé|nhé em|nha|nhe|ạ|ạ nhé))+\s*[.!]*$",
                   re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:dạ vâng|dạ|vâng|thưa em|ừ|ờ|ừm|ok)\s*[,.]?\s+)+", re.IGNORECASE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w/]+", text.lower())


def _core(text: str) -> tuple[list[str], bool]:
    """Words of the message without edge fillers; bool: compare with diacritics."""
    text = nfc(text).strip()
    accented = has_diacritics(text)
    words = _words(text) if accented else _words(fold(text))
    fillers = _FILLERS if accented else _FILLERS_FOLDED
    while words and words[0] in fillers:
        words.pop(0)
    while words and words[-1] in fillers:
        words.pop()
    return words, accented


def _phrase_words(phrase: str, accented: bool) -> list[str]:
    return _words(phrase) if accented else _words(fold(phrase))


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def matches_phrase(text: str, phrases: tuple[str, ...], max_extra_words: int = 2) -> int:
    """Length (in words) of the longest phrase the short message is made of, 0 if none."""
    words, accented = _core(text)
    if not words:
        # the whole message was fillers ("dạ", "ạ"): only an exact phrase can match
        words, accented = _words(nfc(text) if has_diacritics(text) else fold(text)), has_diacritics(text)
    best = 0
    for phrase in phrases:
        pw = _phrase_words(phrase, accented)
        if pw and _contains(words, pw) and len(words) - len(pw) <= max_extra_words:
            best = max(best, len(pw))
    return best


def command(text: str, allowed: tuple[str, ...], prefer: tuple[str, ...] = ()) -> str | None:
    """The command among `allowed` the message is, if any (longest phrase wins, then `prefer` order)."""
    if text.strip().startswith("/") and text.strip() not in ("/request_human", "/continue_flow"):
        return None
    scored = []
    for name in allowed:
        size = matches_phrase(text, COMMAND_PHRASES[name])
        if size:
            rank = prefer.index(name) if name in prefer else len(prefer) + allowed.index(name)
            scored.append((-size, rank, name))
    return min(scored)[2] if scored else None


def opens_with_stop(text: str) -> bool:
    """'Thôi dừng đã anh, vợ em đang cầm căn cước…': a pause said first, then the reason."""
    if any(ch.isdigit() for ch in text) or looks_like_question(text):
        return False
    head = re.split(r"[,.;!?]", nfc(text).strip(), maxsplit=1)[0]
    return len(head.split()) <= 6 and bool(matches_phrase(head, COMMAND_PHRASES["stop"], max_extra_words=4))


def wants_erase(text: str) -> bool:
    """'Xoá thông tin của tôi' (the remembered profile), recognised by words, not by intent."""
    return command(text, ("erase",)) == "erase"


def yes_or_no(text: str, intent: str | None = None, confidence: float = 0.0) -> bool | None:
    yes = matches_phrase(text, YES, max_extra_words=1)
    no = matches_phrase(text, NO, max_extra_words=1)
    if yes or no:
        return yes >= no if yes != no else None
    if intent == "affirm" and confidence >= 0.6:
        return True
    if intent == "deny" and confidence >= 0.6:
        return False
    return None


# "có ... không" around other words: "hôm nay trời có mưa không", "co phai nop phi ko"
_CO_KHONG = re.compile(r"\bco\b.*\b(?:khong|ko|k|kh|khg|hong|hem|hok)$")


def looks_like_question(text: str) -> bool:
    if "?" in text:
        return True
    words = _words(fold(nfc(text)))
    folded = " " + " ".join(words) + " "
    return any(f" {marker} " in folded for marker in QUESTION_MARKERS) or bool(_CO_KHONG.search(" ".join(words)))


def looks_like_confirmation(text: str) -> bool:
    """A short message with a confirming phrase and no digits; callers also check it names no field."""
    if any(ch.isdigit() for ch in text) or looks_like_question(text):
        return False
    words = _words(fold(nfc(text)))
    joined = " " + " ".join(words) + " "
    if len(words) <= 14:
        return any(f" {cue} " in joined for cue in CONFIRM_CUES)
    # "Ừ, đúng cả rồi cháu ạ, cháu nộp giúp ông đi, cảm ơn cháu nhiều": a confirming clause among
    # the first ones, the rest politeness, and no "but"
    clauses = [" " + " ".join(_words(fold(nfc(p)))) + " " for p in re.split(r"[,.;!]", text) if p.strip()]
    return (any(len(c.split()) <= 10 and any(f" {cue} " in c for cue in CONFIRM_CUES) for c in clauses[:3])
            and not any(f" {but} " in joined for but in ("nhung", "sai", "chua dung", "khong dung")))


_WAIT = re.compile(r"(?i)^\W*(?:dạ\s+|ừ\s+|ok\s+)?(?:chờ|đợi|đơi|khoan|từ từ|cho chut|cho ti|doi chut|doi ti|khoan da|tu tu)\b")


# "thôi để mai cô hỏi nó rồi làm tiếp nhé", "de sau minh lam tiep": the citizen will come back another time
_LATER = re.compile(r"(?i)\b(?:để|đợi|de|doi)\s+(?:mai|sau|hôm khác|bữa khác|bua khac|hom khac|tối|chiều|toi|chieu)\b"
                    r"|\b(?:rồi|mai|roi)\s+(?:\w+\s+){0,3}(?:làm|điền|nhắn|lam|dien|nhan)\s+tiếp\b"
                    r"|\b(?:roi|mai)\s+(?:\w+\s+){0,3}(?:lam|dien|nhan)\s+tiep\b")


def puts_off(text: str) -> bool:
    """A pause for another day said anywhere in a message without numbers or a question."""
    text = nfc(text)
    return not any(ch.isdigit() for ch in text) and not looks_like_question(text) and bool(_LATER.search(text))


def capitalised_runs(text: str) -> list[str]:
    """'cho e Nguyễn Hoàng Nam ' -> ['Nguyễn Hoàng Nam']: runs of capitalised words."""
    marked = " ".join(w.strip(",.;:!?") if w[:1].isupper() else "|" for w in text.split())
    return [run.strip() for run in re.findall(r"(?:\b[^\W\d_][\w']*\s*)+", marked)]


def asks_to_wait(text: str) -> bool:
    """'Chờ chị chút, chị đi lấy căn cước', 'Khoan, để mình tìm thẻ đã': the citizen comes back."""
    text = nfc(text)
    return bool(_WAIT.match(text) or _WAIT_LATER.search(text))


# "…, cháu đợi bác tí nhé", "để tôi tìm cái căn cước đã", "em chờ chị xíu": waiting asked anywhere
_WAIT_LATER = re.compile(
    r"(?i)(?:\b(?:đợi|chờ)\s+(?:\w+\s+)?(?:tí|tý|chút|xíu|lát)\b|\b(?:doi|cho)\s+(?:\w+\s+)?(?:chut|xiu|lat)\b"
    r"|\bđể\s+(?:\w+\s+){1,4}(?:tìm|lấy|hỏi|xem|kiếm|coi)\b[^.?!]*\bđã\b)")


def has_correction_marker(text: str) -> bool:
    folded = " " + " ".join(_words(fold(nfc(text)))) + " "
    if any(f" {marker} " in folded for marker in CORRECTION_MARKERS):
        return True
    # "à lộn", "bấm lộn" (Southern for "nhầm"): only written with its accent, "lon" is also "lớn"
    return " lộn " in " " + " ".join(_words(nfc(text))) + " "


def strip_answer(text: str) -> str:
    """'Dạ, Nguyễn Văn An ạ' -> 'Nguyễn Văn An' (politeness around an answer)."""
    text = nfc(text).strip().strip("\"'“”")
    text = _LEAD.sub("", text)
    text = _TAIL.sub("", text)
    return text.strip(" ,.")


def strip_connectors(text: str) -> str:
    """'là 0912 345 678', ': Hà Nội', 'thành Nguyễn Văn Bình' -> the value."""
    return strip_answer(_CONNECTORS.sub("", nfc(text).strip()))


@dataclass(frozen=True)
class Mention:
    field: str
    start: int   # offsets in the NFC text
    end: int
    size: int    # words in the matched synonym (longer = more specific)


def find_mentions(text: str, names_to_words: dict[str, tuple[str, ...]]) -> list[Mention]:
    """Where the message names a field by its label or synonyms (whole words, folded)."""
    text = nfc(text)
    folded = fold(text)
    if len(folded) != len(text):  # exotic characters: no offset mapping, no mentions
        return []
    found = []
    for name, words in names_to_words.items():
        for word in words:
            key = fold(word).strip()
            if not key:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
                if same_accents(text[m.start():m.end()], word):
                    found.append(Mention(name, m.start(), m.end(), len(key.split())))
    return found


def same_accents(written: str, phrase: str) -> bool:
    """A word the citizen wrote with diacritics must be the phrase's word ("Hà Nội ở" is not
    "nơi ở"); a word written without them may stand for any."""
    pairs = zip(written.lower().split(), nfc(phrase).lower().split())
    return all(w == p or not has_diacritics(w) for w, p in pairs)


def leading_words(text: str, before: int) -> int:
    """How many non-filler words come before offset `end` (0 = the mention opens the message)."""
    words = _words(fold(nfc(text)[:before]))
    return sum(1 for w in words if w not in _FILLERS_FOLDED and fold(w) not in CORRECTION_MARKERS)
