"""Import / sync of dossiers: every row validated, all-or-nothing by default.

Rows come from an adapter (FileAdapter reads JSON, JSON Lines or CSV). Each row is
validated, then upserted by receipt code inside ONE transaction; if any row is bad the
transaction is rolled back and nothing is stored, unless skip_bad is asked for
explicitly, in which case the good rows are stored and the bad ones reported.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.db import Database
from domain.dossiers import service
from domain.dossiers.adapter import OneStopAdapter, SourceRow
from domain.dossiers.identity import OwnerHasher
from domain.dossiers.records import RecordInvalid, parse_datetime, parse_record


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (format, encoding, syntax)."""


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)          # created / updated / unchanged
    errors: list[tuple[str, str]] = field(default_factory=list)  # (location, problem)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        done = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items())) or "no rows"
        if self.committed:
            skipped = f"; {len(self.errors)} bad row(s) skipped" if self.errors else ""
            return f"imported: {done}{skipped}"
        return f"nothing imported: {len(self.errors)} bad row(s)"


def _json_rows(text: str) -> list[SourceRow]:
    """A JSON array of objects (or {"dossiers": [...]}), each located by its first line."""
    decoder = json.JSONDecoder()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}") from error
    if isinstance(document, dict) and isinstance(document.get("dossiers"), list):
        start = text.index("[", text.index('"dossiers"'))
    elif isinstance(document, list):
        start = text.index("[")
    else:
        raise UnreadableFile('expected a JSON array of dossiers (or {"dossiers": [...]})')
    rows, position = [], start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return rows
        value, end = decoder.raw_decode(text, position)
        location = f"line {text.count(chr(10), 0, position) + 1}"
        rows.append(SourceRow(location, value if isinstance(value, dict) else {"__not_an_object__": value}))
        position = end


def _jsonl_rows(text: str) -> list[SourceRow]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            value = {"__not_json__": error.msg}
        rows.append(SourceRow(f"line {number}", value if isinstance(value, dict) else {"__not_an_object__": value}))
    return rows


def _csv_rows(text: str) -> list[SourceRow]:
    """Comma, semicolon or tab separated, with a header row; rows located by their last line."""
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter)
    if not reader.fieldnames:
        raise UnreadableFile("the CSV file has no header row")
    rows = []
    for raw in reader:
        fields = {(k or "").strip(): v for k, v in raw.items() if k is not None}
        if None in raw:
            fields["__extra_columns__"] = raw[None]
        if any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            rows.append(SourceRow(f"line {reader.line_num}", fields))
    return rows


class FileAdapter:
    """A file exported from the one-stop system: .json, .jsonl / .ndjson or .csv (UTF-8)."""

    def __init__(self, path: Path, file_format: str | None = None) -> None:
        self.path = Path(path)
        self.format = (file_format or self.path.suffix.lstrip(".")).lower()
        self.name = f"import:{self.path.name}"[:32]

    def fetch_updates(self, since: datetime | None = None) -> list[SourceRow]:
        readers = {"json": _json_rows, "jsonl": _jsonl_rows, "ndjson": _jsonl_rows, "csv": _csv_rows}
        if self.format not in readers:
            raise UnreadableFile(f"unknown format {self.format!r}: use .json, .jsonl or .csv")
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile("the file is not UTF-8 text") from error
        rows = readers[self.format](text)
        if since is None:
            return rows
        return [row for row in rows if _changed_since(row, since)]


def _changed_since(row: SourceRow, since: datetime) -> bool:
    raw = row.fields.get("status_changed_at")
    if not raw:
        return True
    try:
        return parse_datetime(raw) >= since
    except ValueError:
        return True  # a bad date is reported by validation


def _problem_fields(fields: dict) -> list[str]:
    problems = []
    if "__not_an_object__" in fields:
        problems.append("the row is not an object with named fields")
    if "__not_json__" in fields:
        problems.append(f"not valid JSON ({fields['__not_json__']})")
    if "__extra_columns__" in fields:
        problems.append("the row has more columns than the header")
    return problems


def import_rows(db: Database, hasher: OwnerHasher, rows: list[SourceRow], source: str,
                skip_bad: bool = False) -> ImportReport:
    """Validate and upsert rows in one transaction; see the module docstring."""
    report = ImportReport()
    records, first_seen = [], {}
    for row in rows:
        fields = dict(row.fields)
        problems = _problem_fields(fields)
        if problems:
            report.errors += [(row.location, p) for p in problems]
            continue
        try:
            record = parse_record(fields, require_owner=False)
        except RecordInvalid as invalid:
            report.errors += [(row.location, e) for e in invalid.errors]
            continue
        if record.receipt_code in first_seen:
            report.errors.append((row.location, f"receipt_code {record.receipt_code} already appears at "
                                                f"{first_seen[record.receipt_code]}"))
            continue
        first_seen[record.receipt_code] = row.location
        records.append((row.location, record))

    class _Rollback(Exception):
        pass

    try:
        with db.session() as session:
            for location, record in records:
                try:  # a refused row is refused before anything of it is written
                    report.counts[service.upsert(session, hasher, record, source)] += 1
                except (service.InvalidChange, service.DossierExists) as error:
                    report.errors.append((location, str(error)))
            if report.errors and not skip_bad:
                raise _Rollback
            report.committed = True
    except _Rollback:
        report.counts.clear()
    report.errors.sort(key=lambda e: _line_number(e[0]))
    return report


def _line_number(location: str) -> int:
    digits = "".join(c for c in location if c.isdigit())
    return int(digits) if digits else 0


def sync(db: Database, hasher: OwnerHasher, adapter: OneStopAdapter, since: datetime | None = None,
         skip_bad: bool = False) -> ImportReport:
    """Fetch the adapter's updates and store them (the one-stop system stand-in)."""
    return import_rows(db, hasher, list(adapter.fetch_updates(since)), adapter.name, skip_bad)
