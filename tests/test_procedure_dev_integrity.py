"""Integrity checks for the procedure-search dev set (tests/data/procedure_dev.jsonl).

The dev set holds citizen questions labelled with official procedure codes of the
national catalogue; it measures how well procedure search generalises, so it must stay
well-formed, diverse and pointed at codes that really exist.
"""
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_SET_PATH = REPO_ROOT / "tests" / "data" / "procedure_dev.jsonl"
DEFAULT_CATALOGUE_DIR = REPO_ROOT.parent / "shared" / "data" / "national-catalogue" / "raw"

ALLOWED_STYLES = {"standard", "no_diacritics", "teencode", "regional", "elderly", "typo", "code_mixed"}
CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
TOPIC_PATTERN = re.compile(r"^[a-z]+(_[a-z]+)*$")
MIN_LINES = 300
MIN_NO_DIACRITICS_LINES = 100
MAX_CODES_PER_QUESTION = 3


def has_vietnamese_diacritics(text: str) -> bool:
    """True if any character carries a tone/vowel mark or is the letter đ."""
    for char in text:
        if char in "đĐ":
            return True
        if any(unicodedata.category(part) == "Mn" for part in unicodedata.normalize("NFD", char)):
            return True
    return False


def normalise_for_duplicates(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@pytest.fixture(scope="module")
def dev_rows():
    rows = []
    with DEV_SET_PATH.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            assert line.strip(), f"line {line_number} is blank"
            try:
                rows.append((line_number, json.loads(line)))
            except json.JSONDecodeError as error:
                pytest.fail(f"line {line_number} is not valid JSON: {error}")
    return rows


@pytest.fixture(scope="module")
def catalogue_codes():
    catalogue_dir = Path(os.environ.get("CATALOGUE_DIR", DEFAULT_CATALOGUE_DIR))
    if not catalogue_dir.is_dir():
        pytest.skip(f"national catalogue not found at {catalogue_dir} (set CATALOGUE_DIR to check codes)")
    # Each record is stored as <ministry>/<ma_thu_tuc>.json, so the file stem is the code.
    codes = {path.stem for path in catalogue_dir.glob("*/*.json")}
    if not codes:
        pytest.skip(f"no procedure records under {catalogue_dir}")
    return codes


def test_every_line_has_the_expected_shape(dev_rows):
    for line_number, row in dev_rows:
        assert isinstance(row, dict), f"line {line_number}: not a JSON object"
        assert set(row) == {"text", "codes", "style", "topic"}, f"line {line_number}: keys {sorted(row)}"
        assert isinstance(row["text"], str) and row["text"].strip(), f"line {line_number}: empty text"
        codes = row["codes"]
        assert isinstance(codes, list) and 1 <= len(codes) <= MAX_CODES_PER_QUESTION, f"line {line_number}: codes {codes}"
        assert len(set(codes)) == len(codes), f"line {line_number}: repeated code in {codes}"
        for code in codes:
            assert isinstance(code, str) and CODE_PATTERN.match(code), f"line {line_number}: bad code {code!r}"
        assert row["style"] in ALLOWED_STYLES, f"line {line_number}: unknown style {row['style']!r}"
        assert TOPIC_PATTERN.match(row["topic"]), f"line {line_number}: topic {row['topic']!r} is not snake_case"


def test_dev_set_is_large_enough(dev_rows):
    assert len(dev_rows) >= MIN_LINES


def test_enough_questions_are_typed_without_diacritics(dev_rows):
    plain_lines = [row for _, row in dev_rows if not has_vietnamese_diacritics(row["text"])]
    assert len(plain_lines) >= MIN_NO_DIACRITICS_LINES


def test_no_diacritics_style_really_has_no_diacritics(dev_rows):
    offenders = [
        line_number
        for line_number, row in dev_rows
        if row["style"] == "no_diacritics" and has_vietnamese_diacritics(row["text"])
    ]
    assert not offenders, f"lines labelled no_diacritics that contain diacritics: {offenders}"


def test_every_style_is_represented(dev_rows):
    styles_seen = {row["style"] for _, row in dev_rows}
    assert styles_seen == ALLOWED_STYLES


def test_no_duplicate_texts(dev_rows):
    first_seen = {}
    duplicates = []
    for line_number, row in dev_rows:
        key = normalise_for_duplicates(row["text"])
        if key in first_seen:
            duplicates.append((first_seen[key], line_number))
        first_seen.setdefault(key, line_number)
    assert not duplicates, f"duplicate texts (first line, repeat line): {duplicates}"


def test_every_code_exists_in_the_catalogue(dev_rows, catalogue_codes):
    unknown = [
        (line_number, code)
        for line_number, row in dev_rows
        for code in row["codes"]
        if code not in catalogue_codes
    ]
    assert not unknown, f"codes not in the national catalogue (line, code): {unknown}"
