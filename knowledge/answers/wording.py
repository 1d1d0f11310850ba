"""Fixed Vietnamese phrasing and small plain-language helpers for answers.

The sentences live in knowledge/wording/vi.yml under `answers:`; `wording.NO_STEPS` (this module) is
`answers.no_steps` there, read at each use so an officer's edit shows without a restart.
"""
from __future__ import annotations

import re

from knowledge.wording import constants, say, section

__getattr__ = constants("answers")


def shorten(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text or "").strip(" -;:.")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _money(amount: int) -> str:
    return say("answers.money", amount=f"{amount:,}".replace(",", "."))


def describe_fee(method: dict) -> str:
    amount = method.get("fee_amount")
    text = (method.get("fee") or "").strip()
    if amount == 0 or re.search(r"miễn|không (thu|mất)", text, re.IGNORECASE):
        return say("answers.free")
    if amount:
        return _money(int(amount))
    return shorten(text, 200) or say("answers.not_stated")


def describe_time(method: dict) -> str:
    days = method.get("processing_days")
    text = shorten(method.get("processing_time") or "", 200)
    if days is not None and not re.search(r"\d", text):
        return say("answers.days", days=days)
    return text or say("answers.not_stated")


def describe_level(level: str | None) -> str:
    if not level:
        return ""
    lowered = level.lower()
    for key, sentence in section("answers.levels").items():
        if key in lowered:
            return sentence
    return say("answers.level_other", level=level)
