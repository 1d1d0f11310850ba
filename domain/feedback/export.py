"""Reviewed training data: labelled desk turns -> Rasa NLU examples and search aliases, in files of
the repository's own formats, one reviewable batch at a time (never silently: a supervisor
exports, git shows the files, `make train` picks the NLU file up, the app reads the aliases).

    bot/data/nlu/reviewed/<date>-<n>.yml         Rasa NLU examples (version 3.1)
    knowledge/curated/reviewed/<date>-<n>.yml    {"aliases": {code: [wording, ...]}}

Personal data is replaced by placeholders (domain/feedback/placeholders.py) before a wording is
written. The batch and each file's SHA-256 are recorded; a batch is in the current model when the
model was trained after the export and the file is unchanged.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.settings import ROOT
from domain.feedback import officer_log
from domain.feedback.models import LABELLED, DeskItem, ExportBatch, ReviewedAlias
from domain.feedback.placeholders import for_training, plain
from domain.handoff.models import ConversationMessage, Officer
from domain.handoff.timeutil import as_utc, iso

NLU_DIR = ROOT / "bot" / "data" / "nlu"
REVIEWED_NLU_DIR = NLU_DIR / "reviewed"
REVIEWED_ALIAS_DIR = ROOT / "knowledge" / "curated" / "reviewed"
MODEL_FINGERPRINT = ROOT / "models" / ".fingerprint"
NO_PROCEDURE_INTENT = "out_of_scope"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


class NothingToExport(ValueError):
    pass


def plain_example(example: str) -> str:
    """An NLU example as compared for repeats: annotation removed, lowercase, spaces collapsed."""
    return " ".join(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", example).lower().split())


def existing_examples(nlu_dir: Path, exclude: Path | None = None) -> dict[str, str]:
    """Every NLU example already in the data (annotation removed, lowercase) -> its intent; the
    files under `exclude` left out."""
    found: dict[str, str] = {}
    for path in sorted(nlu_dir.rglob("*.yml")):
        if exclude is not None and path.is_relative_to(exclude):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for block in data.get("nlu") or []:
            if not isinstance(block, dict) or "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.setdefault(plain_example(line[2:]), block["intent"])
    return found


def _batch_name(session: Session, now: datetime) -> str:
    day = now.strftime("%Y-%m-%d")
    count = session.scalar(select(func.count(ExportBatch.id)).where(ExportBatch.name.like(f"{day}-%"))) or 0
    return f"{day}-{count + 1}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _nlu_yaml(name: str, officer: Officer, examples: dict[str, list[str]], now: datetime) -> str:
    lines = ['version: "3.1"',
             f"# Reviewed by officers in the console: batch {name}, exported by {officer.username} at {iso(now)}.",
             "# Personal data replaced by placeholders. Review in git, then `make train`.",
             "nlu:"]
    for intent in sorted(examples):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in examples[intent]]
    return "\n".join(lines) + "\n"


def _alias_yaml(name: str, officer: Officer, aliases: dict[str, list[str]], now: datetime) -> str:
    header = (f"# Citizen wordings reviewed by officers: batch {name}, exported by {officer.username} at {iso(now)}.\n"
              "# Read by the search with knowledge/curated/<code>.yml (knowledge/search/curated.py).\n")
    return header + yaml.safe_dump({"aliases": {c: aliases[c] for c in sorted(aliases)}}, allow_unicode=True,
                                   sort_keys=False, width=1000)


def export(session: Session, officer: Officer, now: datetime | None = None) -> dict[str, Any]:
    """Write one batch of everything labelled and not exported yet; returns what was written."""
    now = now or utcnow()
    items = list(session.scalars(select(DeskItem).where(DeskItem.status == LABELLED,
                                                        DeskItem.exported_batch.is_(None)).order_by(DeskItem.id)))
    pending_aliases = list(session.scalars(select(ReviewedAlias).where(ReviewedAlias.exported_batch.is_(None))
                                           .order_by(ReviewedAlias.id)))
    known = existing_examples(NLU_DIR)
    examples: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    skipped: list[dict[str, Any]] = []
    for item in items:
        message = session.get(ConversationMessage, item.message_id)
        if message is None or not message.text:
            continue
        intent = item.label_intent or (NO_PROCEDURE_INTENT if item.no_procedure else None)
        if intent:
            example = for_training(" ".join(message.text.split()), message.entities)
            key = plain_example(example)
            if key in known:
                if known[key] != intent:
                    skipped.append({"item": item.id, "text": example, "already_as": known[key]})
            else:
                known[key] = intent
                examples.setdefault(intent, []).append(example)
        if item.label_procedure:
            wording = plain(" ".join(message.text.split()), message.entities)
            if wording not in aliases.setdefault(item.label_procedure, []):
                aliases[item.label_procedure].append(wording)
    for alias in pending_aliases:
        if alias.text not in aliases.setdefault(alias.procedure_code, []):
            aliases[alias.procedure_code].append(alias.text)
    aliases = {code: words for code, words in aliases.items() if words}
    if not items and not pending_aliases:
        raise NothingToExport("Chưa có nhãn hay cách nói mới nào để xuất.")
    name = _batch_name(session, now)
    files = []
    if examples:
        REVIEWED_NLU_DIR.mkdir(parents=True, exist_ok=True)
        path = REVIEWED_NLU_DIR / f"{name}.yml"
        path.write_text(_nlu_yaml(name, officer, examples, now), encoding="utf-8")
        files.append({"kind": "nlu", "path": _relative(path), "sha256": _sha256(path)})
    if aliases:
        REVIEWED_ALIAS_DIR.mkdir(parents=True, exist_ok=True)
        path = REVIEWED_ALIAS_DIR / f"{name}.yml"
        path.write_text(_alias_yaml(name, officer, aliases, now), encoding="utf-8")
        files.append({"kind": "aliases", "path": _relative(path), "sha256": _sha256(path)})
    count = sum(len(v) for v in examples.values())
    batch = ExportBatch(name=name, files=files, examples=count, aliases=sum(len(v) for v in aliases.values()),
                        officer_id=officer.id, created_at=now)
    session.add(batch)
    for item in items:
        item.exported_batch = name
    for alias in pending_aliases:
        alias.exported_batch = name
    officer_log.record(session, officer, "export", f"batch:{name}",
                       {"files": files, "examples": count, "skipped": skipped}, now)
    session.flush()
    return {"batch": name, "files": files, "examples": count, "aliases": batch.aliases, "skipped": skipped}


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _absolute(path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else ROOT / candidate


def in_current_model(batch: ExportBatch) -> bool:
    """Trained after the export, with the NLU file as exported (no NLU file: nothing to train)."""
    nlu = [f for f in batch.files or [] if f.get("kind") == "nlu"]
    if not nlu:
        return True
    if not MODEL_FINGERPRINT.exists():
        return False
    trained_at = datetime.fromtimestamp(MODEL_FINGERPRINT.stat().st_mtime, tz=as_utc(batch.created_at).tzinfo)
    if trained_at < as_utc(batch.created_at):
        return False
    for file in nlu:
        path = _absolute(file["path"])
        if not path.exists() or _sha256(path) != file["sha256"]:
            return False
    return True


def batches(session: Session, limit: int = 50) -> dict[str, Any]:
    rows = list(session.scalars(select(ExportBatch).order_by(ExportBatch.id.desc()).limit(limit)))
    pending = session.scalar(select(func.count(DeskItem.id)).where(DeskItem.status == LABELLED,
                                                                   DeskItem.exported_batch.is_(None))) or 0
    pending_aliases = session.scalar(select(func.count(ReviewedAlias.id))
                                     .where(ReviewedAlias.exported_batch.is_(None))) or 0
    return {"pending_labels": int(pending), "pending_aliases": int(pending_aliases),
            "batches": [{"name": b.name, "files": b.files, "examples": b.examples, "aliases": b.aliases,
                         "created_at": iso(b.created_at), "in_current_model": in_current_model(b)} for b in rows]}
