"""CLI: python -m knowledge.importer [--raw DIR] [--out DIR] [--report FILE]."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from knowledge.importer import import_catalogue

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_raw_dir() -> Path:
    env = os.environ.get("CATALOGUE_DIR")
    return (
        Path(env) if env else (REPO_ROOT / ".." / "shared" / "data" / "national-catalogue" / "raw").resolve()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", type=Path, default=default_raw_dir(), help="raw catalogue folder")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "knowledge" / "procedures")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "reports" / "import.md")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        parser.error(f"raw catalogue folder not found: {args.raw} (set --raw or CATALOGUE_DIR)")
    _, report = import_catalogue(args.raw, args.out)
    text = report.to_markdown()
    print(text)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    return 1 if report.records_read == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
