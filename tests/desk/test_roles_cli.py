"""`python -m api.console create-officer NAME --supervisor` makes a supervisor (logged); without
the flag an officer; the role decides what the desk and statistics APIs allow."""
from __future__ import annotations

import io

from sqlalchemy import select

from api.console import __main__ as cli
from core.db import Database
from core.settings import get_settings
from domain.feedback.models import OfficerAction
from domain.handoff.models import Officer
from tests.handoff.conftest import PASSWORD


def test_create_officer_with_and_without_supervisor(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        for argv in (["create-officer", "hoa", "--password-stdin", "--supervisor"],
                     ["create-officer", "lan", "--password-stdin"]):
            monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
            assert cli.main(argv) == 0
    finally:
        get_settings.cache_clear()
    db = Database(url)
    with db.session() as s:
        roles = dict(s.execute(select(Officer.username, Officer.role)).all())
        log = [(a.action, a.target, a.data) for a in s.scalars(select(OfficerAction))]
    db.dispose()
    assert roles == {"hoa": "supervisor", "lan": "officer"}
    assert log == [("role", "officer:hoa", {"from": "officer", "to": "supervisor"})]
