"""The seam to the provincial one-stop system (hệ thống một cửa điện tử).

The product does not talk to a real one-stop system yet: an adapter hands over raw
dossier rows and `sync` validates and stores them exactly like the import command.
A real integration implements OneStopAdapter (e.g. polling the province's API) and is
run by a scheduler with the time of its last successful run.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class SourceRow:
    """One raw row and where it came from (reported with its problems)."""

    location: str                  # e.g. "line 4"
    fields: Mapping[str, Any]      # the keys of records.FIELDS


@runtime_checkable
class OneStopAdapter(Protocol):
    name: str

    def fetch_updates(self, since: datetime | None) -> Sequence[SourceRow]:
        """Dossiers created or changed since `since` (every dossier when None)."""
        ...
