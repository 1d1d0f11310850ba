"""Kinds of personal paper a message names (papers.yml): "mất ví, trong đó có căn cước, bằng lái,
thẻ BHYT" names three, so it asks about three procedures, not one."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold
from knowledge.answers.question_focus import sentences

PAPERS_FILE = Path(__file__).with_name("papers.yml")


@lru_cache(maxsize=1)
def _kinds(path: Path = PAPERS_FILE) -> tuple[tuple[str, re.Pattern], ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = []
    for kind, phrases in (data.get("papers") or {}).items():
        folded = sorted({fold(str(p)).strip() for p in phrases if str(p).strip()}, key=len, reverse=True)
        kinds.append((kind, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in folded) + r")\b")))
    return tuple(kinds)


def papers_named(text: str) -> set[str]:
    folded = fold(text)
    return {kind for kind, pattern in _kinds() if pattern.search(folded)}


def asks_about_several(text: str, at_least: int) -> bool:
    """The message names `at_least` kinds of paper and its last sentence does not single one out
    ("… mất ví có căn cước, bằng lái, thẻ BHYT. Làm lại căn cước ở đâu?" asks about one)."""
    if at_least <= 0 or len(papers_named(text)) < at_least:
        return False
    spans = sentences(text)
    return not (len(spans) > 1 and len(papers_named(text[spans[-1][0]:spans[-1][1]])) == 1)
