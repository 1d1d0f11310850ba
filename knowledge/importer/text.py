"""Text cleaning helpers shared by the table parsers."""

from __future__ import annotations

import re

# The portal writes this in every empty cell or section.
NO_INFO = "Không có thông tin"

_PRIVATE_USE = re.compile("[\ue000-\uf8ff\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\xa0\u2002-\u200a\u202f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# Placeholder texts that carry no information (besides NO_INFO).
_PLACEHOLDERS = {"", "-", "--", "----", ".", "Không", "Không.", "không", "không có", "Không có"}

# Vietnamese letters, used to spot words glued together by the crawl.
LOWER = "a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
UPPER = "A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"

# A lowercase letter (optionally followed by . ; :) glued to a capitalised word: "hồ sơTrường hợp".
GLUED_WORD = re.compile(rf"(?<=[{LOWER}])([.;:]?)(?=[{UPPER}][{LOWER}])")


def clean(text: str | None) -> str:
    """Normalise spaces and line breaks; keep the wording as stated."""
    if not text:
        return ""
    text = _PRIVATE_USE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def is_empty(text: str | None) -> bool:
    """True for missing text and the portal's placeholders ("Không có thông tin", "--")."""
    cleaned = clean(text)
    return cleaned in _PLACEHOLDERS or cleaned.rstrip(".") == NO_INFO


def clean_or_none(text: str | None) -> str | None:
    """Cleaned text, or None when it is empty or a placeholder."""
    return None if is_empty(text) else clean(text)


def strip_outer_parens(text: str) -> str:
    """'((note))' -> 'note' when the parentheses wrap the whole text."""
    text = text.strip()
    while len(text) >= 2 and text[0] == "(" and text[-1] == ")" and matching_paren(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def matching_paren(text: str, start: int) -> int:
    """Index of the ')' closing the '(' at start, or -1 when it is never closed (truncated text)."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1
