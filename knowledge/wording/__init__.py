"""The chat's sentences as data, one file per language (knowledge/wording/vi.yml).

`say("procedures.not_found")` gives a sentence (placeholders filled from keyword values),
`button("officer")` a {title, payload} button, `section("procedures.follow_ups")` a mapping.
`constants("forms", ...)` serves a section as a module's UPPER_CASE names (`w.SAVED` is
`forms.saved`), for the engines that name their sentences as constants (bot/forms/wording.py).
The file is re-read when it changes, so an officer's edit needs no restart.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import yaml

WORDING_DIR = Path(__file__).resolve().parent
LANGUAGE = "vi"

_cache: dict[Path, tuple[int, dict[str, Any]]] = {}


def _data(language: str = LANGUAGE) -> dict[str, Any]:
    path = WORDING_DIR / f"{language}.yml"
    stamp = path.stat().st_mtime_ns
    cached = _cache.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        _cache[path] = cached
    return cached[1]


def section(key: str, language: str = LANGUAGE) -> Any:
    value: Any = _data(language)
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(f"no wording {key!r} in {language}.yml")
        value = value[part]
    return value


def say(key: str, language: str = LANGUAGE, **values: Any) -> str:
    text = str(section(key, language))
    return text.format(**values) if values else text


def button(key: str, language: str = LANGUAGE) -> dict[str, str]:
    raw = section(f"buttons.{key}", language)
    return {"title": raw["title"], "payload": raw["payload"]}


def constants(prefix: str, buttons: dict[str, str] | None = None,
              language: str = LANGUAGE) -> Callable[[str], Any]:
    """A module `__getattr__`: NAME is the wording at `prefix.name` (read at each use, so an edit
    of the file shows at once), a name in `buttons` the shared button of that key."""
    buttons = dict(buttons or {})

    def __getattr__(name: str) -> Any:
        if name in buttons:
            return button(buttons[name], language)
        if not name.isupper():
            raise AttributeError(name)
        try:
            value = section(f"{prefix}.{name.lower()}", language)
        except KeyError:
            raise AttributeError(f"no wording {prefix}.{name.lower()} for {name}") from None
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    return __getattr__
