"""Feedback and desk fixtures: the handoff fixtures (SQLite + PostgreSQL, scripted Rasa, officers)
with a scripted Rasa whose answers record what the real actions record (the audit trace)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.console.accounts import create_officer
from domain import audit
from domain.feedback.models import SUPERVISOR_ROLE
from domain.services import Services, current
from main import create_app
from tests.e2e import conftest as e2e
from tests.handoff import conftest as handoff_fixtures
from tests.handoff.conftest import PASSWORD, ScriptedRasa, open_settings

database = handoff_fixtures.database
make_router = handoff_fixtures.make_router
officers = handoff_fixtures.officers
ORIGIN = {"origin": "http://testserver"}


class AnsweringRasa(ScriptedRasa):
    """``procedures`` maps a message to the procedure code the answer action identifies (and records)."""

    def __init__(self, procedures: dict[str, str] | None = None, confidences: dict[str, float] | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.procedures = procedures or {}
        self.confidences = confidences or {}

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        replies = await super().send(sender_id, text, metadata)
        latest = self.latest[sender_id]
        latest["intent"]["confidence"] = self.confidences.get(text, 0.91)
        code = self.procedures.get(text)
        if code:
            with current().db.session() as session:
                audit.procedure_identified(session, sender_id, code, "question")
            self.slots.setdefault(sender_id, {})["procedure_code"] = code
            latest["entities"] = []
            return [{"text": f"Thủ tục {code}: giấy tờ cần có là..."}]
        return replies


@pytest.fixture
def rasa() -> AnsweringRasa:
    return AnsweringRasa(
        intents={"asdkjh": "nlu_fallback", "qwerty zxc": "nlu_fallback", "không phải": "deny",
                 "trời mưa không": "out_of_scope", "cảm ơn": "thank"},
        procedures={"làm giấy khai sinh": "1.001193", "khai sinh cho con": "1.001193",
                    "đăng ký tạm trú": "1.004194"},
        confidences={"xin giấy gì đó": 0.3})


@pytest.fixture
def supervisor(database):
    with database.session() as session:
        boss = create_officer(session, "hoa", PASSWORD, "Lê Thị Hoa")
        boss.role = SUPERVISOR_ROLE
    return boss


@pytest.fixture
def app_client(database, officers, supervisor, monkeypatch, rasa):
    monkeypatch.setattr(Services, "warm_up", lambda self: None)
    app = create_app(open_settings(database_url=database.url, rasa_url="http://127.0.0.1:9"))
    with TestClient(app) as client:
        app.state.services.rasa = rasa
        yield client


def login(client: TestClient, username: str = "lan") -> dict:
    """Log in; the headers a cookie-authenticated change needs (CSRF token and this origin)."""
    response = client.post("/console/api/login", json={"username": username, "password": PASSWORD}, headers=ORIGIN)
    assert response.status_code == 200, response.text
    return {"x-csrf-token": response.json()["csrf_token"], **ORIGIN}


def chat(client: TestClient, sender: str, text: str, channel: str | None = None) -> list[dict]:
    """The e2e helper: it keeps each conversation's session token."""
    return e2e.chat(client, sender, text, channel)


def token(sender: str) -> dict:
    """The X-Session-Token header of a conversation started by `chat`."""
    return {"X-Session-Token": e2e.session_token(sender) or ""}
