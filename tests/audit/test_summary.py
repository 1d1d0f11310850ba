"""The trace summary is built from recorded events, in the contract's shape (SQLite + PostgreSQL)."""
from __future__ import annotations

import pytest

import domain.audit.models  # noqa: F401  (registers the table)
from domain import audit
from domain.handoff import service
from domain.handoff.messages import log_message
from tests.db import conftest as db_fixtures

database = db_fixtures.database


def _citizen_says(session, sender: str, text: str) -> None:
    conversation = service.get_or_create(session, sender, "zalo")
    log_message(session, conversation, direction="in", author="citizen", text=text)


def test_events_become_the_contract_summary_with_turns(database):
    with database.session() as s:
        _citizen_says(s, "zalo:1", "làm tạm trú thế nào")
        audit.procedure_identified(s, "zalo:1", "1.004194", "question")
        _citizen_says(s, "zalo:1", "giúp tôi điền tờ khai")
        audit.form_state(s, "zalo:1", "1.004194", "filling", {"ho_ten": "Nguyễn Văn An"})
        _citizen_says(s, "zalo:1", "sđt 0912345678")
        audit.form_state(s, "zalo:1", "1.004194", "confirming", {"ho_ten": "Nguyễn Văn An",
                                                                  "so_dien_thoai": "0912345678"})
        audit.refusal(s, "zalo:1", "other_person_data", "000.00.15.H22-261105-0003")
        audit.handoff(s, "zalo:1", "callback", "asked")
        audit.account_guidance(s, "zalo:1", "vneid_recover", 4)
        audit.active_procedure(s, "zalo:1", None)
    with database.session() as s:
        summary = audit.build_summary(s, "zalo:1")
    assert summary == {
        "channel": "zalo",
        "procedures_identified": [{"turn": 1, "code": "1.004194", "via": "question"}],
        "active_procedure": None,
        "statuses_disclosed": [],
        "handoffs": [{"turn": 3, "kind": "callback", "reason": "asked"}],
        "forms": [{"procedure": "1.004194", "stage": "confirming",
                   "fields": {"ho_ten": "Nguyễn Văn An", "so_dien_thoai": "0912345678"}}],
        "account_guidance": [{"turn": 3, "guide": "vneid_recover", "steps_shown": 4}],
        "refusals": [{"turn": 3, "kind": "other_person_data", "receipt_code": "000.00.15.H22-261105-0003"}],
    }


def test_an_empty_conversation_has_an_empty_summary(database):
    with database.session() as s:
        summary = audit.build_summary(s, "web-nobody")
    assert summary["procedures_identified"] == [] and summary["active_procedure"] is None
    assert summary["channel"] == "web"


def test_words_outside_the_contract_are_refused(database):
    with database.session() as s:
        with pytest.raises(ValueError):
            audit.handoff(s, "web-1", "phone", "asked")
        with pytest.raises(ValueError):
            audit.form_state(s, "web-1", "1.004194", "done", {})
