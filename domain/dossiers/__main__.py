"""`python -m domain.dossiers import FILE [--skip-bad]`: load dossiers exported from the
one-stop system (JSON array, JSON Lines or CSV with a header row; the fields are listed
by `python -m domain.dossiers import --help`).

Exit status: 0 imported, 1 bad rows (nothing imported unless --skip-bad), 2 the file or
the configuration is unusable.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.db import Database
from core.settings import get_settings
from domain.dossiers.identity import NotConfigured, OwnerHasher
from domain.dossiers.importer import FileAdapter, UnreadableFile, sync
from domain.dossiers.records import FIELDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m domain.dossiers", description="Dossier store commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser(
        "import", help="import or update dossiers from a file (upsert by receipt code)",
        description=f"Fields: {', '.join(FIELDS)}. A new dossier needs owner_id_number or owner_phone.",
    )
    load.add_argument("file", type=Path)
    load.add_argument("--format", choices=("json", "jsonl", "csv"), help="default: from the file extension")
    load.add_argument("--skip-bad", action="store_true",
                      help="import the good rows even when some rows are bad (default: all or nothing)")
    args = parser.parse_args(argv)

    settings = get_settings()
    try:
        hasher = OwnerHasher.from_settings(settings)
    except NotConfigured as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    db = Database(settings.database_url)
    try:
        db.migrate()
        report = sync(db, hasher, FileAdapter(args.file, args.format), skip_bad=args.skip_bad)
    except UnreadableFile as error:
        print(f"error: {args.file}: {error}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    for location, problem in report.errors:
        print(f"{args.file}:{location.removeprefix('line ')}: {problem}", file=sys.stderr)
    print(report.summary())
    return 0 if report.committed else 1


if __name__ == "__main__":
    sys.exit(main())
