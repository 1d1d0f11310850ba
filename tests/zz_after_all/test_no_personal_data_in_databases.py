"""Runs after every other test (pytest collects this folder last): every SQLite database file this
test run wrote (the app's and Rasa's tracker store of every real stack, each test's database, under
the run's temporary folder; the var/ folder) holds the fixture căn cước, phone numbers and receipt
codes only in the tables that exist to hold them (README "Security and privacy"): the messages and
what the bot understood, drafts and profiles, the audit trace, dossiers and status checks
(receipt codes only: owners are HMACs), the persisted inbox until the message is answered.
Anywhere else (desk and export tables, officers, an answered inbox row...) a fixture value is a
leak. Receipt codes are also found by their pattern (tests generate random ones)."""
from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from core.settings import ROOT
from core.text.patterns import RECEIPT_CODE_RE, find_entities
from domain.feedback.placeholders import PLACEHOLDERS

STARTED = time.time() - 60   # collection happens at the start of the run
ALL = frozenset({"id_number", "phone_number", "receipt_code"})
# table -> the kinds of personal data it exists to hold (within RETENTION_DAYS)
OWNERS: dict[str, frozenset[str]] = {
    "conversation_messages": ALL,    # what the citizen wrote, the answers, what the bot understood
    "conversations": ALL,            # the conversation's state: filled fields, the callback number
    "outbox_messages": ALL,          # messages to the citizen: officer replies, notifications, kept answers
    "channel_attachments": ALL,      # a photo's caption, kept for the officer
    "feedback": ALL,                 # the citizen's comment on an answer
    "conversation_notes": ALL,       # officers' notes on the conversation
    "drafts": ALL,
    "citizen_profiles": ALL,
    "trace_events": ALL,             # the audit trace contract: form fields, receipt codes
    "events": ALL,                   # Rasa's tracker store
    "dossiers": frozenset({"receipt_code"}),   # owners only as HMACs of their căn cước / phone
    "dossier_status_history": frozenset({"receipt_code"}),
    "dossier_subscriptions": frozenset({"receipt_code"}),
    "status_check_attempts": frozenset({"receipt_code"}),
    # copies of the buttons offered (a status subscription button carries its receipt code),
    # expired with RETENTION_DAYS like the messages they belong to
    "channel_contacts": frozenset({"receipt_code"}),
    "channel_button_payloads": frozenset({"receipt_code"}),
}
# the persisted inbox keeps a message only until it is answered
PENDING_ONLY = {"channel_processed_messages": ("status", ("received", "retry"))}
KINDS = {"id_number", "phone_number", "receipt_code"}
# the fictitious values the product writes instead of personal data (reviewed aliases, exports)
STAND_INS = {value for kind, value in PLACEHOLDERS.items() if kind in KINDS}


@lru_cache(maxsize=1)
def fixture_values() -> dict[str, str]:
    """Every căn cước, phone number and receipt code written in the tests (as written and as
    digits only) -> its kind."""
    values: dict[str, str] = {}
    for path in (ROOT / "tests").rglob("*"):
        if path.suffix in (".py", ".yml", ".json", ".jsonl", ".md") and path.is_file():
            for match in find_entities(path.read_text(errors="replace")):
                if match.entity in KINDS:
                    values[match.value] = match.entity
                    if match.entity != "receipt_code":
                        values[re.sub(r"\D", "", match.value)] = match.entity
    return values


@lru_cache(maxsize=1)
def _finder() -> re.Pattern:
    ordered = sorted(fixture_values(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w]|[.-]\d)")


def found_in(text: str) -> set[str]:
    """The kinds of personal data in a stored value: fixture values, and any receipt code."""
    for stand_in in STAND_INS:
        text = text.replace(stand_in, " ")
    kinds = {fixture_values()[m.group(0)] for m in _finder().finditer(text)}
    if RECEIPT_CODE_RE.search(text):
        kinds.add("receipt_code")
    return kinds


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _cells(row) -> str:
    return "\n".join(v if isinstance(v, str) else v.decode("utf-8", "replace") if isinstance(v, bytes) else ""
                     for v in row)


def leaks_in(path: Path) -> list[str]:
    found = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [t for (t,) in db.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            allowed = OWNERS.get(table, frozenset())
            if allowed == ALL:
                continue
            columns = [c[1] for c in db.execute(f'pragma table_info("{table}")')]
            pending = PENDING_ONLY.get(table)
            for row in db.execute(f'select * from "{table}"'):
                if pending and row[columns.index(pending[0])] in pending[1]:
                    continue
                kinds = found_in(_cells(row)) - allowed
                if kinds:
                    found.append(f"{path}: {table} row {row[0]!r}: {sorted(kinds)}")
    return found


def _databases(base: Path) -> list[Path]:
    written = [p for p in sorted(base.rglob("*")) if p.is_file() and p.stat().st_mtime >= STARTED]
    return [p for p in written if _is_sqlite(p)]


def test_no_database_of_this_run_holds_personal_data_outside_its_own_tables(tmp_path_factory):
    databases = _databases(tmp_path_factory.getbasetemp()) + (_databases(ROOT / "var") if (ROOT / "var").is_dir() else [])
    problems = [problem for path in databases for problem in leaks_in(path)]
    assert problems == [], "\n".join(problems[:30])


def test_the_scan_finds_a_leak_and_leaves_owning_tables_and_pending_messages_alone():
    with tempfile.TemporaryDirectory() as folder:   # not under this run's folder: the real scan reads that
        _check_the_scan(Path(folder) / "app.db")


def _check_the_scan(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("create table conversation_messages (id integer primary key, text text)")
        db.execute("create table desk_items (id integer primary key, text text)")
        db.execute("create table dossiers (id integer primary key, receipt_code text, owner_phone text)")
        db.execute("create table channel_processed_messages (id integer primary key, status text, envelope text)")
        db.execute("insert into conversation_messages values (1, 'cccd 001085012345, sđt 0912 345 678')")
        db.execute("insert into desk_items values (1, 'hỏi về ************345')")                 # masked: fine
        db.execute("insert into desk_items values (3, 'sđt [0900000000], hồ sơ 000.00.00.H00-000000-0000')")  # stand-ins
        db.execute("insert into desk_items values (2, 'gọi cho tôi 0912345678')")
        db.execute("insert into dossiers values (1, '000.00.15.H22-240918-0003', null)")
        db.execute("insert into dossiers values (2, 'G22.99.13-240915-0001', '0912 345 678')")
        envelope = json.dumps({"text": "hồ sơ G77.15-261105-4321 của tôi"})
        db.execute("insert into channel_processed_messages values (1, 'retry', ?)", (envelope,))
        db.execute("insert into channel_processed_messages values (2, 'done', ?)", (envelope,))
    assert leaks_in(path) == [f"{path}: desk_items row 2: ['phone_number']",
                              f"{path}: dossiers row 2: ['phone_number']",
                              f"{path}: channel_processed_messages row 2: ['receipt_code']"]
