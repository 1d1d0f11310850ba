"""What search sees of a procedure: catalogue record + optional curated entry."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .curated import CuratedEntry
from .text import fold

COMMUNE_LEVEL_WORDS = ("cap xa", "commune")


@dataclass(frozen=True)
class SearchDocument:
    code: str
    name: str
    field: str = ""
    levels: tuple[str, ...] = ()
    result: str = ""
    aliases: tuple[str, ...] = ()
    summary: str = ""
    curated: bool = False
    popular: int | None = None  # curated popularity rank, 1 = most common
    # Longer official text (dossier papers, conditions, dossier notes, applicants):
    # many words a specific question may use, indexed apart at low weight.
    details: str = ""

    @property
    def commune_level(self) -> bool:
        """Handled at commune level, where most citizens' own errands now go."""
        return any(word in fold(level) for level in self.levels for word in COMMUNE_LEVEL_WORDS)


def _get(record, key: str, default=None):
    if isinstance(record, Mapping):
        return record.get(key, default)
    return getattr(record, key, default)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value if v)
    return " ".join(str(value).split())


def _levels(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(s for s in (str(v).strip() for v in value) if s)


def _details(record) -> str:
    papers = _get(record, "dossier_components") or []
    names = [_get(p, "name") or "" for p in papers if p] + [_get(p, "group") or "" for p in papers if p]
    parts = [*dict.fromkeys(names), _text(_get(record, "dossier_note")), _text(_get(record, "conditions"))]
    return ". ".join(_text(p) for p in parts if p)


def build_documents(catalogue: Mapping[str, object], curated: Mapping[str, CuratedEntry]) -> list[SearchDocument]:
    """One document per catalogue record, sorted by code; curated entries for unknown codes are ignored."""
    documents = []
    for code in sorted(catalogue):
        record = catalogue[code]
        extra = curated.get(code)
        documents.append(
            SearchDocument(
                code=str(_get(record, "code") or code),
                name=_text(_get(record, "name")),
                field=_text(_get(record, "field")),
                levels=_levels(_get(record, "level")),
                result=_text(_get(record, "result")),
                aliases=extra.aliases if extra else (),
                summary=extra.summary if extra else "",
                curated=extra is not None,
                popular=extra.popular if extra else None,
                details=_details(record),
            )
        )
    return documents


def fingerprint(parts: Iterable[str]) -> str:
    """Stable hash of an ordered sequence of texts (e.g. a model id and the passages)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()
