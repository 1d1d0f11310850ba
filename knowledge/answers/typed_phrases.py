"""Does a phrase written with diacritics occur in a message as typed? Folded, words merge ("để
còn" and "đẻ con" are both "de con"); a word typed with a mark the phrase's word lacks is another
word, while a mark left out still fits ("mơi sinh" is "mới sinh")."""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def phrase_typed(written: tuple[str, ...], target: list[str], typed: list[str], typed_folded: list[str],
                 accented: bool) -> bool:
    """The phrase's words occur in a row in the message (folded), and, in a message typed with
    diacritics, no word there carries a mark the phrase's word lacks: "để còn chuẩn bị" folds to
    the "đẻ con" of a birth but is other words; "mơi sinh" (a mark left out) still is "mới sinh".
    `target` is the phrase's words folded (computed once, when the phrases are loaded)."""
    n = len(target)
    for start in range(len(typed_folded) - n + 1):
        if typed_folded[start:start + n] == target and (
                not accented or all(_marks_fit(t, w) for t, w in zip(typed[start:start + n], written))):
            return True
    return False


def _marks(char: str) -> set[str]:
    decomposed = unicodedata.normalize("NFD", char)
    return set(decomposed[1:]) | ({"đ"} if char == "đ" else set())


def _marks_fit(typed: str, written: str) -> bool:
    """Every diacritic typed in the word is one the written word has at that letter."""
    if len(typed) != len(written):
        return True
    return all(a == b or _marks(a) <= _marks(b) for a, b in zip(typed, written))
