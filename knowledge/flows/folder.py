"""A folder of YAML definitions (forms, guides) that officers edit without a developer.

Re-read when a file is added, removed or edited; a broken file is skipped (logged) so one
typo does not take every definition down.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


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
