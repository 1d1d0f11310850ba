"""Guide content as data: knowledge/guides/<code>.yml (steps, failure branches, start choices).

Officers correct the wording in the YAML; files are re-read when they change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.flows.folder import DefinitionFolder, read_definition

GUIDES_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "guides"


class GuideDefinitionError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str
    problems: tuple[str, ...] = ()
    trace: str = ""          # the trace contract's guide name (vneid_register, portal_login, ...)
    procedure: str = ""      # the procedure this step serves (recorded as identified)


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    keywords: tuple[str, ...]
    steps: tuple[str, ...]
    trace: str = ""
    procedure: str = ""
    # on another account system this trouble is another problem: (("portal", "portal_password"),)
    on_system: tuple[tuple[str, str], ...] = ()
    walkthrough: str = ""    # answered by the step-by-step walkthrough from this step instead of `steps`
    prefer_over: tuple[str, ...] = ()   # named together with these, this problem is the one
    unless: tuple[str, ...] = ()        # phrases saying all is fine ("vẫn dùng số cũ"): then not this problem


@dataclass(frozen=True)
class StartChoice:
    title: str
    step: str


@dataclass(frozen=True)
class Guide:
    code: str
    title: str
    intro: str
    finished: str
    steps: tuple[Step, ...]
    problems: tuple[Problem, ...]
    start_choices: tuple[StartChoice, ...] = ()
    # the guide's own spellings, read before its keywords are matched: ("mk", "mật khẩu"), ("vo", "vào");
    # accented_words only as written with diacritics ("mật mã", not "mat ma" = "mặt mà")
    words: tuple[tuple[str, str], ...] = ()
    accented_words: tuple[tuple[str, str], ...] = ()
    question: str = ""       # the first question when the message names no problem
    # the account systems a message may be about, with the words that name each
    systems: tuple[tuple[str, tuple[str, ...]], ...] = ()
    start_problems: tuple[str, ...] = ()   # problems offered as buttons with the first question
    # word classes a keyword may use as {name}: ("how", ("thế nào", "làm sao", ...))
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def step_index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)

    def problem(self, problem_id: str) -> Problem:
        return next(p for p in self.problems if p.id == problem_id)

    def home_step(self, problem_id: str) -> int:
        """The first step where this problem happens (where the guide goes on once it is solved)."""
        return next((i for i, s in enumerate(self.steps) if problem_id in s.problems), 0)


def _require(raw: dict, key: str, where: str) -> Any:
    if not raw.get(key):
        raise GuideDefinitionError(f"{where}: `{key}` is required")
    return raw[key]


def parse_guide(data: Any, where: str = "guide") -> Guide:
    if not isinstance(data, dict):
        raise GuideDefinitionError(f"{where}: a guide file is a mapping")
    problems = []
    for i, raw in enumerate(_require(data, "problems", where)):
        at = f"{where} problem {i + 1}"
        steps = raw.get("steps") or [] if raw.get("walkthrough") else _require(raw, "steps", at)
        if not isinstance(steps, list) or not all(isinstance(s, str) and s.strip() for s in steps):
            raise GuideDefinitionError(f"{at}: `steps` is a list of texts")
        on_system = raw.get("on_system") or {}
        if not isinstance(on_system, dict):
            raise GuideDefinitionError(f"{at}: `on_system` maps a system to a problem id")
        problems.append(Problem(str(_require(raw, "id", at)), str(_require(raw, "title", at)),
                                tuple(str(k) for k in _require(raw, "keywords", at)), tuple(s.strip() for s in steps),
                                str(raw.get("guide") or ""), str(raw.get("procedure") or ""),
                                tuple((str(k), str(v)) for k, v in on_system.items()), str(raw.get("walkthrough") or ""),
                                tuple(str(p) for p in raw.get("prefer_over") or ()),
                                tuple(str(p) for p in raw.get("unless") or ())))
    known = {p.id for p in problems}
    systems = data.get("systems") or {}
    if not isinstance(systems, dict) or not all(isinstance(v, list) and v for v in systems.values()):
        raise GuideDefinitionError(f"{where}: `systems` maps a system name to the words that name it")
    for problem in problems:
        if set(problem.prefer_over) - known:
            raise GuideDefinitionError(f"{where} problem {problem.id}: prefer_over names unknown problems")
        for system, target in problem.on_system:
            if system not in systems or target not in known:
                raise GuideDefinitionError(f"{where} problem {problem.id}: on_system {system} -> {target} is unknown")
    classes = data.get("classes") or {}
    if not isinstance(classes, dict) or not all(isinstance(v, list) and v for v in classes.values()):
        raise GuideDefinitionError(f"{where}: `classes` maps a class name to its words")
    for problem in problems:
        used = {name for keyword in problem.keywords for name in re.findall(r"\{(\w+)\}", keyword)}
        if used - set(classes):
            raise GuideDefinitionError(f"{where} problem {problem.id}: unknown word classes {sorted(used - set(classes))}")
    start_problems = tuple(str(p) for p in data.get("start_problems") or ())
    if set(start_problems) - known:
        raise GuideDefinitionError(f"{where}: unknown start_problems {sorted(set(start_problems) - known)}")
    steps = []
    for i, raw in enumerate(_require(data, "steps", where)):
        at = f"{where} step {i + 1}"
        refs = tuple(raw.get("problems") or ())
        if set(refs) - known:
            raise GuideDefinitionError(f"{at}: unknown problems {sorted(set(refs) - known)}")
        steps.append(Step(str(_require(raw, "id", at)), str(_require(raw, "title", at)),
                          str(_require(raw, "text", at)).strip(), refs, str(raw.get("guide") or ""),
                          str(raw.get("procedure") or "")))
    ids = [s.id for s in steps]
    for problem in problems:
        if problem.walkthrough and problem.walkthrough not in ids:
            raise GuideDefinitionError(f"{where} problem {problem.id}: walkthrough step {problem.walkthrough} is unknown")
    if len(set(ids)) != len(ids) or len(known) != len(problems):
        raise GuideDefinitionError(f"{where}: step and problem ids must be unique")
    choices = []
    for raw in data.get("start_choices") or ():
        if raw.get("step") not in ids or not raw.get("title"):
            raise GuideDefinitionError(f"{where}: start choice {raw!r} must name a step and have a title")
        choices.append(StartChoice(str(raw["title"]), raw["step"]))
    word_maps = {}
    for key in ("words", "accented_words"):
        mapping = data.get(key) or {}
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise GuideDefinitionError(f"{where}: `{key}` maps a written word to its standard form")
        word_maps[key] = tuple(mapping.items())
    return Guide(
        code=str(_require(data, "code", where)), title=str(_require(data, "title", where)),
        intro=str(data.get("intro") or "").strip(), finished=str(_require(data, "finished", where)).strip(),
        steps=tuple(steps), problems=tuple(problems), start_choices=tuple(choices),
        words=word_maps["words"], accented_words=word_maps["accented_words"], question=str(data.get("question") or "").strip(),
        systems=tuple((str(k), tuple(str(w) for w in v)) for k, v in systems.items()), start_problems=start_problems,
        classes=tuple((str(k), tuple(str(w) for w in v)) for k, v in classes.items()),
    )


def load_guide(path: Path) -> Guide:
    return read_definition(path, parse_guide, lambda guide: guide.code, GuideDefinitionError, "guide code")


_folder: DefinitionFolder[Guide] = DefinitionFolder(load_guide, lambda guide: guide.code, GuideDefinitionError, "guide")


def load_guides(folder: Path | None = None) -> dict[str, Guide]:
    """code -> guide, re-read when files change; a broken file is skipped (logged)."""
    return _folder.load(folder or GUIDES_DIR)
