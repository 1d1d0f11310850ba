"""Typed loader of the imported procedure catalogue (knowledge/procedures/<code>.yml).

Light on purpose: only the standard library and PyYAML, so any component can import it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader is several times faster than the pure-Python one on 2,642 files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ProcedureRecord = dict[str, Any]


def procedures_dir() -> Path:
    """Folder holding one YAML file per procedure."""
    return Path(__file__).resolve().parent / "procedures"


def load_catalogue(path: Path | str | None = None) -> dict[str, ProcedureRecord]:
    """code -> procedure record, for every <code>.yml in path (default: procedures_dir()).

    Cached per folder; the returned dict is shared, so treat it as read-only.
    """
    return _load(Path(path).resolve() if path is not None else procedures_dir())


@lru_cache(maxsize=4)
def _load(folder: Path) -> dict[str, ProcedureRecord]:
    records: dict[str, ProcedureRecord] = {}
    for file in sorted(folder.glob("*.yml")):
        with file.open(encoding="utf-8") as stream:
            record = yaml.load(stream, Loader=_Loader)
        if isinstance(record, dict) and record.get("code"):
            records[str(record["code"])] = record
    return records
