"""The improvement loop on the real stack (Rasa + app): a real procedure answer is followed by
"Hữu ích / Chưa đúng" once; "Chưa đúng" and its comment never reach Rasa's NLU as questions; the
turn is on the officers' desk and in the supervisors' statistics. (Nothing is exported here: an
export writes into bot/data; tests/desk covers it in a temporary tree.)"""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from domain.feedback import texts
from tests.e2e.conftest import chat

pytestmark = pytest.mark.stack
QUESTION = "làm giấy khai sinh cho con thế nào"


def _token(stack, username: str, supervisor: bool = False) -> dict:
    from api.console.accounts import create_officer, open_session
    from core.db import Database

    db = Database(stack.settings.database_url)
    with db.session() as session:
        officer = create_officer(session, f"{username}-{uuid.uuid4().hex[:6]}", f"e2e-{uuid.uuid4().hex}", "E2E")
        if supervisor:
            officer.role = "supervisor"
        token, _ = open_session(session, officer, timedelta(hours=1), kind="api")
    db.dispose()
    return {"Authorization": f"Bearer {token}"}


def _offers(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m.get("text") == texts.OFFER]


def test_not_right_reaches_the_desk_and_the_statistics(client, stack, sender):
    first = chat(client, sender, QUESTION)
    assert "1.001193" in " ".join(m.get("text") or "" for m in first)
    [offer] = _offers(first)
    assert _offers(chat(client, sender, "lệ phí bao nhiêu")) == []          # same procedure: asked once
    down = next(b["payload"] for b in offer["buttons"] if b["title"] == "Chưa đúng")
    assert chat(client, sender, down)[0]["text"] == texts.ASK_COMMENT
    assert chat(client, sender, "tôi cần thủ tục cho con nuôi")[0]["text"] == texts.THANKS_COMMENT

    officer, boss = _token(stack, "e2e-desk"), _token(stack, "e2e-boss", supervisor=True)
    items = [i for i in client.get("/api/v1/desk", headers=officer).json()["items"] if i["sender_id"] == sender]
    assert [(i["reason"], i["text"]) for i in items] == [("negative_feedback", QUESTION)]
    assert items[0]["comment"] == "tôi cần thủ tục cho con nuôi"
    assert client.get("/api/v1/stats", headers=officer).status_code == 403
    figures = client.get("/api/v1/stats?days=1", headers=boss).json()
    assert figures["feedback"]["down"] >= 1 and figures["feedback"]["offers"] >= 1
    assert any(r["procedure_code"] == "1.001193" for r in figures["top_procedures"])
