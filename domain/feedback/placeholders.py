"""Personal data out of citizens' words: masked for officers, placeholders for training data.

Found by pattern (căn cước, phone numbers, receipt codes, dates: core.text.patterns) and
from what the NLU extracted in the turn (names, addresses: the stored entities).
"""
from __future__ import annotations

import re

from core.text.patterns import find_entities

# fictitious values that stay plausible for the NLU, each annotated as its entity in training data
PLACEHOLDERS = {
    "id_number": "001099000000",
    "phone_number": "0900000000",
    "receipt_code": "000.00.00.H00-000000-0000",
    "full_name": "Nguyễn Văn A",
    "person_name": "Nguyễn Văn A",
    "name": "Nguyễn Văn A",
    "address": "số 1 đường A",
    "email": "ten@example.com",
    "date": "01/01/2000",
}
# entities the NLU extracts that are personal (any other extracted entity is kept as said)
PERSONAL = set(PLACEHOLDERS)
# the domain's entities: annotated in exported NLU examples (others become plain placeholders)
ANNOTATED = {"id_number": "id_number", "phone_number": "phone_number", "receipt_code": "receipt_code",
             "date": "date", "person_name": "person_name", "full_name": "person_name", "name": "person_name"}


_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME_WORD = rf"[{_UPPER}][^\W\d_]*"
_SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trịnh|Đoàn|Lâm|Mai|"
             "Trương|Cao|Lưu|Tạ|Châu|Quách|Thái|Hà|Tô|Vương|La|Kiều|Triệu|Lương|Đào|Văn|Tăng|Chu|Lại")
# a surname and 1-3 more capitalised words, or 2-4 capitalised words after "tên là", "ông", "bà"...
NAME_RE = re.compile(
    rf"(?<!\w)(?:(?P<full>(?:{_SURNAMES})(?:\s+{_NAME_WORD}){{1,3}})"
    rf"|(?:tên là|tên|là|ông|bà|anh|chị|cô|chú|bác|cháu|con|em)\s+(?P<cued>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}))"
    rf"(?!\w)")


# places that begin like a surname
PLACES = frozenset({"hà nội", "hà giang", "hà tĩnh", "hà nam", "hà đông", "lâm đồng", "cao bằng", "thái bình",
                    "thái nguyên", "hồ chí minh", "tp hồ chí minh", "lê chân", "đồng nai", "lý sơn", "mai châu"})


def find_names(text: str) -> list[tuple[int, int]]:
    """Likely personal names written in capitals (a heuristic: training data errs on the safe side)."""
    spans = [m.span("full") if m.group("full") else m.span("cued") for m in NAME_RE.finditer(text)]
    return [(a, b) for a, b in spans if " ".join(text[a:b].lower().split()) not in PLACES]


def _spans(text: str, entities: list[dict] | None) -> list[tuple[int, int, str]]:
    spans = [(m.start, m.end, m.entity) for m in find_entities(text)]
    spans += [(start, end, "person_name") for start, end in find_names(text)]
    for entity in entities or []:
        name, start, end = entity.get("entity"), entity.get("start"), entity.get("end")
        if name in PERSONAL and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, name))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue  # overlaps a span already taken
        merged.append(span)
    return merged


def mask(text: str, entities: list[dict] | None = None) -> str:
    """For officers' eyes: '0912 345 678' -> '[số điện thoại]' (entity names in brackets)."""
    labels = {"id_number": "[số căn cước]", "phone_number": "[số điện thoại]", "receipt_code": "[mã hồ sơ]",
              "date": "[ngày]", "email": "[email]", "address": "[địa chỉ]"}
    out, cursor = [], 0
    for start, end, entity in _spans(text, entities):
        out.append(text[cursor:start])
        out.append(labels.get(entity, "[họ tên]"))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def for_training(text: str, entities: list[dict] | None = None) -> str:
    """A Rasa NLU example: personal data replaced by annotated placeholders, e.g.
    'số [0900000000](phone_number)'. Text already masked for officers keeps no personal data."""
    out, cursor = [], 0
    for start, end, entity in _spans(text, entities):
        out.append(_escape(text[cursor:start]))
        name = ANNOTATED.get(entity)
        out.append(f"[{PLACEHOLDERS[entity]}]({name})" if name else _escape(PLACEHOLDERS[entity]))
        cursor = end
    out.append(_escape(text[cursor:]))
    return "".join(out).strip()


def plain(text: str, entities: list[dict] | None = None) -> str:
    """Placeholders without annotation (search aliases)."""
    out, cursor = [], 0
    for start, end, entity in _spans(text, entities):
        out.append(text[cursor:start])
        out.append(PLACEHOLDERS[entity])
        cursor = end
    out.append(text[cursor:])
    return "".join(out).strip()


def _escape(text: str) -> str:
    """Rasa's markdown-like annotation uses [..](..) and {..}: keep citizens' brackets literal."""
    return text.replace("[", "(").replace("]", ")").replace("{", "(").replace("}", ")")
