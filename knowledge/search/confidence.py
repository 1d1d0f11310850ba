"""Reading a ranked hit list: one clear answer, a few close ones, or nothing that fits."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# Chosen from the trade-off table in reports/search_eval.md (real procedure
# questions vs. off-topic probe messages). Kept low: the NLU already routes
# greetings and chit-chat away, so wrongly saying "no match" costs more than
# showing a weak candidate.
NO_MATCH_BELOW = 0.25
CLOSE_WITHIN = 0.04
MAX_CHOICES = 3


@dataclass(frozen=True)
class MatchAssessment:
    status: Literal["confident", "ambiguous", "no_match"]
    # confident: [best]; ambiguous: the close candidates to offer as buttons; no_match: []
    candidates: list[dict]


def assess(
    hits: Sequence[dict],
    no_match_below: float = NO_MATCH_BELOW,
    close_within: float = CLOSE_WITHIN,
    max_choices: int = MAX_CHOICES,
) -> MatchAssessment:
    if not hits or hits[0]["score"] < no_match_below:
        return MatchAssessment("no_match", [])
    best = hits[0]["score"]
    close = [h for h in hits[:max_choices] if best - h["score"] <= close_within]
    if len(close) > 1:
        return MatchAssessment("ambiguous", close)
    return MatchAssessment("confident", [hits[0]])
