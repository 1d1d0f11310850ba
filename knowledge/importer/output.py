"""Deterministic YAML output: one file per procedure, stable key order, unicode kept."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_CODE_FILE = re.compile(r"^\d+\.\d+\.yml$")


class _BlockStyleDumper(yaml.SafeDumper):
    """Pure-Python dumper on purpose: libyaml and PyYAML may format edge cases differently,
    and the committed files must not change with the machine that regenerates them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockStyleDumper.add_representer(str, _represent_str)


def dump_record(data: dict) -> str:
    return yaml.dump(data, Dumper=_BlockStyleDumper, allow_unicode=True, sort_keys=False, width=100)


def write_records(records: dict[str, dict], out_dir: Path) -> int:
    """Write <code>.yml for each record, drop stale procedure files; returns files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.iterdir():
        if _CODE_FILE.match(stale.name) and stale.stem not in records:
            stale.unlink()
    for code, data in records.items():
        path = out_dir / f"{code}.yml"
        text = dump_record(data)
        # Leave unchanged files untouched so a re-run shows no modification at all.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return len(records)
