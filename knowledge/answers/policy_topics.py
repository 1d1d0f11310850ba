"""Policy questions that no catalogue procedure answers (policy_topics.yml).

"Con tôi có được giảm học phí không?", "cách tính lương hưu khi nghỉ hưu trước tuổi?" ask
about an entitlement or an amount, not about filing something; the search still finds a
procedure sharing their words ("miễn, giảm phí ..."), so the question is checked against a
curated table of such topics first. Only the question is read (a long story's question
sentence): the background of a story may mention a pension and still ask for a procedure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold
from knowledge.answers.question_focus import focus_text
from knowledge.search.text import lowered, phrase_pattern, read_as_typed

POLICY_TOPICS_FILE = Path(__file__).with_name("policy_topics.yml")


@dataclass(frozen=True)
class Topics:
    """The topics' phrases as patterns, by how they hold."""
    firm: re.Pattern | None
    # hold only when no procedure clearly matches (`unless_clear_match`)
    soft: re.Pattern | None
    # `accented` topics, read with diacritics when the message has them (folded, "phạt" is "phát":
    # "nhận qua chuyển phát bao nhiêu tiền"); they hold even beside a life situation
    exact: re.Pattern | None
    exact_folded: re.Pattern | None


@lru_cache(maxsize=1)
def load_topics(path: Path = POLICY_TOPICS_FILE) -> Topics:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return Topics(None, None, None, None)
    topics = data.get("topics", [])

    def phrases(chosen, form=fold) -> set[str]:
        return {form(str(p)).strip() for t in topics if chosen(t) for p in t.get("phrases", [])}

    plain = lambda t: not t.get("accented")   # noqa: E731
    return Topics(phrase_pattern(phrases(lambda t: plain(t) and not t.get("unless_clear_match"))),
                  phrase_pattern(phrases(lambda t: plain(t) and t.get("unless_clear_match"))),
                  phrase_pattern(phrases(lambda t: t.get("accented"), lowered)),
                  phrase_pattern(phrases(lambda t: t.get("accented"))))


def policy_topic(text: str, clear_match: bool = False, in_situation: bool = False) -> str | None:
    """The policy phrase the message's question says, or None. A topic marked
    `unless_clear_match` is background as often as it is the question ("bị sa thải, muốn rút BHXH
    một lần"): it holds only when no procedure clearly matches the message (`clear_match`). Beside
    a life situation (`in_situation`) only the `accented` topics hold ("mua xe cũ chưa sang tên thì
    mức phạt bao nhiêu" asks for a fine, not for the transfer)."""
    topics = load_topics()
    question = focus_text(text)
    exact, said = read_as_typed(question, (topics.exact, topics.exact_folded))
    match = exact.search(said) if exact is not None else None
    if match is None and not in_situation:
        folded = fold(question)
        match = topics.firm.search(folded) if topics.firm is not None else None
        if match is None and topics.soft is not None and not clear_match:
            match = topics.soft.search(folded)
    return match.group(0) if match else None
