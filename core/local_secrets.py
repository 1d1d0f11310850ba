"""Secrets with an embedded default: the configured value, or a random key kept in var/.

`make run` must work with no configuration, yet keys (HMACs of owners' numbers, signed
links) must stay the same across restarts: the first process writes var/<name>.key.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from core.settings import ROOT

KEY_DIR = ROOT / "var"


def configured_or_local(configured: str, name: str, key_dir: Path = KEY_DIR) -> str:
    if configured:
        return configured
    key_file = key_dir / f"{name}.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(key_file, "x", encoding="ascii") as stream:  # first process wins, others read it
                stream.write(secrets.token_hex(32))
            key_file.chmod(0o600)
        except FileExistsError:
            pass
    return key_file.read_text(encoding="ascii").strip()
