"""Putting diacritics back on a message typed without them, for the dense side.

e5 reads unaccented Vietnamese poorly, but the catalogue and curated text say
how its words are spelled: for every folded word pair (and word), the accented
form seen most often there. A message is re-accented left to right, preferring
known word pairs (which settle most homographs: "so do" -> "sổ đỏ" next to
"giay" is still "sổ đỏ", "so ho khau" -> "sổ hộ khẩu"); words the catalogue
never uses are left as typed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .text import accented_words, fold

# Chat words the catalogue rarely uses (or spells otherwise), counted as if seen
# this many times, so "o dau" reads "ở đâu", not "ở đầu".
CONVERSATION_PHRASES = (
    "ở đâu", "thế nào", "như thế nào", "làm sao", "làm gì", "bao lâu", "bao nhiêu", "được không",
    "có được không", "thì", "rồi", "có", "để", "không", "được", "muốn", "cần", "gì", "phải", "mà",
    "nhà", "của", "với", "tôi", "mình", "chưa", "đã", "đâu", "giờ", "xin", "hỏi", "cho", "nào", "nữa",
)
CONVERSATION_WEIGHT = 50


class Reaccenter:
    def __init__(self, texts: Iterable[str]):
        texts = [*texts, *(p for p in CONVERSATION_PHRASES for _ in range(CONVERSATION_WEIGHT))]
        pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
        words: dict[str, Counter] = defaultdict(Counter)
        for text in texts:
            accented = [w for w in accented_words(text) if fold(w) == fold(w).strip() and " " not in fold(w)]
            folded = [fold(w) for w in accented]
            for i, word in enumerate(accented):
                words[folded[i]][word] += 1
                if i + 1 < len(accented):
                    pairs[(folded[i], folded[i + 1])][(word, accented[i + 1])] += 1
        self._pairs = {key: (forms.most_common(1)[0][0], sum(forms.values())) for key, forms in pairs.items()}
        self._words = {key: forms.most_common(1)[0][0] for key, forms in words.items()}

    def __call__(self, text: str) -> str:
        """The message with the catalogue's spelling of each word it recognises."""
        folded = fold(text).split()
        out: list[str] = []
        i = 0
        while i < len(folded):
            here = self._pairs.get(tuple(folded[i : i + 2])) if i + 1 < len(folded) else None
            after = self._pairs.get(tuple(folded[i + 1 : i + 3])) if i + 2 < len(folded) else None
            # When the next pair is better attested, let it claim the shared word.
            if here and not (after and after[1] > here[1]):
                out.extend(here[0])
                i += 2
                continue
            out.append(self._words.get(folded[i], folded[i]))
            i += 1
        return " ".join(out)
