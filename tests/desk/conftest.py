"""Desk fixtures: those of tests/feedback, export folders in a temporary directory."""
from __future__ import annotations

import pytest

from domain.feedback import export
from tests.feedback import conftest as feedback_fixtures

database = feedback_fixtures.database
make_router = feedback_fixtures.make_router
officers = feedback_fixtures.officers
rasa = feedback_fixtures.rasa
supervisor = feedback_fixtures.supervisor
app_client = feedback_fixtures.app_client


@pytest.fixture(autouse=True)
def export_dirs(tmp_path, monkeypatch):
    """Reviewed files go to a temporary tree (the real bot/data is read for duplicates only)."""
    dirs = {"nlu": tmp_path / "nlu" / "reviewed", "aliases": tmp_path / "curated" / "reviewed",
            "fingerprint": tmp_path / "models" / ".fingerprint"}
    monkeypatch.setattr(export, "REVIEWED_NLU_DIR", dirs["nlu"])
    monkeypatch.setattr(export, "REVIEWED_ALIAS_DIR", dirs["aliases"])
    monkeypatch.setattr(export, "MODEL_FINGERPRINT", dirs["fingerprint"])
    return dirs
