"""A folder of YAML definitions (forms, guides) that officers edit without a developer.

Re-read when a file is added, removed or edited; a broken file is skipped (logged) so one
typo does not take every definition down.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

log = logging.getLogger(__name__)
T = TypeVar("T")


def read_definition(path: Path, parse: Callable[[Any, str], T], key: Callable[[T], str],
                    error: type[Exception], what: str) -> T:
    """One definition file, parsed; its file name must be its key (`what` names the key)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as problem:
        raise error(f"{path.name}: {problem}") from problem
    item = parse(data, path.name)
    if key(item) != path.stem:
        raise error(f"{path.name}: file name must be the {what} {key(item)}")
    return item


class DefinitionFolder(Generic[T]):
    def __init__(self, load_one: Callable[[Path], T], key: Callable[[T], str],
                 error: type[Exception], kind: str) -> None:
        self._load_one, self._key, self._error, self._kind = load_one, key, error, kind
        self._cache: dict[Path, tuple[tuple, dict[str, T]]] = {}

    def load(self, folder: Path) -> dict[str, T]:
        folder = folder.resolve()
        files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
        signature = tuple((p.name, p.stat().st_mtime_ns) for p in files)
        cached = self._cache.get(folder)
        if cached and cached[0] == signature:
            return cached[1]
        loaded: dict[str, T] = {}
        for path in files:
            try:
                item = self._load_one(path)
            except self._error as error:
                log.error("%s skipped: %s", self._kind, error)
                continue
            loaded[self._key(item)] = item
        self._cache[folder] = (signature, loaded)
        return loaded
