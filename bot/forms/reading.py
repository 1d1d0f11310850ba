"""Reading every value a free message gives for a form ("tên Nguyễn Văn A, cccd 0791…, sđt 09…").

Labels are the fields' `synonyms` (and the form's group cues "mẹ", "bố", "bé"), compared
without diacritics on whole words. The text after a label, up to the next label, is that
field's value, with connectors ("là", ":", "thành") and politeness stripped. Values
recognisable by their type (a 12-digit căn cước, a mobile number, a date) are taken without
a label too: inside another field's segment they belong to the same person (group), else to
the field being asked when it has that type, else to the only empty field of that type.
Pure functions; validation is the caller's (knowledge.flows.checks).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forms.labels import _Mention, _mentions, _positions
from bot.forms.language import has_correction_marker, nfc
from bot.forms.places import (
    _ADDRESS_START,
    _ADDRESS_WORDS,
    _FULL_DATE,
    _TRAILING_UNTIL,
    _first_sentence,
    _house_numbers,
    _looks_like_address,
    _place_clauses,
)
from bot.forms.values import (  # noqa: F401
    _PARTICLES,
    NUMERIC_TYPES,
    VOCATIVE_TAIL,
    _name_words,
    _strip_value,
    _value,
    after_place_word,
    is_bare_name,
    name_in,
    without_slips,
)
from core.text.normalize import fold, has_diacritics
from core.text.patterns import find_entities
from core.text.surnames import starts_with_surname
from knowledge.flows.forms import Field, FormDefinition

ENTITY_TYPES = {"id_number": "id_number", "phone_number": "phone", "date": "date", "number": "number"}


_DIGIT_RUN = re.compile(r"(?<![\w/.,-])(?:\+84|0|\d)(?:[ .\-]?\d){8,13}(?![\w/]|[.,-]\d)")
# "con gái ông", "con trai tôi": a relative of the writer, not the baby's sex
# ("con gái tôi", "con trai em", "con gái nhà mình" is the writer's own child: the baby)
_KIN_AFTER = re.compile(r"\s+(?:ong|ba|bac|chau|co|chu|di|me|bo|no|o)\b")
_YEARLESS = re.compile(r"^\s*\d{1,2}\s*[/-]\s*\d{1,2}\s*$")


@dataclass(frozen=True)
class Typed:
    entity: str   # id_number | phone_number | date | number (a number of the wrong length)
    value: str
    start: int
    end: int


def has_receipt_code(text: str) -> bool:
    return any(e.entity == "receipt_code" for e in find_entities(text))


def typed_values(text: str) -> list[Typed]:
    """Căn cước and phone numbers (digits may be spaced: "0 3 8 0 5 5 ..."), and dates with a year."""
    found: list[Typed] = []
    receipts = [e for e in find_entities(text) if e.entity == "receipt_code"]  # a dossier code is no value
    for m in _DIGIT_RUN.finditer(text):
        if any(r.start <= m.start() < r.end for r in receipts):
            continue
        value = m.group(0).rstrip(" .-")
        digits = re.sub(r"\D", "", value)
        if value.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
            digits = "0" + digits[2:]
        kind = ("id_number" if len(digits) == 12 else
                "phone_number" if len(digits) == 10 and digits[:2] in ("03", "05", "07", "08", "09") else "number")
        found.append(Typed(kind, digits if kind != "number" else value, m.start(), m.start() + len(value)))
    for e in find_entities(text):
        if e.entity == "date" and all(e.end <= t.start or e.start >= t.end for t in found):
            found.append(Typed("date", e.value, e.start, e.end))
    return sorted(found, key=lambda t: t.start)


@dataclass(frozen=True)
class Found:
    field: Field
    raw: str
    labelled: bool   # named by a label (or the field asked): a wrong value is explained
    attempt: bool    # looks like a real try at a value (digits for numbers): errors are worth saying


def _readable(form: FormDefinition, values: dict[str, str]) -> list[Field]:
    fields = []
    for f in form.fields:
        if not f.asked:
            continue
        if f.when is not None and f.when.field in values and not f.applies(values):
            continue
        fields.append(f)
    return fields


def _group_field(form: FormDefinition, fields: list[Field], group: str, kind: str) -> Field | None:
    return next((f for f in fields if f.group == group and f.type == kind and group), None)


def read_message(form: FormDefinition, values: dict[str, str], current: Field | None, text: str) -> list[Found]:
    """Every (field, candidate value) the message gives, in message order; one per field."""
    text = without_slips(nfc(text))
    folded = fold(text)
    if len(folded) != len(text):
        return []
    fields = _readable(form, values)
    by_name = {f.name: f for f in fields}
    mentions = _mentions(form, fields, folded, text)
    nothing = [span for f in fields for span in _positions(folded, f.none_words)]  # "mẹ đơn thân": no name
    mentions = [m for m in mentions if all(m.end <= s or m.start >= e for s, e in nothing)]
    # a capitalised word right after a capitalised word is inside a name ("Giang A Sinh")
    mentions = [m for m in mentions if not _inside_a_name(text, m.start)]
    # "con trai bà" is the writer's son (the father), not the baby the cue "con trai" names
    mentions = [m for m in mentions if not (m.group and not form.groups[m.group].sex and _kin_after(text, folded, m.end))]
    # the procedure's own name is no label ("sinh" inside "đăng ký khai sinh")
    names = _positions(folded, form.aliases)
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in names)]
    entities = [e for e in typed_values(text)
                if not (e.entity == "date" and _YEARLESS.match(e.value) and (current is None or current.type != "date"))]
    if current is not None and current.type in ("address", "text"):  # "đường 3/2" is part of an address
        entities = [e for e in entities if e.entity != "date" or _FULL_DATE.search(e.value) or not _ADDRESS_WORDS.search(text)]
    # anchors start a value where no label segment of free text runs
    for f in fields:
        for s, e in _positions(folded, f.anchors):
            owner = next((m for m in reversed(mentions) if m.start <= s), None)
            inside_free = owner is not None and not owner.anchor and any(
                by_name[n].type in ("address", "text") for n in owner.fields if n in by_name) and owner.end <= s
            if not inside_free and all(e <= m.start or s >= m.end for m in mentions):
                if f is current and not any(m.start < s for m in mentions):  # "đi định cư ở Canada": the answer's own words
                    s = max(text.rfind(p, 0, s) for p in ",.;:") + 1
                    s += len(text[s:]) - len(text[s:].lstrip())
                mentions.append(_Mention(s, e, (f.name,), anchor=True))
    mentions.sort(key=lambda m: m.start)
    # a second anchor of the same field inside its value ("bổ sung hồ sơ xin vô làm …") starts nothing
    mentions = [m for i, m in enumerate(mentions)
                if not (m.anchor and i > 0 and mentions[i - 1].fields == m.fields)]

    found: dict[str, Found] = {}
    used: list[tuple[int, int]] = []
    group = ""

    typed: set[str] = set()  # fields whose value is a typed date/phone/căn cước, not free words

    def take(f: Field, raw: str, labelled: bool, attempt: bool, is_typed: bool = False) -> None:
        old = found.get(f.name)
        if is_typed and old is not None and f.name in typed and old.raw != raw and f.group:
            # "anh ấy …, số định danh 0240…; em là Lục Thị Mai, số định danh 0201…": the other person's
            twin = next((g for g in fields if g.type == f.type and g.group and g.group != f.group
                         and g.name not in found and g.name not in values), None)
            if twin is not None:
                f, old = twin, None
        if raw and (old is None or (attempt and not old.attempt) or (labelled and not old.labelled)
                    or (is_typed and f.name not in typed)):  # "tới Tết năm 2028, thôi để tới ngày 31/1/2028"
            found[f.name] = Found(f, raw, labelled, attempt)
            if is_typed:
                typed.add(f.name)

    for i, m in enumerate(mentions):
        end = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if m.group:
            group = m.group
        f = _resolve(m, by_name, group, current, values)
        if f is None:
            continue
        if f.group:
            group = f.group
        seg_start = m.start if m.anchor else m.end
        inside = [e for e in entities if seg_start <= e.start < end]
        own = [e for e in inside if ENTITY_TYPES[e.entity] == f.type]
        if own and not m.group:
            take(f, own[0].value, True, True, is_typed=True)
            used.append((own[0].start, own[0].end))
        else:
            # "78 đường 3 Tháng 2": a date without a year inside an address or a place ends nothing
            # nor does a number of the wrong length after a number's label ("căn cước 04519900215": too short)
            stops = [e for e in inside if e not in own and not (
                f.type in ("address", "text") and e.entity == "date" and not _FULL_DATE.search(e.value)) and not (
                e.entity == "number" and f.type in NUMERIC_TYPES)]
            stop = min([e.start for e in stops] + [end])
            raw, attempt = _value(f, text[seg_start:stop])
            if m.group:  # a cue alone ("bé", "mẹ"): what follows may be no name at all
                if f.type != "name" or starts_with_surname(raw) or _capitalised_name(raw):  # not "mẹ nó chừ bận quá"
                    take(f, raw, False, False)
            elif f.type != "address" or f == current or _looks_like_address(raw):
                take(f, raw, True, attempt)  # not "tạm trú ở nhà trọ mà hổng biết khai sao"
        for e in inside:  # other typed values after this label: same person first
            if (e.start, e.end) in used:
                continue
            kind = ENTITY_TYPES[e.entity]
            target = _group_field(form, fields, group, kind) or _typed_target(fields, kind, current, values, found)
            if target is not None and target.name not in found:
                take(target, e.value, True, True, is_typed=bool(target.group))
                used.append((e.start, e.end))
            elif target is not None and target.group and target.name in typed:  # "…, còn của chị 0861…"
                take(target, e.value, True, True, is_typed=True)   # the other side's, when free
                used.append((e.start, e.end))
    first = mentions[0].start if mentions else len(text)
    for e in entities:
        if e.start >= first or (e.start, e.end) in used:
            continue
        target = _typed_target(fields, ENTITY_TYPES[e.entity], current, values, found)
        if target is not None:
            take(target, e.value, False, True)
            used.append((e.start, e.end))
    address = _unlabelled_address(text, fields, current, values, found, mentions, entities)
    if address is not None:
        take(*address)
    # "căn cước con gái tui 0861…" gives the mother's values: it says nothing new of the baby's sex
    others_only = found and not has_correction_marker(text)
    for f in fields:  # "bé gái", "mẹ đơn thân"
        if f.name in values and others_only and f.group and not any(x.field.group == f.group for x in found.values()):
            continue
        if f.name not in found and f.recognise:
            spans = [(s, e) for s, e in _positions(folded, f.recognise) if not _kin_after(text, folded, e)]
            if spans:
                s, e = min(spans)
                take(f, text[s:e], False, False)
        if f.name not in found and f.recognise and f.type == "choice":  # "Tên con: Mai Anh Thư, nữ, sinh …"
            alone = next((p.strip() for p in re.split(r"[,;.\n]", text) if _is_choice_word(p, f)), None)
            if alone:
                take(f, alone, False, False)
        if f.name not in found and f.none_words and _positions(folded, f.none_words):
            found[f.name] = Found(f, "", False, False)
    return sorted(found.values(), key=lambda x: folded.find(fold(x.raw)) if x.raw else 0)


def new_values(form: FormDefinition, values: dict[str, str], text: str) -> list[Found]:
    """Values a message gives beyond restating filled fields in words ("để tui lấy cái căn cước" is no purpose)."""
    marked = has_correction_marker(text)  # "Khoan, tên bé là … chứ không phải …" changes a filled one
    return [x for x in read_message(form, values, None, text) if x.field.name not in values
            or any(ch.isdigit() for ch in x.raw) or marked and x.raw != values[x.field.name]]


def _inside_a_name(text: str, start: int) -> bool:
    before = re.search(r"(\w+) $", text[:start])
    word = before.group(1) if before else ""
    return bool(text[start:start + 1].isupper() and word[:1].isupper() and (len(word) == 1 or not word.isupper()))


def _kin_after(text: str, folded: str, end: int) -> bool:
    """'con gái ông', 'con trai bà' name a relative; 'bé gái nhà em', 'cháu gái ông' and
    'con gái nha' (a particle, written so in an accented message) do not."""
    kin = _KIN_AFTER.match(folded, end)
    # "thằng cu nhà em", "cháu gái ông" (a grandparent's grandchild) are the baby
    if kin is None or not re.search(r"(?:^|\s)con \w+$", folded[:end]):
        return False
    word = text[kin.start():kin.end()].strip()
    return not (word == "nha" and has_diacritics(text))


def _capitalised_name(raw: str) -> bool:
    words = raw.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _is_choice_word(part: str, f: Field) -> bool:
    key = fold(part.strip()).lower()
    return bool(key) and any(key == fold(word).lower() for c in f.choices for word in (c.title, *c.synonyms)
                             if not word[:1].isdigit())


def _unlabelled_address(text, fields, current, values, found, mentions, entities):
    """'bác ở nhờ nhà con gái ở số 7 ngõ 12 Trần Duy Hưng, phường Trung Hòa': the address part."""
    if any(found.get(f.name) for f in fields if f.type == "address"):
        return None
    if current is not None and current.type == "address":
        target = current
    else:
        empty = [f for f in fields if f.type == "address" and f.ask and f.name not in values]
        if len(empty) != 1:
            return None
        target = empty[0]
    starts = sorted([m.start() for m in _ADDRESS_START.finditer(text)] + _house_numbers(text))
    folded = fold(text)  # inside a value already taken ("tên mình là ngo thanh huong") no address starts
    taken_spans = [(i, i + len(fold(x.raw))) for x in found.values() if x.raw and (i := folded.find(fold(x.raw))) >= 0]
    for start in starts:
        if any(m.start <= start < m.end for m in mentions) or any(e.start <= start < e.end for e in entities):
            continue
        end = min([m.start for m in mentions if m.start > start] + [len(text)] +
                  [e.start for e in entities if e.start > start and (e.entity != "date" or _FULL_DATE.search(e.value))])
        value = _TRAILING_UNTIL.sub("", _strip_value(VOCATIVE_TAIL.sub("", text[start:end].rstrip()), _PARTICLES))
        rest = value.split(None, 1)[1] if " " in value else ""
        value = _place_clauses(_first_sentence(value.split("?")[0]).strip(" ,"))
        rest = value.split(None, 1)[1] if " " in value else ""
        named_place = any(ch.isdigit() for ch in value) and any(w[:1].isupper() for w in rest.split())
        if (_ADDRESS_WORDS.search(rest) or named_place) and len(value.split()) >= 3 \
                and not any(s <= start < e for s, e in taken_spans):
            return target, value, True, True
    return None


def free_text(text: str, form: FormDefinition, values: dict[str, str]) -> str:
    """The message without any label segment or typed value (what answers the question asked)."""
    text = nfc(text)
    folded = fold(text)
    if len(folded) != len(text):
        return text
    mentions = _mentions(form, _readable(form, values), folded, text)
    head = text[: mentions[0].start] if mentions else text
    for e in sorted(typed_values(head), key=lambda e: -e.start):
        head = head[: e.start] + " " + head[e.end:]
    return head


def _resolve(m: _Mention, by_name: dict[str, Field], group: str, current: Field | None,
             values: dict[str, str]) -> Field | None:
    options = [by_name[n] for n in m.fields if n in by_name]
    if not options:
        return None
    if len(options) == 1:
        return options[0]
    if group:
        mine = [f for f in options if f.group == group]
        if mine:
            return mine[0]
    if current is not None and current in options:
        return current
    ungrouped = [f for f in options if not f.group]
    empty = [f for f in (ungrouped or options) if f.ask and f.name not in values]
    return (empty or ungrouped or options)[0]


def _typed_target(fields: list[Field], kind: str, current: Field | None, values: dict[str, str],
                  found: dict[str, Found]) -> Field | None:
    if kind == "number":  # a number of the wrong length: only an attempt at the question asked
        ok = current is not None and current.type in ("id_number", "phone") and current.name not in found
        return current if ok else None
    if current is not None and current.type == kind and current.name not in found:
        return current
    empty = [f for f in fields if f.type == kind and f.ask and f.name not in values and f.name not in found]
    if len(empty) > 1 and current is not None and current.group:  # "e: Đào Thị Minh Hằng 0271…" asked the
        empty = [f for f in empty if f.group == current.group]     # groom's name: his side, sides.py moves it
    return empty[0] if len(empty) == 1 else None
