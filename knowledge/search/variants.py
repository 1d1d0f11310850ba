"""Short and citizen-worded variants of official procedure names, for lexical search.

Catalogue names are long (22 words on average): the action and object come
first, then qualifiers ("... đối với công trình cấp III, cấp IV (công trình
không theo tuyến) và nhà ở riêng lẻ"). A citizen's message names only the head,
so as a whole the long name looks like a poor match next to a short one that
shares a word or two. Each name therefore also gets:

- its head: the name cut before the first qualifier;
- citizen-worded copies of the name and of the head, where official phrases
  are replaced by the words people use (citizen_words.yml), e.g.
  "đăng ký biện pháp bảo đảm" -> "đăng ký thế chấp".

These are generated for all procedures, so they cover the long tail that has no
curated aliases. Substitution works on word lists, keeping the diacritics, so
the variants serve queries typed with and without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .text import fold, modern_tones

CITIZEN_WORDS_FILE = Path(__file__).with_name("citizen_words.yml")
# A head shorter than this many words says too little to stand alone.
MIN_HEAD_WORDS = 3
# Where the qualifiers of a name begin.
_QUALIFIER = re.compile(
    r"\s(?:đối với|trong trường hợp|trường hợp|thực hiện bằng|thực hiện tại|theo đề nghị|theo quy định|"
    r"tại cấp|do cơ quan|thuộc thẩm quyền)\s|\s?[(;:]",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^\s*thủ tục\s+", re.IGNORECASE)
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Rewrite:
    official: tuple[str, ...]  # folded words
    citizen: tuple[str, ...]  # accented words


def _words(text: str) -> list[str]:
    return _WORD.findall(modern_tones(text))


@lru_cache(maxsize=4)
def load_rewrites(path: Path = CITIZEN_WORDS_FILE) -> tuple[Rewrite, ...]:
    """One rewrite per (official phrase, citizen phrase), longest official phrase first."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    rewrites = {
        Rewrite(tuple(fold(official).split()), tuple(_words(citizen)))
        for entry in entries
        for official in entry.get("official") or ()
        for citizen in entry.get("citizen") or ()
        if fold(official).split() and _words(citizen)
    }
    return tuple(sorted(rewrites, key=lambda r: (-len(r.official), r.official, r.citizen)))


def name_head(name: str) -> str:
    """The name before its first qualifier, without a leading "Thủ tục"; "" when no shorter."""
    text = _LEADING.sub("", " ".join(name.split()))
    cut = _QUALIFIER.search(text)
    head = text[: cut.start()] if cut else text
    words = _words(head)
    if len(words) < MIN_HEAD_WORDS or len(words) == len(_words(name)):
        return ""
    return " ".join(words)


def _find(folded: list[str], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    for start in range(len(folded) - n + 1):
        if tuple(folded[start : start + n]) == phrase:
            return start
    return -1


def citizen_wording(text: str, rewrites: tuple[Rewrite, ...]) -> list[str]:
    """Copies of the text with official phrases replaced by citizen words.

    The first citizen phrase of every matching official phrase is applied
    together in one copy; each further citizen phrase gives one more copy.
    """
    words = _words(text)
    folded = [fold(w) for w in words]
    matched: dict[tuple[str, ...], list[Rewrite]] = {}
    taken: set[int] = set()
    for rewrite in rewrites:  # longest official phrase first; overlapping shorter ones are skipped
        start = _find(folded, rewrite.official)
        span = set(range(start, start + len(rewrite.official)))
        if start < 0 or (span & taken and rewrite.official not in matched):
            continue
        taken |= span
        matched.setdefault(rewrite.official, []).append(rewrite)
    if not matched:
        return []

    def apply(choice: dict[tuple[str, ...], Rewrite]) -> str:
        out, i = [], 0
        while i < len(words):
            rewrite = next((r for phrase, r in choice.items() if tuple(folded[i : i + len(phrase)]) == phrase), None)
            if rewrite is None:
                out.append(words[i])
                i += 1
            else:
                out.extend(rewrite.citizen)
                i += len(rewrite.official)
        return " ".join(out)

    first = {phrase: options[0] for phrase, options in matched.items()}
    copies = [apply(first)]
    for phrase, options in matched.items():
        copies.extend(apply({**first, phrase: other}) for other in options[1:])
    return list(dict.fromkeys(copies))


def name_variants(name: str, rewrites: tuple[Rewrite, ...] | None = None) -> tuple[str, ...]:
    """Head and citizen-worded copies of a procedure name (the name itself excluded)."""
    rewrites = load_rewrites() if rewrites is None else rewrites
    head = name_head(name)
    variants = [head] if head else []
    for text in (name, head) if head else (name,):
        variants.extend(citizen_wording(text, rewrites))
    return tuple(v for v in dict.fromkeys(variants) if v and v != name)
