"""Curated layer: citizen words (aliases) and plain summaries, knowledge/curated/<code>.yml.

The folder may be empty or missing, and a broken file must not take search
down: such files are skipped with a warning.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CuratedEntry:
    code: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    # 1 = what citizens mean by the matter in general terms, 2 = common variant,
    # 3 = rarer variant (see knowledge/curated/README.md); None when not given.
    popular: int | None = None


def _as_text_list(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(v).strip() for v in value if v is not None and str(v).strip())


def load_curated(folder: Path) -> dict[str, CuratedEntry]:
    entries: dict[str, CuratedEntry] = {}
    if not folder.is_dir():
        return entries
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            log.warning("skipping curated file %s: %s", path, error)
            continue
        if not isinstance(data, dict):
            log.warning("skipping curated file %s: not a mapping", path)
            continue
        code = str(data.get("code") or path.stem).strip()
        summary = data.get("summary")
        popular = data.get("popular")
        entries[code] = CuratedEntry(
            code=code,
            aliases=_as_text_list(data.get("aliases")),
            summary=summary.strip() if isinstance(summary, str) else "",
            popular=popular if isinstance(popular, int) and popular in (1, 2, 3) else None,
        )
    _add_reviewed(entries, folder / REVIEWED)
    return entries


# citizen wordings reviewed by officers (domain/feedback/export.py): {"aliases": {code: [...]}}
REVIEWED = "reviewed"


def _add_reviewed(entries: dict[str, CuratedEntry], folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            log.warning("skipping reviewed aliases %s: %s", path, error)
            continue
        aliases = data.get("aliases") if isinstance(data, dict) else None
        if not isinstance(aliases, dict):
            continue
        for code, words in aliases.items():
            code = str(code).strip()
            entry = entries.get(code) or CuratedEntry(code=code)
            extra = tuple(w for w in _as_text_list(words) if w not in entry.aliases)
            entries[code] = replace(entry, aliases=entry.aliases + extra)
