"""Request size limit and error answers that never crash (issue 15: a 5 MB chat body was
read and 8,000 characters of it stored; NaN/Infinity echoed by the 422 handler gave a 500)."""
from __future__ import annotations

import pytest

from tests.channels.conftest import make_settings, start_app


@pytest.fixture
def app(tmp_path, fake_rasa, no_warm_up):
    with start_app(make_settings(tmp_path, fake_rasa, max_request_bytes=65536)) as client:
        yield client


def test_a_large_body_is_refused_before_it_is_read(app, fake_rasa):
    big = b'{"text": "' + b"a" * 5_000_000 + b'"}'
    response = app.post("/api/v1/chat", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["detail"]
    assert fake_rasa.received == []


def test_a_large_streamed_body_is_refused_too(app, fake_rasa):
    def chunks():
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 10_000
        yield b'"}'

    response = app.post("/api/v1/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["detail"]
    assert fake_rasa.received == []


@pytest.mark.parametrize("body", [b'{"text": NaN}', b'{"text": Infinity, "sender_id": -Infinity}',
                                  b'{"text": 1e999}', b'{"sender_id": ["\\ud800"], "text": {"a": NaN}}'])
def test_nan_and_infinity_get_a_clear_422(app, body):
    response = app.post("/api/v1/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all({"loc", "msg", "type"} <= set(d) for d in detail)


def test_lone_surrogates_in_the_text_are_answered(app, fake_rasa):
    response = app.post("/api/v1/chat", content=b'{"text": "ch\\ud800ao \\udfff"}',
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert fake_rasa.received[-1]["message"] == "ch\ufffdao \ufffd"


def test_a_conversation_sending_too_fast_gets_a_polite_answer_and_the_bot_is_spared(tmp_path, fake_rasa, no_warm_up):
    from api.rate_limit import SLOW_DOWN

    settings = make_settings(tmp_path, fake_rasa, chat_messages_per_minute=3, chat_new_sessions_per_minute=2)
    with start_app(settings) as app:
        first = app.post("/api/v1/chat", json={"text": "chào"}).json()
        headers = {"X-Session-Token": first["session_token"]}
        replies = [app.post("/api/v1/chat", json={"sender_id": first["sender_id"], "text": f"câu {i}"},
                            headers=headers) for i in range(4)]
        assert [r.status_code for r in replies] == [200] * 4
        # the first message and two more reach the bot; the 4th and 5th within the minute do not
        assert [r.json()["messages"][0]["text"] == SLOW_DOWN for r in replies] == [False, False, True, True]
        assert len(fake_rasa.messages_of(first["sender_id"])) == 3
        app.post("/api/v1/chat", json={"text": "chào"})                      # a second new conversation
        refused = app.post("/api/v1/chat", json={"text": "chào"})            # a third from the same address
        assert refused.status_code == 429 and refused.json()["detail"]
