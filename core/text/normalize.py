"""Diacritic folding and teencode/regional normalisation of Vietnamese text.

Citizens write "lam giay khai sinh o dau", "ko dc", "khai sanh", "răng" (Central for "sao").
`fold` strips diacritics (đ -> d) so both spellings meet; `normalize_word` expands
teencode and regional words to standard Vietnamese before folding.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.text.teencode import REGIONAL_WITH_DIACRITICS, TEENCODE, TIME_WORDS_BEFORE_MO

_WORD_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and remove Vietnamese diacritics: 'Đăng ký' -> 'dang ky'."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (or đ)."""
    return fold(text) != text.lower()


def normalize_word(word: str) -> str:
    """Standard folded form of one written word (teencode and regional words expanded).

    Regional words are only recognised with their diacritics ("mô" = đâu, but "mo"
    may be "mở"); teencode is matched on the folded form.
    """
    lower = unicodedata.normalize("NFC", word.lower())
    if lower in REGIONAL_WITH_DIACRITICS:
        return fold(REGIONAL_WITH_DIACRITICS[lower])
    folded = fold(lower)
    return fold(TEENCODE.get(folded, folded))


def normalize_text(text: str) -> str:
    """Folded, teencode-expanded text with single spaces (for lexical matching)."""
    words = _WORD_RE.findall(text)
    return " ".join("nao" if _is_when_mo(words, i) else normalize_word(w) for i, w in enumerate(words))


def _is_when_mo(words: list[str], i: int) -> bool:
    """Central "mô" after a time word ("chừng mô có kết quả") asks when: "nào", not "đâu"."""
    return (i > 0 and unicodedata.normalize("NFC", words[i].lower()) == "mô"
            and unicodedata.normalize("NFC", words[i - 1].lower()) in TIME_WORDS_BEFORE_MO)
