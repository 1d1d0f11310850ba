"""Importer of the national catalogue of administrative procedures into knowledge/procedures/*.yml.

Run it with `python -m knowledge.importer [--raw DIR] [--out DIR]`.
"""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.importer.output import write_records
from knowledge.importer.record import ImportedRecord, build_record
from knowledge.importer.report import ImportReport

__all__ = ["ImportReport", "ImportedRecord", "build_record", "import_catalogue", "read_catalogue"]


def read_catalogue(raw_dir: Path) -> list[tuple[str, Path]]:
    """(ministry folder, file) for every raw record, in a stable order."""
    return [(path.parent.name, path) for path in sorted(raw_dir.glob("*/*.json"))]


def import_catalogue(raw_dir: Path, out_dir: Path | None) -> tuple[dict[str, dict], ImportReport]:
    """Parse every record; write the YAML files when out_dir is given."""
    report = ImportReport()
    records: dict[str, dict] = {}
    for ministry, path in read_catalogue(raw_dir):
        report.records_read += 1
        try:
            imported = build_record(json.loads(path.read_text(encoding="utf-8")), ministry)
        except Exception as error:  # noqa: BLE001 - one bad record must not stop the import
            report.failures[path.stem] = f"{type(error).__name__}: {error}"
            continue
        records[imported.data["code"]] = imported.data
        report.add(imported.statuses)
    if out_dir is not None:
        report.records_written = write_records(records, out_dir)
    return records, report
