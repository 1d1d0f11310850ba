"""Checking answers against a form: one field (with cross-field consistency) or a whole draft.

The engine and the drafts API both use these, so a draft saved through the API obeys
exactly the rules the chat enforced.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.text.validation import Result, id_consistency_error, validate
from knowledge.flows.forms import COMPUTED, Field, FormDefinition, render_template


def check_answer(form: FormDefinition, field: Field, text: str, values: dict[str, str],
                 today: date | None = None) -> Result:
    """Validate one answer given the other answers (a căn cước must agree with birth date and sex)."""
    options = dict(field.options)
    if field.type == "id_number":
        options["birth_date"] = values.get(options.get("birth_date_field", "")) or None
        options["sex"] = values.get(options.get("sex_field", "")) or None
    result = validate(field.type, text, options, choices=field.choices, today=today)
    if not result.ok:
        return result
    for other in form.fields:
        if other.type != "id_number" or not values.get(other.name) or not other.applies(values):
            continue
        refs = other.options
        if field.name not in (refs.get("birth_date_field"), refs.get("sex_field")):
            continue
        birth = result.value if refs.get("birth_date_field") == field.name else values.get(refs.get("birth_date_field", ""))
        sex = result.value if refs.get("sex_field") == field.name else values.get(refs.get("sex_field", ""))
        problem = id_consistency_error(values[other.name], birth, sex)
        if problem:
            return Result.invalid(f"{problem} Nếu số căn cước bị nhầm, anh/chị nhắn \"sửa căn cước\" nhé.")
    return result


def check_values(form: FormDefinition, values: dict[str, str], today: date | None = None
                 ) -> tuple[dict[str, str], dict[str, str]]:
    """Re-validate a complete set of answers: (canonical values, explanation by field name).

    Skipped optional fields are kept as "". Values of fields that do not apply (their
    condition is false) and of computed fields are dropped.
    """
    known = {f.name for f in form.fields if f.asked}
    errors = {name: "Mục này không có trong tờ khai." for name in values if name not in known}
    clean: dict[str, str] = {}
    for field in form.fields:
        if not field.asked or not field.applies(clean):
            continue
        raw = values.get(field.name)
        if raw is None or str(raw).strip() == "":
            if field.optional or not field.ask:
                clean[field.name] = ""
            else:
                errors[field.name] = "Mục này bắt buộc."
            continue
        result = check_answer(form, field, str(raw), clean, today)
        if result.ok:
            clean[field.name] = result.value or ""
        else:
            errors[field.name] = result.error or "Giá trị chưa đúng."
    return clean, errors


@dataclass(frozen=True)
class Row:
    """One line of the filled declaration."""
    name: str
    label: str
    value: str
    section: str = ""
    printed: bool = True
    asked: bool = True


def document_rows(form: FormDefinition, values: dict[str, str]) -> list[Row]:
    """The applicable fields with their answers, computed fields rendered, in form order."""
    rows = []
    for field in form.fields:
        if not field.applies(values):
            continue
        if field.type == COMPUTED:
            rows.append(Row(field.name, field.label, render_template(field.template, values), field.section,
                            field.printed, asked=False))
        elif field.name in values:
            rows.append(Row(field.name, field.label, values[field.name], field.section, field.printed))
    return rows
