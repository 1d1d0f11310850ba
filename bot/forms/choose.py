"""Which form the citizen means ("giúp tôi điền tờ khai đăng ký tạm trú"), by the forms' titles
and aliases (plus the curated aliases of their procedures); the longest match wins."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from core.text.normalize import fold, normalize_text
from knowledge.flows.forms import FormDefinition


def _keys(words: Iterable[str]) -> set[str]:
    return {k for w in words for k in (fold(w).strip(), normalize_text(w)) if k}


def match_form(text: str, forms: dict[str, FormDefinition], extra_aliases: dict[str, list[str]] | None = None,
               resolve: Callable[[str], str | None] | None = None) -> str | None:
    """The procedure code of the form named in the text, or None.

    `resolve` (e.g. the knowledge search) is asked only when no alias matches; its answer
    counts only if it is one of the forms.
    """
    folded = " " + " ".join(re.findall(r"\w+", fold(text))) + " "
    normalized = " " + normalize_text(text) + " "
    best: tuple[int, str] | None = None
    for code, form in forms.items():
        words = [*form.aliases, form.title, *(extra_aliases or {}).get(code, [])]
        for alias in words:
            parts = [_keys([part]) for part in alias.split(" + ")]  # "gia hạn + tạm trú": both, anywhere
            keys = [[" ".join(re.findall(r"\w+", k)) for k in options] for options in parts]
            if all(any(k and (f" {k} " in folded or f" {k} " in normalized) for k in options) for options in keys):
                size = sum(max(len(k) for k in options) for options in keys) + len(keys) - 1
                if best is None or size > best[0]:
                    best = (size, code)
    if best is not None:
        return best[1]
    if resolve is not None:
        code = resolve(text)
        return code if code in forms else None
    return None
