"""Validate the curated procedure layer (knowledge/curated/*.yml).

Checks every curated file against the raw national catalogue and against the
layer's own rules: required keys, a code that exists in the catalogue, a known
topic, 8-20 aliases that no other file uses, and a short plain-language summary
whose numbers all appear in the official record.

Run: python -m knowledge.curated_check [--curated-dir DIR] [--catalogue-dir DIR]
The catalogue is found via the CATALOGUE_DIR environment variable, else at
../shared/data/national-catalogue/raw relative to the repository root.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CURATED_DIR = REPO_ROOT / "knowledge" / "curated"
DEFAULT_CATALOGUE_DIR = REPO_ROOT.parent / "shared" / "data" / "national-catalogue" / "raw"

REQUIRED_KEYS = ("code", "topic", "aliases", "summary", "popular")
TOPICS = frozenset({
    "civil_status", "residence", "identity", "passport", "criminal_record", "driving_licence",
    "vehicle", "land", "construction", "business", "authentication", "insurance", "tax", "other",
})
POPULAR_LEVELS = frozenset({1, 2, 3})
MIN_ALIASES, MAX_ALIASES = 8, 20
MIN_SENTENCES, MAX_SENTENCES = 3, 6
# Vietnamese words are written syllable by syllable, so this counts syllables:
# 40 is roughly a 20-word sentence, still easy to follow when read aloud.
MAX_SENTENCE_SYLLABLES = 40
CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Issue:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def resolve_catalogue_dir() -> Path:
    return Path(os.environ.get("CATALOGUE_DIR") or DEFAULT_CATALOGUE_DIR)


def load_catalogue_index(catalogue_dir: Path) -> dict[str, Path]:
    """Map each procedure code to its raw file (<ministry>/<code>.json)."""
    if not catalogue_dir.is_dir():
        raise FileNotFoundError(f"catalogue directory not found: {catalogue_dir}")
    return {path.stem: path for path in catalogue_dir.glob("*/*.json")}


def normalize_alias(alias: str) -> str:
    """Unicode-normalised, lower-cased, single-spaced form of an alias."""
    return " ".join(unicodedata.normalize("NFC", alias).lower().split())


def fold_alias(alias: str) -> str:
    """Alias without Vietnamese diacritics: the form a diacritics-blind matcher compares.

    Within one file a folded twin is wanted (the no-diacritics spelling citizens type);
    across files two aliases with the same folded form cannot be told apart.
    """
    text = unicodedata.normalize("NFD", normalize_alias(alias)).replace("đ", "d")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def split_sentences(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(" ".join(text.split())) if part]


def load_record(code: str, catalogue: dict[str, Path]) -> dict | None:
    path = catalogue.get(code)
    return json.loads(path.read_text(encoding="utf-8")) if path else None


def check_code(name: str, code: object, record: dict | None) -> list[Issue]:
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return [Issue(name, f"code must be a quoted string like \"1.001193\", got {code!r}")]
    issues = []
    if Path(name).stem != code:
        issues.append(Issue(name, f"file name must be {code}.yml"))
    if record is None:
        issues.append(Issue(name, f"code {code} does not exist in the raw catalogue"))
    elif record.get("ma_thu_tuc") != code:
        issues.append(Issue(name, f"raw record for {code} carries ma_thu_tuc {record.get('ma_thu_tuc')!r}"))
    return issues


def check_numbers(name: str, summary: str, record: dict) -> list[Issue]:
    """Every number in the summary must appear in the official record (leading zeros ignored)."""
    raw_text = record.get("raw_text", "")
    return [
        Issue(name, f"number {number} in summary is not found in the catalogue record")
        for number in dict.fromkeys(re.findall(r"\d+", summary))
        if not re.search(rf"(?<!\d)0*{int(number)}(?!\d)", raw_text)
    ]


def check_aliases(name: str, aliases: object) -> list[Issue]:
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        return [Issue(name, "aliases must be a list of non-empty strings")]
    issues = []
    if not MIN_ALIASES <= len(aliases) <= MAX_ALIASES:
        issues.append(Issue(name, f"{len(aliases)} aliases, expected {MIN_ALIASES}-{MAX_ALIASES}"))
    seen: dict[str, str] = {}
    for alias in aliases:
        key = normalize_alias(alias)
        if key in seen:
            issues.append(Issue(name, f"alias {alias!r} repeats {seen[key]!r}"))
        seen.setdefault(key, alias)
        if alias.rstrip().endswith("?"):
            issues.append(Issue(name, f"alias {alias!r} is a question; use a noun phrase"))
    return issues


def check_summary(name: str, summary: object) -> list[Issue]:
    if not isinstance(summary, str) or not summary.strip():
        return [Issue(name, "summary must be a non-empty string")]
    sentences = split_sentences(summary)
    issues = []
    if not MIN_SENTENCES <= len(sentences) <= MAX_SENTENCES:
        issues.append(Issue(name, f"summary has {len(sentences)} sentences, expected {MIN_SENTENCES}-{MAX_SENTENCES}"))
    for sentence in sentences:
        length = len(sentence.split())
        if length > MAX_SENTENCE_SYLLABLES:
            issues.append(Issue(name, f"sentence of {length} words (max {MAX_SENTENCE_SYLLABLES}): {sentence[:60]}..."))
    return issues


def check_entry(name: str, data: object, catalogue: dict[str, Path]) -> list[Issue]:
    if not isinstance(data, dict):
        return [Issue(name, "file must contain a YAML mapping")]
    missing = [key for key in REQUIRED_KEYS if key not in data]
    extra = sorted(set(data) - set(REQUIRED_KEYS))
    issues = [Issue(name, f"missing key {key!r}") for key in missing]
    issues += [Issue(name, f"unexpected key {key!r}") for key in extra]
    record = load_record(data["code"], catalogue) if isinstance(data.get("code"), str) else None
    if "code" in data:
        issues += check_code(name, data["code"], record)
    topic, popular = data.get("topic"), data.get("popular")
    if "topic" in data and not (isinstance(topic, str) and topic in TOPICS):
        issues.append(Issue(name, f"unknown topic {topic!r}"))
    if "popular" in data and not (type(popular) is int and popular in POPULAR_LEVELS):
        issues.append(Issue(name, f"popular must be 1, 2 or 3, got {popular!r}"))
    if "aliases" in data:
        issues += check_aliases(name, data["aliases"])
    if "summary" in data:
        issues += check_summary(name, data["summary"])
        if record is not None and isinstance(data["summary"], str):
            issues += check_numbers(name, data["summary"], record)
    return issues


def find_alias_collisions(entries: dict[str, object]) -> list[Issue]:
    """Report every alias (diacritics ignored) claimed by more than one file."""
    owners: dict[str, set[str]] = {}
    for name, data in entries.items():
        aliases = data.get("aliases") if isinstance(data, dict) else None
        for alias in aliases if isinstance(aliases, list) else []:
            if isinstance(alias, str):
                owners.setdefault(fold_alias(alias), set()).add(name)
    return [
        Issue(", ".join(sorted(files)), f"alias collision on {alias!r}")
        for alias, files in sorted(owners.items()) if len(files) > 1
    ]


def load_curated(curated_dir: Path) -> tuple[dict[str, object], list[Issue]]:
    entries: dict[str, object] = {}
    issues = []
    for path in sorted(curated_dir.glob("*.yml")):
        try:
            entries[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            issues.append(Issue(path.name, f"invalid YAML: {error}"))
    return entries, issues


def run_checks(curated_dir: Path = CURATED_DIR, catalogue_dir: Path | None = None) -> tuple[int, list[Issue]]:
    """Return (number of curated files, issues found)."""
    catalogue = load_catalogue_index(catalogue_dir or resolve_catalogue_dir())
    entries, issues = load_curated(curated_dir)
    if not entries and not issues:
        issues.append(Issue(str(curated_dir), "no curated *.yml files found"))
    for name, data in entries.items():
        issues += check_entry(name, data, catalogue)
    issues += find_alias_collisions(entries)
    return len(list(curated_dir.glob("*.yml"))), issues


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curated-dir", type=Path, default=CURATED_DIR)
    parser.add_argument("--catalogue-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        count, issues = run_checks(args.curated_dir, args.catalogue_dir)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for issue in issues:
        print(issue)
    print(f"{count} curated files checked, {len(issues)} issue(s)")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
