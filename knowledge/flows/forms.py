"""Declarative form definitions: knowledge/forms/<procedure code>.yml (schema in its README).

A form is data: its fields with their type, question, example, help, validation options,
choices, conditions and the profile key they can be prefilled from. Adding a form is
adding a file; files are re-read when they change, so officers' edits need no restart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.text.validation import FIELD_TYPES, Choice
from knowledge.flows.folder import DefinitionFolder, read_definition

FORMS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "forms"
PROFILE_KEYS = ("full_name", "id_number", "phone", "address")
COMPUTED = "computed"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER_RE = re.compile(r"\{([a-z0-9_]+)(?:\|([a-z_]+))?\}")
TEMPLATE_FILTERS = ("words",)


class FormDefinitionError(ValueError):
    """A form file does not follow the schema (the message names the file and the field)."""


@dataclass(frozen=True)
class Condition:
    """When a field applies, from another field's answer."""
    field: str
    equals: str | None = None
    not_equals: str | None = None
    in_: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    filled: bool | None = None

    def holds(self, values: dict[str, str]) -> bool:
        value = values.get(self.field)
        if self.filled is not None:
            return bool(value) == self.filled
        if value is None:
            return False
        if self.equals is not None and value != self.equals:
            return False
        if self.not_equals is not None and value == self.not_equals:
            return False
        if self.in_ and value not in self.in_:
            return False
        return not (self.not_in and value in self.not_in)


@dataclass(frozen=True)
class CopyFrom:
    field: str
    title: str


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    prompt: str = ""
    example: str = ""
    help: str = ""
    synonyms: tuple[str, ...] = ()
    optional: bool = False
    choices: tuple[Choice, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    from_profile: str | None = None
    when: Condition | None = None
    printed: bool = True
    template: str = ""
    section: str = ""
    copy_from: CopyFrom | None = None
    # reading free messages (bot/forms/reading.py) and the trace contract
    trace_name: str = ""                       # name in the audit trace (contract), default `name`
    trace_values: dict[str, str] = field(default_factory=dict)  # value -> value in the trace
    ask: bool = True                           # asked when missing (else only taken when given)
    group: str = ""                            # whose data: a key of the form's `groups`
    anchors: tuple[str, ...] = ()              # words that start a value and stay in it ("bệnh viện")
    recognise: tuple[str, ...] = ()            # words that give the value anywhere ("bé gái")
    none_words: tuple[str, ...] = ()           # words saying there is none ("mẹ đơn thân")
    default: str = ""                          # value when not given (shown in the summary)
    derive: dict[str, Any] = field(default_factory=dict)  # {from: field, kind: commune_police...}

    @property
    def asked(self) -> bool:
        return self.type != COMPUTED

    @property
    def trace(self) -> str:
        return self.trace_name or self.name

    def applies(self, values: dict[str, str]) -> bool:
        return self.when is None or self.when.holds(values)


@dataclass(frozen=True)
class FormDefinition:
    procedure_code: str
    title: str
    fields: tuple[Field, ...]
    aliases: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()   # life situations that need this form ("chủ trọ + khai báo")
    intro: str = ""
    document: dict[str, Any] = field(default_factory=dict)
    attachments: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, "Group"] = field(default_factory=dict)
    variants: tuple["Variant", ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def questions(self, values: dict[str, str]) -> list[Field]:
        """The fields to ask, in order, given the answers so far (conditions applied)."""
        return [f for f in self.fields if f.asked and f.applies(values)]

    def to_ask(self, values: dict[str, str]) -> list[Field]:
        """The questions the engine asks when their answer is missing (most important first)."""
        return [f for f in self.questions(values) if f.ask]

    def profile_fields(self) -> list[Field]:
        return [f for f in self.fields if f.from_profile]


@dataclass(frozen=True)
class Group:
    """Whose data ("mẹ", "bố", "bé"): cue words, and the field a cue alone introduces (a name)."""
    cues: tuple[str, ...]
    head: str
    sex: str = ""   # "male" / "female" (the marriage form's two sides): a name's "Thị"/"Văn" decides


@dataclass(frozen=True)
class Variant:
    """Another procedure served by this form (liên thông), named by these words."""
    procedure: str
    words: tuple[str, ...]


# --- loading ---------------------------------------------------------------------------------

def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise FormDefinitionError(f"{where}: expected a list of words")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _choices(raw: Any, where: str) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise FormDefinitionError(f"{where}: a choice field needs a non-empty `choices` list")
    out = []
    for item in raw:
        if isinstance(item, (str, int)):
            out.append(Choice(str(item)))
        elif isinstance(item, dict) and item.get("title"):
            out.append(Choice(str(item["title"]), _text_list(item.get("synonyms"), where)))
        else:
            raise FormDefinitionError(f"{where}: each choice is a title or {{title, synonyms}}")
    return tuple(out)


def _condition(raw: Any, where: str, earlier: set[str]) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("field") not in earlier:
        raise FormDefinitionError(f"{where}: `when` must name an earlier field")
    known = {"field", "equals", "not_equals", "in", "not_in", "filled"}
    if set(raw) - known:
        raise FormDefinitionError(f"{where}: unknown `when` keys {sorted(set(raw) - known)}")
    return Condition(
        field=raw["field"],
        equals=None if raw.get("equals") is None else str(raw["equals"]),
        not_equals=None if raw.get("not_equals") is None else str(raw["not_equals"]),
        in_=_text_list(raw.get("in"), where), not_in=_text_list(raw.get("not_in"), where),
        filled=raw.get("filled"),
    )


def _field(raw: Any, where: str, earlier: set[str]) -> Field:
    if not isinstance(raw, dict):
        raise FormDefinitionError(f"{where}: a field is a mapping")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise FormDefinitionError(f"{where}: `name` must be snake_case")
    where = f"{where} ({name})"
    if name in earlier:
        raise FormDefinitionError(f"{where}: duplicate field name")
    kind = raw.get("type")
    if kind not in (*FIELD_TYPES, COMPUTED):
        raise FormDefinitionError(f"{where}: unknown type {kind!r}")
    if not raw.get("label"):
        raise FormDefinitionError(f"{where}: `label` is required")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise FormDefinitionError(f"{where}: `options` must be a mapping")
    if kind == COMPUTED:
        template = raw.get("template")
        if not isinstance(template, str) or not template:
            raise FormDefinitionError(f"{where}: a computed field needs a `template`")
        for ref, flt in _PLACEHOLDER_RE.findall(template):
            if ref not in earlier or (flt and flt not in TEMPLATE_FILTERS):
                raise FormDefinitionError(f"{where}: template refers to unknown {ref!r}|{flt!r}")
        return Field(name=name, label=str(raw["label"]), type=kind, template=template,
                     printed=bool(raw.get("print", True)), section=str(raw.get("section") or ""))
    if not raw.get("prompt"):
        raise FormDefinitionError(f"{where}: `prompt` is required")
    choices = _choices(raw.get("choices"), where) if kind == "choice" else ()
    if not raw.get("example") and not (kind == "choice" and not options.get("allow_other")):
        raise FormDefinitionError(f"{where}: `example` is required (every question shows one)")
    profile = raw.get("from_profile")
    if profile is not None and profile not in PROFILE_KEYS:
        raise FormDefinitionError(f"{where}: from_profile must be one of {PROFILE_KEYS}")
    derive = raw.get("derive") or {}
    if derive and not isinstance(derive, dict):
        raise FormDefinitionError(f"{where}: derive is a mapping {{from, kind}}")
    copy_from = None
    if raw.get("copy_from") is not None:
        spec = raw["copy_from"]
        if not isinstance(spec, dict) or spec.get("field") not in earlier or not spec.get("title"):
            raise FormDefinitionError(f"{where}: copy_from needs an earlier `field` and a button `title`")
        copy_from = CopyFrom(spec["field"], str(spec["title"]))
    return Field(
        name=name, label=str(raw["label"]), type=kind, prompt=str(raw["prompt"]).strip(),
        example=str(raw.get("example") or ""), help=str(raw.get("help") or "").strip(),
        synonyms=_text_list(raw.get("synonyms"), where), optional=bool(raw.get("optional", False)),
        choices=choices, options=dict(options), from_profile=profile,
        when=_condition(raw.get("when"), where, earlier), printed=bool(raw.get("print", True)),
        section=str(raw.get("section") or ""), copy_from=copy_from,
        trace_name=str(raw.get("trace_name") or ""), trace_values={str(k): str(v) for k, v in (raw.get("trace_values") or {}).items()},
        ask=bool(raw.get("ask", not raw.get("optional", False))), group=str(raw.get("group") or ""),
        anchors=_text_list(raw.get("anchors"), where), recognise=_text_list(raw.get("recognise"), where),
        none_words=_text_list(raw.get("none_words"), where), default=str(raw.get("default") or ""),
        derive=dict(derive),
    )


def parse_form(data: Any, where: str = "form") -> FormDefinition:
    if not isinstance(data, dict):
        raise FormDefinitionError(f"{where}: a form file is a mapping")
    code = str(data.get("procedure_code") or "").strip()
    if not re.fullmatch(r"\d\.\d{6}", code):
        raise FormDefinitionError(f"{where}: `procedure_code` must be an official code like 1.004194")
    if not data.get("title"):
        raise FormDefinitionError(f"{where}: `title` is required")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise FormDefinitionError(f"{where}: `fields` must be a non-empty list")
    fields: list[Field] = []
    for i, raw in enumerate(raw_fields):
        fields.append(_field(raw, f"{where} field {i + 1}", {f.name for f in fields}))
    document = data.get("document") or {}
    for key in ("addressee", "signer"):
        if document.get(key) and document[key] not in {f.name for f in fields}:
            raise FormDefinitionError(f"{where}: document.{key} must name a field")
    names = {f.name for f in fields}
    for f in fields:
        if f.derive and f.derive.get("from") not in names:
            raise FormDefinitionError(f"{where} ({f.name}): derive.from must name a field")
        for key in ("birth_date_field", "sex_field"):
            if key in f.options and f.options[key] not in names:
                raise FormDefinitionError(f"{where} ({f.name}): options.{key} must name a field")
    groups = {}
    for key, spec in (data.get("groups") or {}).items():
        if not isinstance(spec, dict) or spec.get("head") not in names:
            raise FormDefinitionError(f"{where}: group {key} needs `cues` and a `head` field")
        groups[str(key)] = Group(_text_list(spec.get("cues"), where), spec["head"], str(spec.get("sex") or ""))
    for f in fields:
        if f.group and f.group not in groups:
            raise FormDefinitionError(f"{where}: field {f.name} names unknown group {f.group}")
    traced = [f.trace for f in fields if f.asked]
    if len(set(traced)) != len(traced):
        raise FormDefinitionError(f"{where}: trace names must be unique")
    variants = tuple(Variant(str(v["procedure"]), _text_list(v.get("words"), where))
                     for v in data.get("variants") or ())
    return FormDefinition(
        procedure_code=code, title=str(data["title"]).strip(), fields=tuple(fields),
        aliases=_text_list(data.get("aliases"), where), situations=_text_list(data.get("situations"), where),
        intro=str(data.get("intro") or "").strip(),
        document=dict(document), attachments=dict(data.get("attachments") or {}),
        groups=groups, variants=variants,
    )


def load_form(path: Path) -> FormDefinition:
    return read_definition(path, parse_form, lambda form: form.procedure_code, FormDefinitionError, "procedure code")


_folder: DefinitionFolder[FormDefinition] = DefinitionFolder(
    load_form, lambda form: form.procedure_code, FormDefinitionError, "form")


def load_forms(folder: Path | None = None) -> dict[str, FormDefinition]:
    """procedure code -> form, re-read when a file is added, removed or edited.

    A broken file is skipped (logged) so one typo does not take every form down;
    tests load each shipped file strictly with load_form().
    """
    return _folder.load(folder or FORMS_DIR)


def render_template(template: str, values: dict[str, str]) -> str:
    """'{a} đến {b|words}' with the answers; filters: words (a date written in words)."""
    from core.text.in_words import date_in_words

    def one(match: re.Match) -> str:
        value = values.get(match.group(1)) or ""
        if match.group(2) == "words" and value:
            return date_in_words(value)
        return value

    return _PLACEHOLDER_RE.sub(one, template)
