"""Runs after every other test (pytest collects this folder last): the logs written by every real
stack this test run started (Rasa and the app, under the run's temporary folder) and the app's
own var/ logs hold no căn cước, phone number or receipt code in clear."""
from __future__ import annotations

from pathlib import Path

from core.settings import ROOT
from core.text.patterns import find_entities

PERSONAL = {"id_number", "phone_number", "receipt_code"}


def _clear_personal_data(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        kinds = {m.entity for m in find_entities(line) if m.entity in PERSONAL}
        if kinds:
            found.append(f"{path.name}:{number}: {sorted(kinds)}")
    return found


def test_no_log_of_this_run_holds_personal_data(tmp_path_factory):
    logs = sorted(tmp_path_factory.getbasetemp().rglob("*.log")) + sorted((ROOT / "var").glob("*.log"))
    problems = [problem for log in logs for problem in _clear_personal_data(log)]
    assert problems == [], "\n".join(problems[:20])


def test_the_scan_finds_personal_data_when_it_is_there(tmp_path):
    leaky = tmp_path / "app.log"
    leaky.write_text("INFO chat from web-1: cccd 040093012457, sđt 0912345678\nINFO ok\n")
    assert _clear_personal_data(leaky) == ["app.log:1: ['id_number', 'phone_number']"]
