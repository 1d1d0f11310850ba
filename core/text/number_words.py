"""Numbers written in words inside dates: "mười lăm tháng chạp năm hai nghìn linh một" -> "15 thang 12 nam 2001".

Works on folded text (core.text.normalize.fold). Number words are read only where a date expects a number:
right after "ngày", "mùng"/"mồng", "tháng" or "năm", or just before "tháng" ("hai lăm tháng tám").
Elsewhere they stay words: "năm" is both "five" and "year", "tư" is also "từ", "tám" also "tạm".
"""
from __future__ import annotations

import re

UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
         "chin": 9}
# The unit after a ten: "hai mươi mốt" = 21, "mười lăm" = 15, "hai tư" = 24. "năm" there is the year:
# "tháng mười năm 2020" is October 2020.
AFTER_TENS = {**{w: d for w, d in UNITS.items() if d and w != "nam"}, "lam": 5, "nham": 5}
SCALES = {"nghin": 1000, "ngan": 1000, "tram": 100}
MONTH_NAMES = {"gieng": 1, "chap": 12}
KEYWORDS = ("ngay", "mung", "mong", "thang", "nam")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|\S")


def _read(words: list[str], i: int) -> tuple[int, int] | None:
    """(value, index after it) of the spoken number starting at words[i], or None."""
    def at(k: int) -> str:
        return words[k] if k < len(words) else ""

    def unit_after_tens(k: int) -> bool:  # "mười hai" but not "mười | hai nghìn ..."
        return at(k) in AFTER_TENS and at(k + 1) not in SCALES

    value, j = 0, i
    for scale in (1000, 100):  # "hai nghìn", "không trăm"
        if at(j) in UNITS and SCALES.get(at(j + 1)) == scale:
            value, j = value + UNITS[at(j)] * scale, j + 2
    if value and at(j) in ("linh", "le") and at(j + 1) in UNITS:  # "hai nghìn linh năm" = 2005
        return value + UNITS[at(j + 1)], j + 2
    if at(j) == "muoi":  # "mười", "mười lăm"
        tens, j = 1, j + 1
    elif UNITS.get(at(j), 0) >= 2 and (at(j + 1) == "muoi" or unit_after_tens(j + 1)):  # "hai mươi", "hai lăm"
        tens, j = UNITS[at(j)], j + (2 if at(j + 1) == "muoi" else 1)
    elif at(j) in UNITS:
        return value + UNITS[at(j)], j + 1
    else:
        return (value, j) if j > i else None
    if unit_after_tens(j):
        return value + 10 * tens + AFTER_TENS[at(j)], j + 1
    return value + 10 * tens, j


def spoken_numbers_to_digits(folded: str) -> str:
    """Folded date text with its number words as digits (tokens joined by single spaces)."""
    words = _TOKEN.findall(folded)
    out: list[str] = []
    i = 0
    while i < len(words):
        prev = out[-1] if out else ""
        if prev == "thang" and words[i] in MONTH_NAMES:
            out.append(str(MONTH_NAMES[words[i]]))
            i += 1
            continue
        read = _read(words, i)
        if read and (prev in KEYWORDS or (read[1] < len(words) and words[read[1]] == "thang")):
            out.append(str(read[0]))
            i = read[1]
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)
