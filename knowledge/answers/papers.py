"""Kinds of personal paper a message names (papers.yml): "mất ví, trong đó có căn cước, bằng lái,
thẻ BHYT" names three, so it asks about three procedures, not one."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold, normalize_text
from knowledge.search.text import phrase_pattern, read_as_typed, typed_patterns

PAPERS_FILE = Path(__file__).with_name("papers.yml")
# A clause that asks (folded): a question mark, question words or a re-issue verb. "Làm lại căn
# cước ở đâu?" singles one paper out wherever it stands; "Cảm ơn ạ" after it asks nothing.
_ASKING = re.compile(r"\?|\b(?:lam lai|cap lai|xin lai|lam moi|o dau|the nao|nhu nao|ra sao|bao nhieu|bao lau|"
                     r"duoc khong|can gi|giay to gi|thu tuc gi)\b")
_CLAUSES = re.compile(r"[^,.;:!?\n]+[,.;:!?\n]*")
# "không bị mất", "chưa đánh rơi": a loss denied
_NEGATED = re.compile(r"\b(?:không|chưa|chẳng|khong|chua|chang|ko|k)\s+$")


@lru_cache(maxsize=1)
def _data(path: Path = PAPERS_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, re.Pattern], ...]:
    kinds = ((kind, phrase_pattern(fold(str(p)) for p in phrases or []))
             for kind, phrases in (_data().get("papers") or {}).items())
    return tuple((kind, pattern) for kind, pattern in kinds if pattern is not None)


@lru_cache(maxsize=1)
def _lost_phrases() -> tuple[re.Pattern | None, re.Pattern | None]:
    """(accented, folded) patterns of the phrases that report a loss."""
    return typed_patterns(_data().get("lost_words"))


def reports_loss(text: str) -> bool:
    """The message reports a loss ("bị mất", "đánh rơi", "thất lạc"), read with diacritics when
    it has them ("mặt", "mật" are no "mất"); not after "không" / "chưa" ("tôi không bị mất")."""
    pattern, said = read_as_typed(text, _lost_phrases())
    if pattern is None:
        return False
    return any(not _NEGATED.search(said[:m.start()]) for m in pattern.finditer(said))


def reports_lost_papers(text: str, at_least: int) -> bool:
    """The message reports losing `at_least` kinds of paper and asks about none of them alone
    ("Tôi bị mất căn cước, bằng lái và thẻ BHYT")."""
    return reports_loss(text) and asks_about_several(text, at_least)


def papers_named(text: str) -> set[str]:
    folded = fold(text)
    return {kind for kind, pattern in _kinds() if pattern.search(folded)}


def asks_about_several(text: str, at_least: int) -> bool:
    """The message names `at_least` kinds of paper and no clause that asks singles one out ("… mất
    ví có căn cước, bằng lái, thẻ BHYT, làm lại căn cước ở đâu?" asks about one)."""
    if at_least <= 0 or len(papers_named(text)) < at_least:
        return False
    asking = [c for c in _CLAUSES.findall(fold(text)) if _ASKING.search(c)]
    return not any(len(papers_named(clause)) == 1 for clause in asking)


@lru_cache(maxsize=1)
def _affairs() -> tuple[tuple[str, tuple[re.Pattern | None, re.Pattern | None]], ...]:
    """(kind, (accented, folded) patterns) of the affairs a life change touches."""
    return tuple((kind, typed_patterns(phrases)) for kind, phrases in (_data().get("affairs") or {}).items())


@lru_cache(maxsize=1)
def _several_steps() -> re.Pattern | None:
    """The phrases read the way the message is (normalize_text: folded, teencode expanded)."""
    return phrase_pattern(normalize_text(str(p)) for p in _data().get("several_steps") or [])


def affairs_named(text: str) -> set[str]:
    named = set()
    for kind, patterns in _affairs():
        pattern, said = read_as_typed(text, patterns)
        if pattern is not None and pattern.search(said):
            named.add(kind)
    return named


def asks_for_several_affairs(text: str) -> bool:
    """A life change told with several affairs (a pension, a residence, a plot, a vehicle, a loan …)
    and a question for the order of the steps ("… nên bắt đầu từ đâu?"): several procedures."""
    steps = _several_steps()
    at_least = int(_data().get("several_affairs") or 0)
    return (at_least > 0 and steps is not None and steps.search(normalize_text(text)) is not None
            and len(affairs_named(text)) >= at_least)
