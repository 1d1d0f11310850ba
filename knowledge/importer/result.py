"""Clean the processing result (ket_qua_xu_ly).

The section lists one or more result documents, each followed by "Mã: <result code>"; the page
chrome after it ("Từ khóa...Chọn cơ quan thực hiện...Nộp hồ sơ") is already cut off by the
section splitter.
"""

from __future__ import annotations

import re

from knowledge.importer.text import UPPER, clean, is_empty

_CODE_MARK = "Mã:"
# A result code glued to the next document name: "KQ.G01.000064Thông báo...", "78Giấy...".
_CODE_ENDING_IN_DIGIT = re.compile(r"\s*[A-Za-z0-9._\-]*\d")
_CODE_OF_LETTERS = re.compile(rf"\s*[a-z]+(?=[{UPPER}])")
# After the last "Mã:" only the code remains, unless the code field holds a sentence.
_MIN_TRAILING_TEXT = 30


def clean_result(section: str | None) -> str | None:
    if section is None or is_empty(section):
        return None
    pieces = section.split(_CODE_MARK)
    names = [pieces[0]] + [_strip_code(piece) for piece in pieces[1:]]
    if len(pieces) > 1 and len(clean(names[-1])) < _MIN_TRAILING_TEXT:
        names.pop()
    unique: list[str] = []
    for name in (clean(name) for name in names):
        if name and not is_empty(name) and name not in unique:
            unique.append(name)
    return "\n".join(unique) or None


def _strip_code(piece: str) -> str:
    code = _CODE_ENDING_IN_DIGIT.match(piece) or _CODE_OF_LETTERS.match(piece)
    return piece[code.end() :] if code else piece
