"""Policy questions that no catalogue procedure answers (policy_topics.yml).

"Con tôi có được giảm học phí không?", "cách tính lương hưu khi nghỉ hưu trước tuổi?" ask
about an entitlement or an amount, not about filing something; the search still finds a
procedure sharing their words ("miễn, giảm phí ..."), so the question is checked against a
curated table of such topics first. Only the question is read (a long story's question
sentence): the background of a story may mention a pension and still ask for a procedure.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold
from knowledge.answers.question_focus import focus_text

POLICY_TOPICS_FILE = Path(__file__).with_name("policy_topics.yml")


def _pattern(phrases: set[str]) -> re.Pattern | None:
    phrases.discard("")
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def load_policy_patterns(path: Path = POLICY_TOPICS_FILE) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(firm topics, topics that hold only without a clear match)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return None, None
    topics = data.get("topics", [])
    firm = {fold(str(p)).strip() for t in topics if not t.get("unless_clear_match") for p in t.get("phrases", [])}
    soft = {fold(str(p)).strip() for t in topics if t.get("unless_clear_match") for p in t.get("phrases", [])}
    return _pattern(firm), _pattern(soft)


def policy_topic(text: str, clear_match: bool = False) -> str | None:
    """The policy phrase the message's question says, or None. A topic marked
    `unless_clear_match` is background as often as it is the question ("bị sa thải, muốn rút BHXH
    một lần"): it holds only when no procedure clearly matches the message (`clear_match`)."""
    firm, soft = load_policy_patterns()
    question = fold(focus_text(text))
    match = firm.search(question) if firm is not None else None
    if match is None and soft is not None and not clear_match:
        match = soft.search(question)
    return match.group(0) if match else None
