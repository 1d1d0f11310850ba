"""Account and portal problems (account_problems.yml): an account_help message reporting one gets
no procedure; the account guide answers it."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.search.text import read_as_typed, typed_patterns

ACCOUNT_PROBLEMS_FILE = Path(__file__).with_name("account_problems.yml")


@lru_cache(maxsize=2)
def _patterns(key: str, path: Path = ACCOUNT_PROBLEMS_FILE) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(accented, folded) patterns of the phrases listed under `key`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return None, None
    return typed_patterns(data.get(key))


def _says(text: str, key: str) -> bool:
    pattern, said = read_as_typed(text, _patterns(key))
    return bool(pattern and pattern.search(said))


def reports_account_problem(text: str) -> bool:
    """The message reports a problem with an account or the portal and asks for no
    electronic-identification procedure; read with diacritics when it has them."""
    return _says(text, "problems") and not _says(text, "unless")
