"""Corrections that name no field: the citizen restates the value or swaps one word in it.

"à mà khoan, số nhà là 29 chứ không phải 27, em sửa lại giùm tui: 29 kiệt 5 Chi Lăng, …"
restates an address already given; "nhầm, 1985 chứ không phải 1958" swaps one token of a date.
The field is found by its value, not by a label: the filled field whose value the restatement
resembles most, or the one field whose value holds the replaced token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forms.language import NOT_THAT, has_correction_marker, strip_answer
from core.text.normalize import fold, has_diacritics

# "29 chứ không phải 27", "29 chớ hông phải 27", "không phải 27 mà là 29"
_SWAP = re.compile(rf"(?i)([\w/.-]+)\s+{NOT_THAT}(?:\s+là|\s+la)?\s+([\w/.-]+)")
_SWAP_REVERSED = re.compile(r"(?i)(?:không|ko|hông|hổng|k|khong)\s+(?:phải|phai)(?:\s+là|\s+la)?\s+([\w/.-]+)\s*,?\s+mà\s+(?:là\s+)?([\w/.-]+)")
_SWAP_PHRASE = re.compile(rf"(?i)([^,.;:!?]+?)\s+{NOT_THAT}(?:\s+là|\s+la)?\s+([^,.;:!?]+)")
_REVERSED_PHRASE = re.compile(r"(?i)(?:không|ko|hông|hổng|k|khong)\s+(?:phải|phai)(?:\s+là|\s+la)?\s+([^,.;:!?]+?)"
                              r"\s*,?\s+mà\s+(?:là\s+|la\s+)?([^,.;:!?]+?)\s*(?:\s(?:nha|nhé|nhe|ạ|nghe|nghen)\b.*)?(?:[,.;:!?]|$)")
# a restated value shares at least this share of the old value's words
MIN_OVERLAP = 0.6
MIN_RESTATED_WORDS = 3


@dataclass(frozen=True)
class Restated:
    field_name: str
    value: str


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text).lower())


def _restated_value(text: str) -> str | None:
    """The value written after the last colon of a correction ('… sửa lại giùm tui: 29 kiệt 5 …')."""
    if ":" not in text:
        return None
    value = strip_answer(text.rsplit(":", 1)[1])
    return value if len(_tokens(value)) >= MIN_RESTATED_WORDS else None


def _by_resemblance(values: dict[str, str], value: str) -> Restated | None:
    new = set(_tokens(value))
    best: tuple[float, str] | None = None
    for name, old in values.items():
        old_tokens = _tokens(old or "")
        if len(old_tokens) < MIN_RESTATED_WORDS or fold(old).lower() == fold(value).lower():
            continue
        share = sum(1 for t in old_tokens if t in new) / len(old_tokens)
        if share >= MIN_OVERLAP and (best is None or share > best[0]):
            best = (share, name)
    return Restated(best[1], value) if best else None


def by_phrase_swap(values: dict[str, str], text: str) -> Restated | None:
    """'ấp Long Thới chớ hổng phải ấp Long Bình': the longest run of words after "phải" found in
    exactly one value is replaced by as many words said before it. The run is found with or
    without diacritics ("ap Long Thoi chu khong phai ap Long Binh" in "ấp Long Bình, …")."""
    if _REVERSED_PHRASE.search(text):  # "không phải X mà là Y": X is the old words, not what precedes
        return by_reversed_phrase(values, text)
    match = _SWAP_PHRASE.search(text)
    if match is None:
        return None
    new_words, old_words = match.group(1).split(), match.group(2).split()
    for k in range(min(len(old_words), len(new_words), 5), 1, -1):
        old, new = " ".join(old_words[:k]), " ".join(new_words[-k:])
        held = _held_once(values, old, text)
        if held is not None:
            new = _aligned(new_words, old_words[0], k) or new
        if held is not None and old != new:
            return _replaced(values, held, new)
    return None


def _aligned(new_words: list[str], first_old: str, k: int) -> str:
    """'Phan Ngọc Diệp Anh chứ ko phải Phan Ngọc Diệp': the new words from the one the old
    words start with (a name that grew a word), when that run is a little longer than k."""
    for j in range(len(new_words) - k, max(len(new_words) - k - 3, -1), -1):
        if fold(new_words[j]) == fold(first_old):
            return " ".join(new_words[j:])
    return ""


def by_reversed_phrase(values: dict[str, str], text: str) -> Restated | None:
    """'không phải xin việc mà là bổ sung hồ sơ định cư Canada': the words after "không phải",
    found in exactly one value, are replaced there by the words after "mà (là)"."""
    match = _REVERSED_PHRASE.search(text)
    if match is None:
        return None
    old, new = match.group(1).strip(), match.group(2).strip()
    held = _held_once(values, old, text)
    return _replaced(values, held, new) if held is not None and new and old != new else None


def _held_once(values: dict[str, str], old: str, text: str) -> tuple[str, re.Match] | None:
    """The one value holding the words `old` once: as written, or without diacritics and case
    when the message has none (the value was typed with them)."""
    plain = not has_diacritics(text)
    pattern = rf"(?<![\w]){re.escape(fold(old) if plain else old)}(?![\w])"
    found = {name: list(re.finditer(pattern, _folded(value) if plain else value)) for name, value in values.items() if value}
    holders = [(name, spans[0]) for name, spans in found.items() if len(spans) == 1]
    return holders[0] if len(holders) == 1 else None


def _replaced(values: dict[str, str], held: tuple[str, re.Match], new: str) -> Restated:
    name, span = held
    return Restated(name, values[name][:span.start()] + new + values[name][span.end():])


def _folded(value: str) -> str:
    """The value folded character for character (so a match's span is the same in the value)."""
    folded = fold(value)
    return folded if len(folded) == len(value) else value.lower()


def _by_swap(values: dict[str, str], text: str) -> Restated | None:
    phrase = by_phrase_swap(values, text)
    if phrase is not None:
        return phrase
    # "không phải X mà là Y" first: its "không phải" would also read as "(word) không phải X"
    reversed_match = _SWAP_REVERSED.search(text)
    match = None if reversed_match else _SWAP.search(text)
    if match is None and reversed_match is None:
        return None
    old, new = (reversed_match.group(1), reversed_match.group(2)) if reversed_match else (match.group(2), match.group(1))
    numbers = any(c.isdigit() for c in new) and any(c.isdigit() for c in old)
    if numbers and re.fullmatch(r"\d{1,2}/\d{1,2}", old) and re.fullmatch(r"\d{1,2}/\d{1,2}", new):
        old, new = _padded(old), _padded(new)  # "12/5 chứ không phải 21/5" in "21/05/2001"
    if not numbers and not has_correction_marker(re.sub(r"(?i)không\s+phải", " ", text)):
        return None  # "tôi không phải chủ hộ" swaps nothing; words need a "nhầm"/"sửa"
    holders = [name for name, value in values.items()
               if value and len(re.findall(rf"(?<![\w]){re.escape(old)}(?![\w])", value)) == 1]
    if len(holders) != 1:
        return None
    name = holders[0]
    return Restated(name, re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new, values[name], count=1))


def _padded(day_month: str) -> str:
    return "/".join(part.zfill(2) for part in day_month.split("/"))


def find_restatement(values: dict[str, str], text: str) -> Restated | None:
    """A correction of a filled field found by its value, or None."""
    if not has_correction_marker(text):
        return None
    restated = _restated_value(text)
    if restated:
        found = _by_resemblance(values, restated)
        if found:
            return found
    return _by_swap(values, text)
