"""Reading a message against a form: the value it gives for a field, the fields it names,
and whether it corrects an earlier answer ("à nhầm, số điện thoại là 0912 345 678")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forms.language import (
    SELF_WORDS,
    Mention,
    capitalised_runs,
    find_mentions,
    has_correction_marker,
    leading_words,
    matches_phrase,
    strip_answer,
    strip_connectors,
)
from bot.forms.reading import _value
from bot.forms.values import VOCATIVE_TAIL, without_negated, without_slips
from core.text.normalize import fold
from core.text.patterns import find_entities
from core.text.surnames import starts_with_surname
from knowledge.flows.forms import Field, FormDefinition

ENTITY_OF_TYPE = {"phone": "phone_number", "id_number": "id_number", "date": "date"}
# "là", "thành" ("sửa tên thành ..."), but "thành phố" is a city
_CONNECTOR_AHEAD = re.compile(r"\s*(?:[:=]|(?:của (?:tôi|em|mình|bé|con|cháu) )?(?:là|thành(?!\s+phố)|sang)\b)",
                              re.IGNORECASE)
_NAME_LEAD = re.compile(r"(?i)^(?:tôi|em|con|cháu|bé|mẹ|bố|cha)?\s*tên(?: là)?\s+|^là\s+"
                        rf"|^(?:{SELF_WORDS}|bác|bac|cô|chú|ông|bà)\s+(?:là|la)\s+")


def mentions(form: FormDefinition, values: dict[str, str], text: str, names: set[str] | None = None) -> list[Mention]:
    """Fields (that apply now) the message names by label or synonym, most specific first."""
    fields = [f for f in form.questions(values) if names is None or f.name in names]
    found = find_mentions(text, {f.name: (f.label, *f.synonyms) for f in fields})
    cued = _cued_groups(form, text)
    # "cccd vk e sai": of two fields named alike, the one of the person the message names
    return sorted(found, key=lambda m: (-m.size, m.start, form.field(m.field).group not in cued))


def _cued_groups(form: FormDefinition, text: str) -> set[str]:
    folded = fold(text)
    return {key for key, group in form.groups.items()
            if any(re.search(rf"(?<!\w){re.escape(fold(cue))}(?!\w)", folded) for cue in group.cues)}


def extract(form: FormDefinition, field: Field, text: str, values: dict[str, str]) -> str:
    """The candidate value for `field` inside the message."""
    text = without_slips(text)
    if field.copy_from and matches_phrase(text, (field.copy_from.title,), max_extra_words=0):
        return values.get(field.copy_from.field, "")
    entity = ENTITY_OF_TYPE.get(field.type)
    if entity:
        found = [m.value for m in find_entities(text) if m.entity == entity]
        if len(found) == 1:
            return found[0]
    if field.type in ("address", "text"):  # "…, Thành phố Hồ Chí Minh cháu ạ": not the person spoken to
        text = VOCATIVE_TAIL.sub("", text.rstrip())
    stripped = strip_answer(text)
    own = mentions(form, values, stripped, {field.name})
    # "địa chỉ là số 12 ..." -> "số 12 ..."; but "Công an phường Láng" keeps its words
    if own and own[0].start == 0 and _CONNECTOR_AHEAD.match(stripped[own[0].end:]):
        return strip_connectors(stripped[own[0].end:])
    if field.type == "name":
        return _NAME_LEAD.sub("", stripped)
    return stripped


def _with_value(form: FormDefinition, named: list[Mention], text: str) -> Mention | None:
    """'con gái ông bảo cháu sinh ngày 11/11': the named field whose typed value follows it."""
    for m in named:
        entity = ENTITY_OF_TYPE.get(form.field(m.field).type)
        if entity and any(e.entity == entity for e in find_entities(text[m.end:])):
            return m
    return None


@dataclass(frozen=True)
class Correction:
    """A change to another field: `value` is "" when only the field was named ("sửa họ tên")."""
    field: Field
    value: str


# "… sai rồi, là …", "… nhầm, đúng là …" between a field's name and its new value
_MARKER_LEAD = re.compile(r"(?i)^\W*(?:(?:bị|bi|đã|da)\s+)?(?:ghi\s+)?(?:sai|nhầm|nham|lộn|lon)(?:\s+(?:rồi|roi|mất|mat))?\W*"
                          r"(?:(?:là|la|thành|thanh|đúng là|dung la|phải là|phai la)\s+)?")


def find_correction(form: FormDefinition, values: dict[str, str], current: Field | None,
                    text: str) -> Correction | str | None:
    """A Correction, "back" for a bare "à nhầm rồi", or None when the message is no correction.

    Without a word like "nhầm"/"sửa", the message must open with the field's name, and a
    field of the same type as the one asked is not taken (it is the answer).
    """
    if text.startswith("/"):
        return None
    marker = has_correction_marker(text)
    named = mentions(form, values, text)
    if not named:
        bare = marker and current is not None and len(text.split()) <= 4 and not any(ch.isdigit() for ch in text)
        return "back" if bare else None  # not "nhầm, 0220…": that is the answer again
    best = _with_value(form, named, text) or named[0]
    target = form.field(best.field)
    if current is not None and target.name == current.name:
        # "à nhầm, tên là …" while the name is asked: with a marker, the value is its answer
        remainder = text[best.end:]
        if not marker or not remainder.strip():
            return None
        if target.type in ENTITY_OF_TYPE:
            return Correction(target, extract(form, target, without_negated(remainder), values))
        return Correction(target, strip_connectors(remainder))
    if not marker and (leading_words(text, best.start) > 0 or (current is not None and target.type == current.type)):
        return None
    remainder = _MARKER_LEAD.sub("", text[best.end:])  # "TEN VO SAI ROI, LA …": the value after the marker
    if not remainder.strip() or target.type in ENTITY_OF_TYPE and not any(ch.isdigit() for ch in remainder):
        return Correction(target, "")  # "đổi sđt giúp e vs": that question again
    if target.type in ENTITY_OF_TYPE:  # the new number, not the one it replaces
        return Correction(target, extract(form, target, without_negated(remainder), values))
    value = strip_connectors(without_negated(remainder) or remainder)  # "phiếu số 2 chứ không lấy số 1"
    if target.type in ("address", "text", "name"):  # "… du học Canada, ko phải Úc", "Tạ Khánh Ngọc nhé, vợ tôi …"
        value = _value(target, value)[0] or value
    if target.type == "name" and not starts_with_surname(value):  # "tên a ấy là Lưu Văn Tiệp chứ ko phải Tiến"
        value = next((run for run in capitalised_runs(remainder) if len(run.split()) >= 2 and starts_with_surname(run)),
                     value)
    return Correction(target, value)
