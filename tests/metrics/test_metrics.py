"""GET /metrics: Prometheus text with message counts and latencies per channel, Rasa and action
latency, and the queue, outbox backlog and lockout gauges read from the database."""
from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routers import metrics as metrics_router
from core import metrics
from core.outbox import enqueue
from domain.handoff import service
from tests.handoff.conftest import database, make_router, officers, open_settings, rasa  # noqa: F401


def _value(body: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} ([0-9.e+-]+)$", body, re.MULTILINE)
    assert match, f"{series} not in /metrics"
    return float(match.group(1))


def test_histograms_are_cumulative_and_label_values_escaped():
    histogram = metrics.Histogram("probe_seconds", "probe")
    histogram.observe(0.02, channel="we\"b")
    histogram.observe(0.3, channel="we\"b")
    lines = "\n".join(histogram.render())
    assert 'probe_seconds_bucket{channel="we\\"b",le="0.025"} 1' in lines
    assert 'probe_seconds_bucket{channel="we\\"b",le="0.5"} 2' in lines
    assert 'probe_seconds_bucket{channel="we\\"b",le="+Inf"} 2' in lines
    assert 'probe_seconds_count{channel="we\\"b"} 2' in lines


async def test_metrics_count_messages_per_channel_and_read_the_database_gauges(database, make_router):  # noqa: F811
    router = make_router(open_settings())
    before = metrics.MESSAGES._values.get((("answered_by", "bot"), ("channel", "zalo")), 0.0)
    await router.handle("zalo:42", "làm căn cước ở đâu", channel="zalo")
    await router.handle("web-q", "/request_human")              # queued for an officer
    with database.session() as session:
        enqueue(session, "web", "web-q", "system", {"text": "x"})
        assert service.get_conversation(session, "web-q").owner == "queued"

    app = FastAPI()
    app.include_router(metrics_router.router)

    class _Services:
        db = database

    app.state.services = _Services()
    body = TestClient(app).get("/metrics")
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/plain")
    text = body.text
    assert _value(text, 'chatbot_messages_total{answered_by="bot",channel="zalo"}') == before + 1
    assert _value(text, 'chatbot_message_seconds_count{channel="zalo"}') >= 1
    assert _value(text, "chatbot_queue_length") == 1
    assert _value(text, 'chatbot_outbox_backlog{channel="web"}') >= 1
    assert _value(text, "chatbot_officers_locked") == 0
    assert "zalo:42" not in text and "căn cước" not in text   # counts only, nothing a citizen wrote


@pytest.mark.parametrize("path,label", [("/conversations/web%2D1/tracker", "tracker"),
                                        ("/webhooks/rest/webhook", "webhook"), ("/model/parse", "parse")])
def test_rasa_endpoints_are_labelled_without_the_sender_id(path, label):
    from core.rasa_client import _endpoint

    assert _endpoint(path) == label
