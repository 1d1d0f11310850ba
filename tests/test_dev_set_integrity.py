"""Integrity checks for the held-out NLU dev set (tests/data/nlu_dev.jsonl).

These guard the file format, not model quality: a broken dev set would silently
distort every evaluation that reads it.
"""
import json
import re
import unicodedata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
NLU_DEV_PATH = REPO_ROOT / "tests" / "data" / "nlu_dev.jsonl"
INTENTS_MD_PATH = REPO_ROOT / ".." / "shared" / "contract" / "intents.md"

ENTITY_NAMES = {"receipt_code", "id_number", "phone_number", "date", "person_name"}
STYLES = {"standard", "no_diacritics", "teencode", "regional", "elderly", "typo", "code_mixed", "short"}
MIN_MESSAGES = 300
MIN_NO_DIACRITICS = 100


def has_vietnamese_diacritics(text: str) -> bool:
    # NFD splits "ế" into "e" + combining marks; "đ" has no decomposition, so check it explicitly.
    return any(ch in "đĐ" or unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text))


def read_taxonomy_intents(path: Path) -> set[str]:
    """First column of the markdown table in the shared taxonomy contract."""
    intents = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and re.fullmatch(r"[a-z_]+", cells[0]) and cells[0] != "intent":
            intents.add(cells[0])
    return intents


@pytest.fixture(scope="module")
def dev_rows() -> list[dict]:
    lines = NLU_DEV_PATH.read_text(encoding="utf-8").splitlines()
    rows = []
    for number, line in enumerate(lines, start=1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            pytest.fail(f"line {number} is not valid JSON: {error}")
    return rows


@pytest.fixture(scope="module")
def taxonomy_intents() -> set[str]:
    if not INTENTS_MD_PATH.is_file():
        pytest.skip(f"taxonomy contract not found at {INTENTS_MD_PATH.resolve()}")
    intents = read_taxonomy_intents(INTENTS_MD_PATH)
    assert intents, "no intents parsed from the taxonomy table"
    return intents


def test_every_line_is_a_json_object_with_the_expected_fields(dev_rows):
    for row in dev_rows:
        assert isinstance(row, dict), row
        assert isinstance(row.get("text"), str) and row["text"].strip(), row
        assert isinstance(row.get("intent"), str), row
        assert isinstance(row.get("entities"), list), row
        assert row.get("style") in STYLES, row


def test_intents_belong_to_the_taxonomy(dev_rows, taxonomy_intents):
    unknown = {row["intent"] for row in dev_rows} - taxonomy_intents
    assert not unknown, f"intents not in the taxonomy: {sorted(unknown)}"


def test_entity_names_are_known(dev_rows):
    for row in dev_rows:
        for entity in row["entities"]:
            assert entity["entity"] in ENTITY_NAMES, (row["text"], entity)


def test_entity_offsets_match_values_exactly(dev_rows):
    for row in dev_rows:
        for entity in row["entities"]:
            start, end = entity["start"], entity["end"]
            assert 0 <= start < end <= len(row["text"]), (row["text"], entity)
            assert row["text"][start:end] == entity["value"], (row["text"], entity)


def test_id_numbers_are_twelve_digits(dev_rows):
    for row in dev_rows:
        for entity in row["entities"]:
            if entity["entity"] == "id_number":
                assert re.fullmatch(r"\d{12}", entity["value"]), (row["text"], entity)


def test_texts_are_unique(dev_rows):
    texts = [row["text"].strip().lower() for row in dev_rows]
    duplicates = {text for text in texts if texts.count(text) > 1}
    assert not duplicates, f"duplicate messages: {sorted(duplicates)}"


def test_enough_messages(dev_rows):
    assert len(dev_rows) >= MIN_MESSAGES


def test_enough_messages_without_diacritics(dev_rows):
    plain = [row for row in dev_rows if not has_vietnamese_diacritics(row["text"])]
    assert len(plain) >= MIN_NO_DIACRITICS


def test_no_diacritics_style_really_has_no_diacritics(dev_rows):
    mislabelled = [
        row["text"] for row in dev_rows
        if row["style"] == "no_diacritics" and has_vietnamese_diacritics(row["text"])
    ]
    assert not mislabelled, mislabelled


def test_diacritics_detector_recognises_vietnamese_marks():
    # The two counts above depend on this detector; make sure it can actually tell the difference.
    assert has_vietnamese_diacritics("đăng ký")
    assert has_vietnamese_diacritics("Đ")
    assert has_vietnamese_diacritics("ơ")
    assert not has_vietnamese_diacritics("dang ky khai sinh o dau")
