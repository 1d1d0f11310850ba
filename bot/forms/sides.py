"""Which side a name belongs to when a form has a male and a female side (the marriage form).

"tên e Ly Thi Hoa, cccd 0103…" answers the groom's question (asked first) but is the bride's:
a middle name "Thị" is a woman's, "Văn" a man's. When the name read for one side says the
other, and that other side has no name yet, the message's values for this side move there.
"""
from __future__ import annotations

from bot.forms.reading import Found
from core.text.normalize import fold
from knowledge.flows.forms import FormDefinition

_MARKS = {"thi": "female", "van": "male"}


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
        if not sex or sex == group.sex or other is None or sides[other].head in values:
            continue
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
