"""Cleaning the words after a label into a value: politeness, label tails, "không phải …" tails,
names (where a name stops, "tui là Hồ Thị Mận"), numbers, places."""
from __future__ import annotations

import re

from bot.forms.language import capitalised_runs, looks_like_question, nfc
from bot.forms.places import (
    _ADDRESS_START,
    _HOUSE_NUMBER,
    _first_sentence,
    _place_clauses,
    address_tail_trimmed,
)
from core.text.normalize import fold, has_diacritics
from core.text.surnames import starts_with_surname
from knowledge.flows.forms import Field

NUMERIC_TYPES = ("id_number", "phone", "year", "number")

_LEADING = re.compile(
    r"^(?:\s|[:=,\-–.]|\b(?:là|la|thì|thi|của|cua|tôi|toi|tui|mình|minh|mik|em|e|cháu|chau|con|bé|be|anh|chị|chi|"
    r"ông|ong|bà|ba|bác|bac|o|ở|tại|tai|còn|và|"
    r"bác|bac|thành|thanh(?!\s+ph)|sang|bằng|bang|đúng|dung|phải|phai|lại là|lai la|mới|moi|nhé|nhe|ạ|"
    r"đầy đủ|day du|họ tên|ho ten|tên|ten)\b)+",
    re.IGNORECASE,
)


_NOT_BUT = re.compile(r"(?i)\b(?:không|ko|k|khong|hông|hổng|hong|chẳng|chả)\s+(?:phải|phai)\b.*?\b(?:mà|ma)\s+(?:là\s+|la\s+)?")


_NOT_TAIL = re.compile(r"(?i)[\s,.]*(?:(?:chứ|chu|chớ)?\s*\b(?:không|ko|k|khong|hông|hổng|hong|chẳng|chả)\s+(?:phải|phai)\b"
                       r"|\b(?:chứ|chớ)\s+(?:không|ko|k|khong|hông|hổng|hong|chẳng|chả)\s+(?:lấy|lay|làm|lam|chọn|chon|ghi|dùng|dung)\b).*$")


def without_negated(text: str) -> str:
    """'095…473 chớ hổng phải 095…437, tui ghi lộn' -> '095…473'; 'không phải 27 mà là 29' -> '29'."""
    return _NOT_TAIL.sub("", _NOT_BUT.sub("", text))


# "0963 114 872, à nhầm, 0963 114 827": a number taken back in the same message
_SLIP = re.compile(r"(?i)\d[\d .\-]{5,}\d\s*[,;]?\s*(?:(?:à|a|ah|ay|ý|í|ơ|ấy)\s+)?(?:nhầm|lộn|nham|lon)(?:\s+(?:rồi|roi))?"
                   r"\s*[,:;.]?\s*(?:(?:là|la|số|so|đúng là|dung la|thành|thanh)\s+)?(?=\d)")


def without_slips(text: str) -> str:
    return _SLIP.sub("", text)


_TAIL_WORDS = {"nhé", "nhe", "nha", "ạ", "a", "à", "em", "ad", "ơi", "nhá", "còn", "con", "và", "va", "với",
               "voi", "thì", "thi", "nữa", "nua", "luôn", "luon", "nhé.", "đó", "do", "ấy", "nhỉ", "mới",
               "đúng", "moi", "dung", "nè", "ne", "nhen", "nghen", "á", "hen", "nhể", "ha"}


# words that end a name (with diacritics / folded, where no common name folds to it)
_NAME_STOP = {"sinh", "ở", "tại", "số", "và", "còn", "là", "ngày", "năm", "nhé", "ạ", "nha", "sđt", "cccd",
              "mẹ", "bố", "cha", "quê", "địa", "điện", "căn", "giới", "tính", "trai", "gái", "đang", "thường",
              "tạm", "muốn", "cần", "làm", "đến", "từ", "hộ", "phiếu", "để", "dùng", "của", "cho", "với",
              "nhưng", "mà", "chứ", "không", "rồi", "sdt", "đt", "dt", "ngõ", "phòng", "thôn", "xã", "phường",
              "bệnh", "viện", "tháng", "đã", "cũng", "thì", "bị", "nhầm", "sửa", "ơi", "em", "chị", "nè",
              "nhen", "nghen", "á", "hen", "ha", "nhá", "đây", "đó", "ấy"}


_NAME_STOP_FOLDED = {"sinh", "o", "so", "va", "la", "ngay", "nhe", "a", "nha", "sdt", "cccd", "me", "bo", "cha",
                     "dia", "thoai", "cuoc", "gioi", "trai", "gai", "muon", "khau", "phieu", "de", "cua", "cho",
                     "voi", "nhung", "khong", "ko", "roi", "dt", "thang", "nham", "sua", "oi", "em",
                     "benh", "vien", "phuong", "xa", "ngo", "phong", "thon", "dang", "tai", "ne", "nhen", "nghen"}


_LABEL_TAIL = re.compile(r"^\s*[^\d:,;.]{1,24}:\s*(?=\S)")


_PARTICLES = {"nhé", "nhe", "nha", "ạ", "à", "ơi", "nhá", "nè", "ne", "nhen", "nghen", "á", "hen", "nhỉ", "nhể",
              "ha", "ad", "em", "hỉ", "nghe", "nờ", "đó", "nhé.", "luôn", "với", "nữa", "ấy"}


# "… sang Úc cháu ạ", "… đi làm bác nhé": the person addressed, then a particle, ends the message
VOCATIVE_TAIL = re.compile(r"(?i)\s+(?:cháu|bác|chú|cô|anh|chị|em|ông|bà|con)\s+(?:ạ|à|nhé|nha|nhen|nghen|nghe|ơi|nhá|hỉ|hen)\W*$")


# _LEADING's unaccented spellings of "thì", "cháu", "là" … (also words and family names of their own)
_UNACCENTED_LEADS = {"la", "thi", "cua", "chau", "be", "ong", "ba", "bac", "tai", "thanh", "bang", "moi"}


def _strip_value(text: str, tail_words: set[str] | None = None) -> str:
    tail_words = _TAIL_WORDS if tail_words is None else tail_words
    head = _LABEL_TAIL.match(text)
    if head and len(head.group(0).split()) <= 4:  # "thuê: 112 …", "đăng ký thường trú: 9 Lê Lợi": label's last words
        text = text[head.end():]
    text = _NOT_BUT.sub("", text)
    text = _NOT_TAIL.sub("", text)
    stripped = _LEADING.sub("", text)
    # "Ông Thế Vinh", "Ông Ích Khiêm": Ông is also a family name when no family name follows it
    head = re.search(r"(?:^|\s)Ông\s+$", text[: len(text) - len(stripped)])
    if head and stripped[:1].isupper() and not starts_with_surname(stripped):
        stripped = "Ông " + stripped
    lead = text[: len(text) - len(stripped)].split()
    surname = bool(lead) and lead[-1][:1].isupper() and stripped[:1].isupper() and starts_with_surname(lead[-1]) \
        and not starts_with_surname(stripped)  # "Chau Ri Da" (a Khmer family name), not "cháu Ri Da"
    if lead and lead[-1].lower() in _UNACCENTED_LEADS and (surname or lead[-1] == "thi" and has_diacritics(text)):
        stripped = f"{lead[-1]} {stripped}"  # and "thi tuyển công chức": in an accented message "thi" is no "thì"
    text = stripped
    words = text.strip().split()
    while words and ((words[-1].strip(",.;!?").lower() in tail_words and not _capitalised_pair(words))
                     or not words[-1].strip(",.;!?-")):
        words.pop()
    return " ".join(words).strip(" ,.;:!?-–\"'")


def _capitalised_pair(words: list[str]) -> bool:
    """'Nguyen Thu Ha', 'Kieu Van Dung', 'Nguyễn Văn A': a capitalised last word after a
    capitalised one ends a name, not a particle ("ha", "dung" = đúng)."""
    return len(words) >= 2 and words[-1][:1].isupper() and words[-2][:1].isupper()


def _name_words(text: str) -> str:
    text = _strip_value(text)
    accented = has_diacritics(text)
    out = []
    tokens = re.split(r"\s+", text)
    for token in tokens:
        word = token.strip()
        if not word:
            continue
        bare = word.rstrip(",.;:!?")
        if not bare or not all(ch.isalpha() for ch in bare.replace("'", "").replace("’", "")):
            break
        low = bare.lower()
        capitalised_inside = bool(out) and bare[:1].isupper()  # "Giang A Sinh": a name, not "sinh ngày"
        family_first = not out and not accented and starts_with_surname(bare)  # "ngo thanh huong": Ngô
        # "do hai dang, cccd …": unaccented, a name's last word before a comma may fold to a stop word
        last_of_name = not accented and len(out) >= 2 and starts_with_surname(out[0]) and (bare != word or token is tokens[-1])
        if not capitalised_inside and not family_first and not last_of_name and ((accented and low in _NAME_STOP) or fold(low) in _NAME_STOP_FOLDED and not accented):
            break
        out.append(bare)
        if bare != word or len(out) >= 6:  # a comma ends the name
            break
    return " ".join(out)


def is_bare_name(text: str) -> bool:
    """'Nguyễn Thị Kim Oanh' alone: 3-6 capitalised words, a family name first (two words are
    often a street or a place: "Trần Phú", "Hà Nội")."""
    words = nfc(text).strip(" .,!").split()
    return (3 <= len(words) <= 6 and all(w[:1].isupper() and w.replace("'", "").isalpha() for w in words)
            and starts_with_surname(" ".join(words)))


def _number_words(text: str) -> str:
    """'là 0912.345.67o nhé' -> '0912.345.67o' (a number with a slip is kept for the explanation)."""
    text = _strip_value(re.sub(r"(?i)^\s*(?:số|so)\b", "", _LEADING.sub("", text)))
    out: list[str] = []
    for token in text.split():
        bare = token.strip(",;:!?")
        if not (any(ch.isdigit() for ch in bare) or (out and re.fullmatch(r"[\doO.+\-]+", bare))):
            break
        out.append(bare)
        if token.endswith((",", ";")):
            break
    return " ".join(out)


_NAME_CONNECTOR = re.compile(r"(?i)^\s*(?:(?:nó|hắn|bé|cháu|của (?:bé|nó|cháu)|a|anh|e|em|chị|c|tôi|tui|mình|mk|t|bác|cô|"
                             r"chú|ông|bà|o)\s+)?(?:tên là|tên|là|la|:)\s+")


_LATER_NAME = re.compile(r"(?i)^\s*(?:[^\W\d_]+\s+){1,3}?(?:tên là|tên|là)\s+(?=[^\W\d_])")


def name_in(text: str) -> str:
    """The name in free words: 'tui là Hồ Thị Mận', 'rứa điền luôn giúp tui. tui là Hồ Thị Mận'."""
    name = _name_words(text)
    if starts_with_surname(name):
        return name
    after = re.search(r"(?i)(?:^|\s)(?:tên là|tên|là|la)\s+(\S.*)", text)
    if after:
        found = _name_words(after.group(1))
        if starts_with_surname(found) and len(found.split()) >= 2:
            return found
    runs = [r for r in capitalised_runs(text) if len(r.split()) >= 2 and starts_with_surname(r) and not after_place_word(text, r)]
    return runs[0] if runs else name


# "…, thành phố Hà Nội", "phố Định Công": a place's name, not a person's
_PLACE_WORD_BEFORE = re.compile(r"(?i)(?:thành phố|thanh pho|tp\.?|tỉnh|tinh|phường|phuong|quận|quan|huyện|huyen|xã|xa|"
                                r"phố|pho|đường|duong|thị trấn|thi tran|bệnh viện|benh vien|ấp|thôn|xóm)\s+$")


def after_place_word(text: str, run: str) -> bool:
    at = text.find(run)
    return at > 0 and bool(_PLACE_WORD_BEFORE.search(text[:at]))


def _value(f: Field, segment: str) -> tuple[str, bool]:
    """(candidate, looks like an attempt) for a field from the text after its label."""
    if f.type == "name":
        segment = re.split(r"\n|\s-\s", segment.strip())[0]  # a pasted list: one value per line
        segment = _NAME_CONNECTOR.sub("", segment)  # "tên mình là ngo thanh huong", "bố nó là …"
        raw = _name_words(segment)
        later = _LATER_NAME.match(segment) if not starts_with_surname(raw) else None
        if later and starts_with_surname(_name_words(segment[later.end():])):  # "(con dâu) tương lai là Quách Thị …"
            raw = _name_words(segment[later.end():])
        parts = segment.split(",")
        if len(parts) > 1 and not starts_with_surname(raw):  # "chủ hộ là chồng tôi, Nguyễn Đức Long"
            second = _name_words(parts[1])
            raw = second if starts_with_surname(second) and len(second.split()) >= 2 else raw
        return raw, bool(raw)
    if f.type in NUMERIC_TYPES:
        raw = _number_words(segment)
        return raw, any(ch.isdigit() for ch in raw)
    if f.type == "date":
        raw = _strip_value(segment)
        raw = re.split(r"[,;]", raw)[0].strip()
        worded = re.search(r"(?i)\b(?:tháng|thang|năm|mùng|mung|cuối|cuoi|hết|het)\b", raw)
        return raw, any(ch.isdigit() for ch in raw) or bool(worded)
    if f.type == "choice":
        raw = _strip_value(re.split(r"[,;.]", segment.strip(" :,"), maxsplit=1)[0] if segment.strip(" :,") else "")
        return raw, False
    if f.type in ("text", "address"):  # "… sang Úc cháu ạ", "…, Thành phố Hồ Chí Minh cháu ạ" (not in names)
        segment = VOCATIVE_TAIL.sub("", segment.rstrip())
    raw = _strip_value(_place_clauses(_first_sentence(_without_trailing_question(segment))), _PARTICLES)
    if f.type == "address":  # "nhà con gái cô là 215 Nguyễn Văn Cừ, …": the address after "là"
        after = re.search(r"(?i)\b(?:là|la|ở|tại)\s+(?=\d|số\s|so\s|thôn|ấp|xóm)", raw)
        raw = raw[after.end():] if after and not any(ch.isdigit() for ch in raw[:after.start()]) else raw
        head = _HOUSE_NUMBER.search(raw)  # "trọ 3/7 hẻm 51 …": a word or two before the house number
        if head and 0 < head.start() and len(raw[:head.start()].split()) <= 2 and not _ADDRESS_START.match(raw):
            raw = raw[head.start():]
        raw = address_tail_trimmed(raw)
    return raw, len(raw) >= 3


def _without_trailing_question(text: str) -> str:
    """'xin vào làm tạp vụ, mần trên ni được không cháu?' -> the value before the question."""
    parts = re.split(r"(?<=[,;])", text)
    while len(parts) > 1 and looks_like_question(parts[-1]):
        parts.pop()
    return "".join(parts)
