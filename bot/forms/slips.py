"""A letter typed for a digit in a number ("0983o51726", "0356948l27"): refused and asked again,
and read as that digit only when the citizen says so ("chữ o là số 0", "chữ l đó là số 1 nghe")."""
from __future__ import annotations

import re
import unicodedata

from core.text.normalize import fold

_SLIP_LETTERS = "oOlLiI"
_NUMBER_WITH_LETTER = re.compile(rf"(?<!\w)[\d{_SLIP_LETTERS}](?:[ .\-]?[\d{_SLIP_LETTERS}]){{8,12}}(?!\w)")
_DIGIT = r"(0|1|khong|mot)"
_LETTER = r"([oli])"
# "chữ o là số 0", "cái chữ o đấy là số 0", "chu l trong so dien thoai la so 1" (the word "chữ" is needed:
# a bare "o la so 1" is an unaccented "ở là số 1", an address)
_SAID = (re.compile(rf"\b(?:chu|ki tu|ky tu)\s+{_LETTER}\b[^.?!]{{0,40}}?\b(?:la|thanh|=)\s+(?:con\s+)?(?:so\s+)?{_DIGIT}\b"),)
# "số 0 chứ không phải chữ o", "bấm số 0 thành chữ o"
_SAID_BACKWARDS = re.compile(rf"\bso\s+{_DIGIT}\b[^.?!]{{0,30}}?\b(?:chu|ki tu|ky tu)\s+{_LETTER}\b")
_FITS = {"o": "0", "l": "1", "i": "1"}   # the digit a slipped letter looks like
_DIGIT_WORDS = {"khong": "0", "mot": "1"}


def lettered_number(raw: str) -> str:
    """The number with a letter in it that the citizen typed, else ''."""
    for match in _NUMBER_WITH_LETTER.finditer(raw):
        token = match.group(0)
        if sum(ch.isdigit() for ch in token) >= 7 and any(ch in _SLIP_LETTERS for ch in token):
            return token
    return ""


def letters_meant(text: str) -> dict[str, str]:
    """{letter: digit} the citizen says the letters were meant as."""
    text = unicodedata.normalize("NFC", text)
    folded = fold(text).lower()
    plain = len(folded) == len(text)
    meant: dict[str, str] = {}
    for pattern, letter_at, digit_at in ((_SAID[0], 1, 2), (_SAID_BACKWARDS, 2, 1)):
        for m in pattern.finditer(folded):
            word = text[m.start():m.start() + 3].lower() if plain else ""
            # as typed: a plain letter (not "ở"), after "chữ" or "chu" (not "chú", "chủ")
            if not plain or text[m.start(letter_at)] not in _SLIP_LETTERS or (
                    pattern is _SAID[0] and word not in ("chữ", "chu")):
                continue
            letter, digit = m.group(letter_at), _DIGIT_WORDS.get(m.group(digit_at), m.group(digit_at))
            if _FITS[letter] == digit:
                meant.setdefault(letter, digit)
    return meant


def read_as_meant(number: str, meant: dict[str, str]) -> str:
    """The number with each letter replaced by the digit it was meant as ('' if a letter is left)."""
    read = "".join(meant.get(ch.lower(), ch) for ch in number)
    return read if not any(ch in _SLIP_LETTERS for ch in read) else ""
