"""Canned replies for officers, from an editable YAML file (read on each request)."""
from __future__ import annotations

from pathlib import Path

import yaml


def load_canned(path: Path) -> list[dict[str, str]]:
    """[{"title", "text"}]; a missing or broken file gives an empty list, never an error page."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [
        {"title": str(e["title"]), "text": str(e["text"])}
        for e in entries if isinstance(e, dict) and e.get("title") and e.get("text")
    ]
