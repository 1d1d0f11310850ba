"""Curated aliases said word for word in a message.

A curated alias is how citizens name a procedure ("tiền tuất", "sang tên sổ đỏ"). When a
message says one whole, that is strong evidence, yet in a long message the lexical F-measure
and the dense similarity dilute it among the other words, and a sibling whose name shares more
of the story's words can win ("ông nhà mất, đang lĩnh lương hưu, làm tiền tuất" went to the
pension back-pay procedure). A procedure one of whose aliases of two words or more the message
contains gains ALIAS_BONUS. A message typed with diacritics is matched with them: folded, "hồ sơ
đó" would say "sổ đỏ".
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .text import accented_words, fold, has_diacritics

ALIAS_BONUS = 0.02
MIN_ALIAS_WORDS = 2


class AliasPhraseIndex:
    def __init__(self, aliases: Sequence[Sequence[str]]):
        """`aliases`: per procedure, its curated aliases."""
        self._size = len(aliases)
        self._phrases: dict[str, list[int]] = {}   # every alias, folded: for messages without diacritics
        self._accented: dict[str, list[int]] = {}  # aliases written with diacritics, as written
        self._plain: dict[str, list[int]] = {}     # aliases written without diacritics, folded
        for index, names in enumerate(aliases):
            for alias in names:
                folded = fold(alias)
                if len(folded.split()) < MIN_ALIAS_WORDS:
                    continue
                self._phrases.setdefault(f" {folded} ", []).append(index)
                if has_diacritics(alias):
                    self._accented.setdefault(f" {' '.join(accented_words(alias))} ", []).append(index)
                else:
                    self._plain.setdefault(f" {folded} ", []).append(index)

    def _matches(self, text: str):
        folded = f" {fold(text)} "
        if not has_diacritics(text):
            return [(p, i) for p, i in self._phrases.items() if p in folded]
        # an alias typed without diacritics ("rut bhxh 1 lan") still counts, folded
        said = f" {' '.join(accented_words(text))} "
        return ([(p, i) for p, i in self._accented.items() if p in said]
                + [(p, i) for p, i in self._plain.items() if p in folded])

    def said(self, text: str) -> list[tuple[int, str]]:
        """(procedure index, alias as matched) of every alias of two words or more said whole, the
        longest alias first."""
        found = [(i, phrase.strip()) for phrase, indices in self._matches(text) for i in indices]
        return sorted(found, key=lambda f: -len(f[1]))

    def adjustment(self, text: str) -> np.ndarray:
        bonus = np.zeros(self._size)
        for _, indices in self._matches(text):
            bonus[indices] = ALIAS_BONUS
        return bonus
