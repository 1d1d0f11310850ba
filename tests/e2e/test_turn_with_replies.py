"""Rasa answers the app's message with the turn's tracker (bot/channels/app_rest.py), and what the
app reads of it is exactly what it reads of the whole tracker fetched afterwards; Rasa's plain REST
answer (a list of replies) is unchanged for any other caller."""
import asyncio
import uuid

import httpx

from core.rasa_client import RasaClient
from core.secrets_of import rasa_api_token
from domain.handoff.understanding import from_tracker

TURNS = ["chào em", "tôi muốn đăng ký tạm trú", "làm giấy khai sinh cần giấy tờ gì", "thế lệ phí bao nhiêu",
         "cảm ơn em"]


async def _compare(settings) -> list[tuple[dict, dict]]:
    client = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds, auth_token=rasa_api_token(settings))
    sender = f"turn-{uuid.uuid4().hex[:10]}"
    pairs = []
    try:
        for text in TURNS:
            replies = await client.send(sender, text, metadata={"channel": "web"})
            assert replies, text
            assert replies.turn is not None, text
            pairs.append((from_tracker(replies.turn), from_tracker(await client.tracker(sender))))
    finally:
        await client.close()
    return pairs


def test_turn_tracker_reads_as_the_whole_tracker(stack):
    pairs = asyncio.run(_compare(stack.settings))
    for from_turn, from_whole in pairs:
        assert from_turn == from_whole
    assert any(turn["procedure_code"] for turn, _ in pairs)   # the test reads something real
    assert any(turn["turn_actions"] for turn, _ in pairs)


def test_plain_rest_answer_is_a_list(stack):
    token = rasa_api_token(stack.settings)
    response = httpx.post(f"{stack.settings.rasa_url}/webhooks/rest/webhook", params={"token": token},
                          json={"sender": f"plain-{uuid.uuid4().hex[:10]}", "message": "chào em"}, timeout=60)
    assert response.status_code == 200
    assert isinstance(response.json(), list) and response.json()
