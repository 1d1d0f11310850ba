"""Addresses and places in free words: where an address starts ("112/5 đường …", "số 3 ngõ 40 …"),
what ends it (a full date, a sentence, a clause about the writer), and whether a value looks like one."""
from __future__ import annotations

import re

from core.text.normalize import has_diacritics

_ADDRESS_START = re.compile(
    r"(?i)(?<!\w)(?:p\.?\d+[a-z]?\s|(?:phòng|phong|căn hộ|can ho|căn(?=\s+\d)|nhà(?=\s+\d)|nha(?=\s+\d)|số nhà|so nha|số|so|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|thôn|thon|ấp|"
    r"xóm|xom|tổ|to|khu phố|khu pho|chung cư|chung cu|lô|lo|"
    # "dãy trọ bà Tư", "xóm trọ số 3" (but "nhà trọ em ở 112/5 …" starts at the number)
    r"(?:dãy|day|khu|xóm|xom) (?:trọ|tro)(?=\s+(?:bà|ông|cô|chú|bác|ba|ong|co|chu|bac|số|so|\d)))\s+[\w/])")


_ADDRESS_WORDS = re.compile(
    r"(?i)(?<!\w)(?:đường|duong|phố|pho|phường|phuong|xã|xa|quận|quan|huyện|huyen|tỉnh|tinh|thành phố|thanh pho|tp|"
    r"ngõ|ngo|hẻm|hem|kiệt|kiet|ngách|ngach|thôn|thon|ấp|thị trấn|thi tran|khu phố)(?!\w)")


_FULL_DATE = re.compile(r"\d{4}\s*$")  # "đường 3/2" is an address, "15/7/2027" a date


# "…, xin ở tới" / "muốn ở đến ngày" left where the end date was taken out
_TRAILING_UNTIL = re.compile(r"(?i)[\s,]+(?:(?:xin|muốn|muon|định|dinh|tính|tinh|được|duoc)\s+)?"
                             r"(?:tới|toi|đến|den|ở tới|o toi|ở đến|o den|hạn|han)(?:\s+ngày|\s+ngay)?\s*$")


# a lone word left where the next field's label was taken out ("…, Cần Thơ, xin | ở tới 31/5/2027")
# (lower case: "Bình Định", "Hà Tĩnh" end in a place's capitalised name)
_TRAILING_FILLER = re.compile(r"[\s,]+(?:xin|muốn|muon|và|va|với|voi|còn|thì|thi|định|dinh|tính|tinh|được|duoc)\s*$")


def address_tail_trimmed(value: str) -> str:
    """An address without the start of the clause that followed it."""
    return _TRAILING_FILLER.sub("", _TRAILING_UNTIL.sub("", value)).strip(" ,")


_HOUSE_NUMBER = re.compile(r"(?<![\w/.,-])\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)*\s+(\w+)")


_STREET_WORDS = {"đường", "duong", "hẻm", "hem", "ngõ", "ngo", "ngách", "ngach", "kiệt", "kiet", "phố", "pho", "khu", "ấp", "ap",
                 "thôn", "thon", "tổ", "lô", "xóm", "xom"}


def _place_clauses(text: str) -> str:
    """'Bệnh viện Từ Dũ, mừng quá trời, giờ tui muốn …' -> 'Bệnh viện Từ Dũ': after the first,
    a comma clause stays when it names a place (a capital, a number or an address word). A writer
    who capitalises nothing ('so 8 ngo 12 nguyen khuyen, ha noi') keeps every clause."""
    parts = text.split(",")
    if len(parts) == 1:
        return text
    capitals = any(ch.isupper() for ch in text)
    kept = [parts[0]]
    for part in parts[1:]:
        words = part.split()
        if not words or _chatter(part) or _INTENT_CLAUSE.match(part):
            break
        if capitals and (len(words) > 3 or has_diacritics(part)) and not (any(w[:1].isupper() for w in words) or any(ch.isdigit() for ch in part)
                                                or _ADDRESS_WORDS.search(part)):
            break  # a short clause typed without diacritics is still a place ("…, ha noi")
        kept.append(part)
    return ",".join(kept)


# words of a clause about the writer, never of a place ("…, cháu ghi cho bà", "…, toi ghi nham so thon")
_CHATTER_ACCENTED = {"tôi", "tui", "em", "cháu", "mình", "nó", "ghi", "nhầm", "lộn", "sửa", "giúp", "giùm"}
_CHATTER_FOLDED = {"toi", "tui", "ghi", "nham", "sua", "giup", "gium"}  # not "minh", "chau": Hồ Chí Minh, Diễn Châu


# "…, TP Hồ Chí Minh, muốn gia hạn thêm 1 năm": what the writer wants, never a place (lower case:
# "Cần Thơ" is one)
_INTENT_CLAUSE = re.compile(r"^\s*(?:muốn|muon|cần|xin|định|tính|để|mong|nhờ)\s")


def _chatter(part: str) -> bool:
    words = re.findall(r"\w+", part.lower())
    if any(w[:1].isupper() for w in part.split()[:1]) and not any(w in _CHATTER_ACCENTED for w in words[:1]):
        return False  # a capitalised place ("Bà Rịa") may hold such a word
    return any(w in _CHATTER_ACCENTED or (not has_diacritics(w) and w in _CHATTER_FOLDED) for w in words)


def _first_sentence(text: str) -> str:
    """'P.405 chung cư CT3, phường Hà Đông, Hà Nội. Hạn mới đến …' -> up to 'Hà Nội'; an
    abbreviation's dot ('TP. Hồ Chí Minh', 'p. Láng') ends nothing."""
    for m in re.finditer(r"(\w+)\.\s+(?=\w)", text):
        if text[m.end()].isupper() and not (m.group(1).isupper() or len(m.group(1)) <= 2):
            return text[:m.start(1) + len(m.group(1))]
    return text


def _looks_like_address(value: str) -> bool:
    """A number or an address word, not "nhà trọ mà hổng biết khai sao" or "Bắc Ninh để đi làm"."""
    return any(ch.isdigit() for ch in value) or bool(_ADDRESS_WORDS.search(value))


def _house_numbers(text: str) -> list[int]:
    """'112/5 đường Lê Văn Khương', '88 Lý Thường Kiệt': a house number, then a street."""
    return [m.start() for m in _HOUSE_NUMBER.finditer(text)
            if m.group(1)[:1].isupper() or m.group(1).lower() in _STREET_WORDS]


# the next part of an address sent on its own: "phường Kim Liên, Hà Nội. Xin lỗi, gửi thiếu"
_UNIT_FIRST = re.compile(r"(?i)^\W*(?:dạ|da|à|a)?[\s,]*(phường|phuong|p\.|xã|xa|quận|quan|q\.|huyện|huyen|thị xã|thi xa|"
                         r"thị trấn|thi tran|tỉnh|tinh|thành phố|thanh pho|tp\.?)\s+\w")


def continued_address(value: str, text: str) -> str | None:
    """The address `value` with the next part `text` sends (up to its first full stop), when
    `text` starts with an administrative unit the address does not name yet; else None."""
    unit = _UNIT_FIRST.match(text)
    if unit is None or re.search(rf"(?i)(?<!\w){re.escape(unit.group(1))}(?!\w)", value):
        return None
    part = re.split(r"\.\s+|\n", text[unit.start(1):], maxsplit=1)[0].strip(" ,.")
    return f"{value.rstrip(' ,')}, {part}" if part else None
