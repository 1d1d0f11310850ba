"""What a validator returns: the canonical value or a friendly explanation to re-ask with."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    ok: bool
    value: str | None = None   # canonical written form when ok
    error: str | None = None   # friendly explanation when not ok

    @staticmethod
    def valid(value: str) -> "Result":
        return Result(True, value=value)

    @staticmethod
    def invalid(error: str) -> "Result":
        return Result(False, error=error)


def clean(text: str) -> str:
    """NFC, single spaces, no surrounding blanks or final full stop."""
    text = unicodedata.normalize("NFC", text or "")
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip()
