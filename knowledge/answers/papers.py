"""Kinds of personal paper a message names (papers.yml): "mất ví, trong đó có căn cước, bằng lái,
thẻ BHYT" names three, so it asks about three procedures, not one."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold

PAPERS_FILE = Path(__file__).with_name("papers.yml")
# A clause that asks (folded): a question mark, question words or a re-issue verb. "Làm lại căn
# cước ở đâu?" singles one paper out wherever it stands; "Cảm ơn ạ" after it asks nothing.
_ASKING = re.compile(r"\?|\b(?:lam lai|cap lai|xin lai|lam moi|o dau|the nao|nhu nao|ra sao|bao nhieu|bao lau|"
                     r"duoc khong|can gi|giay to gi|thu tuc gi)\b")
_CLAUSES = re.compile(r"[^,.;:!?\n]+[,.;:!?\n]*")


@lru_cache(maxsize=1)
def _kinds(path: Path = PAPERS_FILE) -> tuple[tuple[str, re.Pattern], ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = []
    for kind, phrases in (data.get("papers") or {}).items():
        folded = sorted({fold(str(p)).strip() for p in phrases or [] if str(p).strip()}, key=len, reverse=True)
        if folded:   # an empty alternation would match every text
            kinds.append((kind, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in folded) + r")\b")))
    return tuple(kinds)


@lru_cache(maxsize=1)
def _lost_words(path: Path = PAPERS_FILE) -> re.Pattern | None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = sorted({fold(str(w)).strip() for w in data.get("lost_words") or [] if str(w).strip()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None


def reports_lost_papers(text: str, at_least: int) -> bool:
    """The message reports losing `at_least` kinds of paper and asks about none of them alone
    ("Tôi bị mất căn cước, bằng lái và thẻ BHYT")."""
    lost = _lost_words()
    return lost is not None and bool(lost.search(fold(text))) and asks_about_several(text, at_least)


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
