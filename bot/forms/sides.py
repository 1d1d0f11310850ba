"""Which side a name belongs to when a form has a male and a female side (the marriage form).

"tên e Ly Thi Hoa, cccd 0103…" answers the groom's question (asked first) but is the bride's:
a middle name "Thị" is a woman's, "Văn" a man's. When the name read for one side says the
other, and that other side has no name yet, the message's values for this side move there.
"""
from __future__ import annotations

import re

from bot.forms.language import SELF_WORDS, capitalised_runs
from bot.forms.reading import Found, typed_values
from core.text.normalize import fold
from core.text.surnames import starts_with_surname
from knowledge.flows.forms import FormDefinition

_MARKS = {"thi": "female", "van": "male"}
# "…; em là Lục Thị Mai, số định danh …": the writer introduces one side without its label
_SELF_INTRO = re.compile(rf"(?i)\b({SELF_WORDS})\s+(?:là|tên là|tên)\s+(?=[^\W\d_])")
_WRITER_SEX = {"anh": "male", "chị": "female", "chi": "female"}


def name_sex(name: str) -> str:
    middle = [fold(w) for w in name.split()[1:-1]]
    return next((_MARKS[w] for w in middle if w in _MARKS), "")


def to_the_right_side(form: FormDefinition, found: list[Found], values: dict[str, str]) -> list[Found]:
    sides = {key: g for key, g in form.groups.items() if g.sex}
    if len(sides) != 2:
        return found
    for item in found:
        group = sides.get(item.field.group)
        if item.field.type != "name" or group is None or item.field.name != group.head:
            continue
        sex = name_sex(item.raw)
        other = next((k for k, g in sides.items() if g.sex == sex), None)
        if not sex or sex == group.sex or other is None:
            continue
        before = values.get(sides[other].head)
        if before and fold(before.split()[0]) != fold(item.raw.split()[0]):
            continue  # the other side is named already, by another family: not a restatement of it
        if any(f.field.group == other for f in found):
            continue
        moved = []
        for f in found:
            if f.field.group != item.field.group:
                moved.append(f)
                continue
            twin = next((t for t in form.fields if t.group == other and t.type == f.field.type), None)
            moved.append(Found(twin, f.raw, f.labelled, f.attempt) if twin is not None else f)
        return moved
    return found


def introduced_names(form: FormDefinition, found: list[Found], text: str, values: dict[str, str]) -> list[Found]:
    """Names the writer gives for a side in free words ('em là Nông Thị Hồng'), when that side's
    name is neither read nor filled; the middle name says the side."""
    sides = {g.sex: g for g in form.groups.values() if g.sex}
    if len(sides) != 2:
        return []
    taken = {f.field.name for f in found} | set(values)
    added: list[Found] = []
    for match in _SELF_INTRO.finditer(text):
        runs = capitalised_runs(re.split(r"[,.;]", text[match.end():])[0])
        name = runs[0] if runs else ""
        group = sides.get(name_sex(name) or _WRITER_SEX.get(match.group(1).lower(), "")) if len(name.split()) >= 3 else None
        free = [g for g in sides.values() if g.head not in taken]
        if group is None and len(name.split()) >= 3 and starts_with_surname(name) and len(free) == 1:
            group = free[0]  # "Ảnh tên Đỗ Thành Lộc, còn chị là Huỳnh Ngọc Trâm": the side left
        if group is None or group.head in taken or not form.has_field(group.head):
            continue
        if any(f.raw == name or name in f.raw for f in found):
            continue
        added.append(Found(form.field(group.head), name, True, True))
        taken.add(group.head)
        added += _number_after(form, group.head, text, match.end(), taken)
    return added


def _number_after(form: FormDefinition, head: str, text: str, start: int, taken: set[str]) -> list[Found]:
    """'tui là Tô Văn Hai 094058006273': a căn cước right after the introduced name, in the same
    clause, is that person's (the form has one per side, so its type alone cannot say whose)."""
    side = form.field(head).group
    id_field = next((f for f in form.fields if f.group == side and f.type == "id_number"), None)
    clause = re.split(r"[,;\n]", text[start:])[0]
    number = next((t for t in typed_values(clause) if t.entity == "id_number"), None)
    if id_field is None or number is None or id_field.name in taken:
        return []
    taken.add(id_field.name)
    return [Found(id_field, number.value, True, True)]


# "cô dâu là em: Trần Ngọc Thảo Vy", "chồng là mình, tên …", "vk là e: …": the writer's own side
_WRITER_IS = re.compile(r"(?i)\b(cô dâu|chú rể|vợ|chồng|vk|ck|bên nam|bên nữ)(?:\s+tương lai)?\s+(?:là|la)\s+(?:em|e|mình|mik|tôi|tui)\b")
_SIDE_WORDS = {"cô dâu": "female", "vợ": "female", "vk": "female", "bên nữ": "female",
               "chú rể": "male", "chồng": "male", "ck": "male", "bên nam": "male"}
# "cccd em 0793…", "căn cước của e sai 1 số": the writer's number
_OWN_NUMBER = re.compile(r"(?i)\b(cccd|căn cước|số căn cước|số cccd|định danh|cc|can cuoc|so cccd|dinh danh)\s+(?:của\s+|cua\s+)?"
                         r"(?:em|e|mình|mik|tôi|tui|minh|toi)\b")


def in_writer_terms(form: FormDefinition, state: dict, text: str) -> str:
    """The message with the writer's own numbers named by their side, once the writer said which
    side is theirs (kept in the form state)."""
    sides = {g.sex: g for g in form.groups.values() if g.sex}
    if len(sides) != 2:
        return text
    said = _WRITER_IS.search(text)
    if said:
        state["writer_side"] = _SIDE_WORDS[said.group(1).lower()]
    side = sides.get(state.get("writer_side", ""))
    if side is None or not side.cues:
        return text
    return _OWN_NUMBER.sub(lambda m: f"{m.group(1)} {side.cues[0]}", text)
