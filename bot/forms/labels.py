"""Where labels ("sđt", "tên bé") and person cues ("mẹ bé", "bố cháu") sit in a message.

A label names a field; a cue names whose fields follow (the baby, the mother, the groom).
Overlapping mentions are settled here: the longest wins, and a label sharing a word with a cue
becomes that person's label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forms.language import same_accents
from core.text.normalize import fold, has_diacritics
from knowledge.flows.forms import Field, FormDefinition

# "để" as a verb, not "in order to": "cccd e để trong ví", "để em lấy", "để mai" (folded)
_DE_NOT_PURPOSE = re.compile(r"\s+(?:trong|o|ngoai|duoi|tren|nha|mai|sau|lat|ti|xiu|chut|hom|tui|toi|em|e|minh|anh|"
                             r"chi|con|chau|bac|co|chu|ong|ba|t|mk|do|day|dau|quen|lai)\b")


_JOIN = re.compile(r"\s+(?:cua\s+)?")


@dataclass
class _Mention:
    start: int
    end: int
    fields: tuple[str, ...]
    group: str = ""      # set by a group cue
    anchor: bool = False  # the matched words are part of the value


def _positions(folded: str, words: tuple[str, ...], original: str = "") -> list[tuple[int, int]]:
    """Spans of the phrases in the folded text; with the original text, a word the citizen wrote
    with diacritics must be that word ("Hà Nội ở" is not "nơi ở"), one written without may be any."""
    spans = []
    accented = bool(original) and has_diacritics(original)
    for word in words:
        key = " ".join(fold(word).split())
        if key:
            spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded)
                      if not original or same_accents(original[m.start():m.end()], word)
                      and not (accented and _capitalised_plain(original[m.start():m.end()], word))]
    return spans


def _capitalised_plain(written: str, word: str) -> bool:
    """'mẹ cháu tên Ma Thị Hồng': in a message with diacritics, a capitalised word typed without
    them is that word (a family name), not an accented cue ("má")."""
    return written[:1].isupper() and not has_diacritics(written) and has_diacritics(word)


def _mentions(form: FormDefinition, fields: list[Field], folded: str, original: str = "") -> list[_Mention]:
    found: list[_Mention] = []
    by_span: dict[tuple[int, int], list[str]] = {}
    for f in fields:
        for span in _positions(folded, f.synonyms, original):
            by_span.setdefault(span, []).append(f.name)
    found += [_Mention(s, e, tuple(names)) for (s, e), names in by_span.items()
              if not (folded[s:e] == "de" and _DE_NOT_PURPOSE.match(folded, e))]
    names = {f.name for f in fields}
    for key, group in form.groups.items():
        if group.head in names:
            found += [_Mention(s, e, (group.head,), group=key) for s, e in _positions(folded, group.cues, original)]
    found += _cue_labels(found, {f.name: f for f in fields}, folded)
    # the longest of overlapping mentions wins
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[_Mention] = []
    for m in found:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _cue_labels(found: list[_Mention], by_name: dict[str, Field], folded: str) -> list[_Mention]:
    """A label and a group cue sharing a word are one label of the cue's person: "căn cước của
    mẹ" + "mẹ bé" (not "bé là …"), "bố cháu" + "cháu tên" (the father's name, not the baby's)."""
    merged = []
    for cue in (m for m in found if m.group):
        # "cccd vk e", "căn cước của vợ": a label of several people's fields right before a cue
        # is that person's label ("bố nó là" + "con trai bà" already names one person)
        before = [m for m in found if not m.group and len(m.fields) > 1 and m.end <= cue.start
                  and _JOIN.fullmatch(folded[m.end:cue.start])]
        for label in before + [m for m in found if not m.group and m.start < cue.end and cue.start < m.end]:
            if label.start <= cue.start and cue.end <= label.end or cue.start <= label.start and label.end <= cue.end:
                continue  # one inside the other: the longer one already says it
            kinds = [by_name[n].type for n in label.fields if n in by_name]
            mine = [f.name for f in by_name.values() if f.group == cue.group and f.type in kinds[:1]]
            if mine:
                merged.append(_Mention(min(cue.start, label.start), max(cue.end, label.end), (mine[0],)))
    return merged
