"""Statistics for supervisors: each figure against seeded conversations, JSON and CSV, roles;
100,000 stored turns give correct figures (the timing is in tests/benchmarks/stats_bench.py)."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from domain.audit import record
from domain.dossiers.models import StatusCheckAttempt
from domain.feedback import stats, texts
from domain.feedback.seed import seed_turns
from domain.handoff import service
from domain.handoff.models import Handoff
from tests.feedback.conftest import chat, login


def _seed_day(client, database):
    offer = next(m for m in chat(client, "web-st1", "làm giấy khai sinh") if m["text"] == texts.OFFER)
    chat(client, "web-st1", next(b["payload"] for b in offer["buttons"] if b["title"] == "Chưa đúng"))
    chat(client, "web-st2", "đăng ký tạm trú")
    chat(client, "web-st3", "asdkjh")
    chat(client, "web-st4", "asdkjh", channel="telegram")
    now = service.utcnow()
    with database.session() as s:
        record.form_state(s, "web-st2", "1.004194", "filling", {})
        record.form_state(s, "web-st2", "1.004194", "submitted", {})
        record.form_state(s, "web-st3", "1.001193", "filling", {})
        record.status_disclosed(s, "web-st2", "H01-240101-0001")
        conversation = service.get_conversation(s, "web-st3")
        s.add_all([Handoff(conversation_id=conversation.id, reason="asked", channel="web",
                           requested_at=now - timedelta(minutes=10), taken_at=now - timedelta(minutes=8)),
                   Handoff(conversation_id=conversation.id, reason="asked", channel="web",
                           requested_at=now - timedelta(minutes=5), taken_at=now - timedelta(minutes=1)),
                   Handoff(conversation_id=conversation.id, reason="asked", channel="web",
                           requested_at=now - timedelta(minutes=4))])
        s.add_all([StatusCheckAttempt(sender_id="web-st9", receipt_code=f"X{i}", succeeded=False,
                                      created_at=now - timedelta(minutes=10 - i)) for i in range(6)])
        s.add(StatusCheckAttempt(sender_id="web-st2", receipt_code="H01", succeeded=True, created_at=now))


def test_figures_match_what_happened(app_client, database):
    _seed_day(app_client, database)
    login(app_client, "hoa")
    figures = app_client.get("/api/v1/stats?days=1").json()
    assert {(r["channel"], r["conversations"]) for r in figures["conversations_per_day"]} == {("web", 3),
                                                                                             ("telegram", 1)}
    assert figures["answered_without_officer"] == {"conversations": 4, "with_officer": 1, "share": 0.75}
    assert {(r["procedure_code"], r["conversations"]) for r in figures["top_procedures"]} == {("1.001193", 1),
                                                                                            ("1.004194", 1)}
    assert figures["top_unanswered"][0] == {"text": "asdkjh", "count": 2}
    assert figures["feedback"] == {"offers": 2, "ratings": 1, "up": 0, "down": 1, "rate": 0.5, "share_negative": 1.0}
    assert figures["forms"] == {"started": 2, "confirmed": 1, "abandoned": 0}
    assert figures["handoffs"] == {"handoffs": 3, "taken": 2, "median_wait_seconds": 180.0}
    assert figures["status_checks"] == {"checks": 7, "passed": 1, "failed": 6, "disclosed": 1, "lockouts": 1}


def test_csv_export_and_only_supervisors(app_client, database):
    _seed_day(app_client, database)
    assert app_client.get("/api/v1/stats").status_code == 401
    login(app_client, "lan")
    assert app_client.get("/api/v1/stats").status_code == 403
    login(app_client, "hoa")
    response = app_client.get("/api/v1/stats?format=csv&days=7")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["section", "key", "channel", "value"]
    assert ["feedback", "down", "", "1"] in rows and ["handoffs", "median_wait_seconds", "", "180.0"] in rows


def test_a_period_without_conversations_has_empty_figures(app_client):
    login(app_client, "hoa")
    figures = app_client.get("/api/v1/stats?from=2020-01-01&to=2020-01-31").json()
    assert figures["period"] == {"from": "2020-01-01", "to": "2020-01-31", "time_zone": "Asia/Ho_Chi_Minh"}
    assert figures["conversations_per_day"] == [] and figures["feedback"]["rate"] is None


def test_100k_turns_give_correct_figures(database):
    if not database.is_sqlite:
        pytest.skip("seeding 100k rows once is enough; PostgreSQL runs the other figure tests")
    with database.session() as s:
        expected = seed_turns(s, 100_000, conversations=5000, days=30)
    start, end = stats.period(30)
    with database.session() as s:
        figures = stats.compute(s, start, end)
    assert figures["answered_without_officer"]["conversations"] == expected["conversations"]
    assert {r["procedure_code"]: r["conversations"] for r in figures["top_procedures"]} == expected["per_code"]
    days = [r["day"] for r in figures["conversations_per_day"]]
    assert days == sorted(days) and start.isoformat() <= days[0] and days[-1] <= end.isoformat()
    assert {r["channel"] for r in figures["conversations_per_day"]} == {"web", "telegram", "zalo"}
