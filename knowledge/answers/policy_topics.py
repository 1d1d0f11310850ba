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


@lru_cache(maxsize=1)
def load_policy_pattern(path: Path = POLICY_TOPICS_FILE) -> re.Pattern | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return None
    phrases = {fold(str(p)).strip() for topic in data.get("topics", []) for p in topic.get("phrases", [])}
    phrases.discard("")
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


def policy_topic(text: str) -> str | None:
    """The policy phrase the message's question says, or None."""
    pattern = load_policy_pattern()
    if pattern is None:
        return None
    match = pattern.search(fold(focus_text(text)))
    return match.group(0) if match else None
