"""Which form the citizen means ("giúp tôi điền tờ khai đăng ký tạm trú"), by the forms' titles
and aliases (plus the curated aliases of their procedures); the longest match wins."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

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
    texts = _forms_of_text(text)
    best: tuple[int, str] | None = None
    for code, form in forms.items():
        for alias in [*form.aliases, form.title, *(extra_aliases or {}).get(code, [])]:
            size = _matched_size(alias, texts)
            if size and (best is None or size > best[0]):
                best = (size, code)
    if best is not None:
        return best[1]
    if resolve is not None:
        code = resolve(text)
        return code if code in forms else None
    return None


def _forms_of_text(text: str) -> tuple[str, str]:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " ", " " + normalize_text(text) + " "


@lru_cache(maxsize=16384)
def _phrase_keys(phrase: str) -> tuple[tuple[str, ...], ...]:
    """The words each part of an alias or situation phrase may be written as. The same few
    hundred phrases are tried on every message: folded and normalised once each."""
    return tuple(tuple(" ".join(re.findall(r"\w+", k)) for k in _keys([part])) for part in phrase.split(" + "))


def _matched_size(phrase: str, texts: tuple[str, str]) -> int:
    """The length of `phrase` when it is in the text (0 when not); "gia hạn + tạm trú": both, anywhere."""
    keys = _phrase_keys(phrase)
    if all(any(k and any(f" {k} " in t for t in texts) for k in options) for options in keys):
        return sum(max(len(k) for k in options) for options in keys) + len(keys) - 1
    return 0


def form_by_situation(text: str, forms: dict[str, FormDefinition]) -> str | None:
    """The form a told situation needs ("thuê phòng trọ, chủ trọ nói phải khai báo"): the one
    whose `situations` phrases the message holds most; None when none or two tie."""
    texts = _forms_of_text(text)
    counts = sorted(((sum(1 for p in form.situations if _matched_size(p, texts)), code)
                     for code, form in forms.items()), reverse=True)
    if not counts or counts[0][0] == 0 or len(counts) > 1 and counts[1][0] == counts[0][0]:
        return None
    return counts[0][1]
