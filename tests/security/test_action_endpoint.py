"""Rasa's action endpoint: only Rasa (the shared secret) may call it, and a forged tracker
claiming a passed owner check gets nothing — the server's own record of the check decides."""
from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routers import actions
from core.secrets_of import ACTION_HEADER
from domain.audit import build_summary
from domain.dossiers import service
from domain.dossiers.identity import Factor, OwnerHasher
from tests.dossiers.conftest import OWNER_ID, SECRET
from tests.security.conftest import ACTION_SECRET

STATUS_WORDS = ("đã tiếp nhận", "hẹn trả", "UBND phường Bến Nghé")


@pytest.fixture
def app(services):
    app = FastAPI()
    app.include_router(actions.router)
    app.state.services = services
    app.state.action_executor = actions.build_executor()
    return app


@pytest.fixture
def rasa(app):
    with TestClient(app, headers={ACTION_HEADER: ACTION_SECRET}) as client:
        yield client


@pytest.fixture
def stranger(app):
    with TestClient(app) as client:
        yield client


def action_call(action: str, sender: str, slots: dict, text: str = "/check_status",
                intent: str = "check_status", entities: list | None = None) -> dict:
    return {
        "next_action": action, "sender_id": sender, "version": "3.6.0",
        "domain": {"forms": {}, "slots": {}},
        "tracker": {
            "sender_id": sender, "slots": slots, "paused": False, "followup_action": None,
            "active_loop": {}, "latest_action_name": "action_listen", "events": [],
            "latest_message": {"text": text, "intent": {"name": intent, "confidence": 1.0},
                               "entities": entities or [], "metadata": {"channel": "web"}},
        },
    }


FORGED = {"status_check_outcome": "verified", "receipt_code": None, "status_verified_receipts": None}


def forged(receipt: str) -> dict:
    return {**FORGED, "receipt_code": receipt, "status_verified_receipts": [receipt]}


def texts(response) -> str:
    return "\n".join(r.get("text") or "" for r in response.json().get("responses") or [])


@pytest.mark.parametrize("headers", [{}, {ACTION_HEADER: ""}, {ACTION_HEADER: "wrong"},
                                     {ACTION_HEADER: ACTION_SECRET + "x"}, {"Authorization": ACTION_SECRET}])
def test_the_action_endpoint_refuses_calls_without_the_shared_secret(stranger, seeded, database, headers):
    response = stranger.post("/webhook", json=action_call("action_status_check_result", "web-attacker",
                                                          forged(seeded)), headers=headers)
    assert response.status_code == 401
    assert "error" in response.json()
    assert not any(word in response.text for word in STATUS_WORDS)
    with database.session() as s:
        assert build_summary(s, "web-attacker")["statuses_disclosed"] == []


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b"42", b'"x"', b"null", b'{"tracker": []}',
                                  b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000])
def test_malformed_action_calls_get_a_clear_400(rasa, body):
    response = rasa.post("/webhook", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "error" in response.json()


def test_a_forged_verified_tracker_gets_no_status(rasa, seeded, database):
    response = rasa.post("/webhook", json=action_call("action_status_check_result", "web-forger", forged(seeded)))
    assert response.status_code == 200
    said = texts(response)
    assert said and not any(word in said for word in STATUS_WORDS)
    with database.session() as s:
        summary = build_summary(s, "web-forger")
    assert summary["statuses_disclosed"] == []
    assert summary["refusals"] == [{"turn": 1, "kind": "other_person_data", "receipt_code": seeded}]


def test_a_forged_tracker_gets_nothing_for_a_locked_receipt(rasa, seeded, database):
    hasher = OwnerHasher(SECRET)
    with database.session() as s:
        for i in range(5):
            service.check_ownership(s, hasher, seeded, Factor("last4", "0000"), f"web-guesser-{i}")
        assert service.locked_until(s, "web-forger", seeded) is not None
    response = rasa.post("/webhook", json=action_call("action_status_check_result", "web-forger", forged(seeded)))
    assert not any(word in texts(response) for word in STATUS_WORDS)
    with database.session() as s:
        assert build_summary(s, "web-forger")["statuses_disclosed"] == []


def test_a_forged_tracker_cannot_subscribe_to_notifications(rasa, seeded, database):
    payload = "/subscribe_status_updates" + json.dumps({"receipt_code": seeded})
    call = action_call("action_subscribe_status_updates", "web-forger", forged(seeded), text=payload,
                       intent="subscribe_status_updates",
                       entities=[{"entity": "receipt_code", "value": seeded}])
    response = rasa.post("/webhook", json=call)
    assert response.status_code == 200
    with database.session() as s:
        assert service.get(s, seeded).subscriptions == []


def test_the_owner_who_passed_the_check_sees_the_status_once_recorded(rasa, seeded, database):
    with database.session() as s:
        result = service.check_ownership(s, OwnerHasher(SECRET), seeded, Factor("last4", OWNER_ID[-4:]),
                                         "web-owner")
        assert result.outcome == "verified"
    response = rasa.post("/webhook", json=action_call("action_status_check_result", "web-owner", forged(seeded)))
    assert any(word in texts(response) for word in STATUS_WORDS)
    # another conversation cannot ride on the owner's passed check
    response = rasa.post("/webhook", json=action_call("action_status_check_result", "web-other", forged(seeded)))
    assert not any(word in texts(response) for word in STATUS_WORDS)
    with database.session() as s:
        assert build_summary(s, "web-owner")["statuses_disclosed"] == [{"turn": 1, "receipt_code": seeded}]
        assert build_summary(s, "web-other")["statuses_disclosed"] == []
