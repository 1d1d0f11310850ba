"""Replicas that lose nothing: PostgreSQL (shared app database and Rasa tracker store), Redis
(Rasa lock store, console live updates), two Rasa servers and two app processes. 200
conversations at once, their messages spread over both app processes, get every reply once and
in order; an officer's reply reaches a citizen whose web chat is connected to the other process."""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

from api.stack import Stack
from core.settings import ROOT, Settings
from tests.db.conftest import POSTGRES_ADMIN_URL, _postgres_reachable

pytestmark = pytest.mark.e2e
APP_PORTS = (int(os.environ.get("TEST_SCALED_APP_PORT", "8768")), int(os.environ.get("TEST_SCALED_APP_PORT", "8768")) + 1)
RASA_PORT = int(os.environ.get("TEST_SCALED_RASA_PORT", "5768"))
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
CONVERSATIONS = 200
ARRIVAL_SECONDS = 0.1
SCRIPT = ("xin chào", "làm hộ chiếu cần giấy tờ gì", "lệ phí bao nhiêu")


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    problem = _postgres_reachable()
    if problem or not _redis_reachable():
        pytest.skip(f"needs PostgreSQL and Redis: {problem or 'Redis not reachable'}")
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    name = f"dvc_scaled_{uuid.uuid4().hex[:8]}"
    database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    var = tmp_path_factory.mktemp("scaled")
    env = {"APP_PORT": str(APP_PORTS[0]), "RASA_URL": f"http://127.0.0.1:{RASA_PORT}", "RASA_REPLICAS": "2",
           "DATABASE_URL": database_url, "LOCK_STORE_URL": REDIS_URL, "REDIS_URL": REDIS_URL,
           "CACHE_DIR": str(ROOT / "var" / "cache"), "OFFICE_HOURS": "00:00-24:00", "OFFICE_DAYS": "mon-sun",
           "CHAT_MESSAGES_PER_MINUTE": "0", "CHAT_NEW_SESSIONS_PER_MINUTE": "0",
           # correctness across replicas, not capacity: a 2-core machine queues 200 conversations
           "RASA_TIMEOUT_SECONDS": "300"}
    settings = Settings(**{k.lower(): v for k, v in env.items()})
    stack = Stack(settings=settings, env=env, log_dir=var / "logs")
    try:
        stack.start()
        stack.env = {**stack.env, "APP_PORT": str(APP_PORTS[1])}
        stack._spawn("app-2", [sys.executable, "-m", "uvicorn", "main:create_app", "--factory",
                               "--host", "127.0.0.1", "--port", str(APP_PORTS[1])])
        _wait_healthy(stack)
        yield stack
    finally:
        stack.stop()
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def _wait_healthy(stack: Stack, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    pending = set(APP_PORTS)
    while pending:
        assert time.monotonic() < deadline, "the scaled product did not become healthy"
        assert all(p.poll() is None for p in stack.processes), "a process of the scaled product died"
        for port in list(pending):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    pending.discard(port)
            except httpx.HTTPError:
                pass
        time.sleep(2)


async def _conversation(clients: list[httpx.AsyncClient], n: int) -> tuple[str, list[int]]:
    sender, token, counts = f"load-{n}-{uuid.uuid4().hex[:8]}", None, []
    await asyncio.sleep(n * ARRIVAL_SECONDS)                # citizens arrive over ~20 s, then all talk at once
    for turn, message in enumerate(SCRIPT):
        client = clients[(n + turn) % 2]                    # every message to the other process
        headers = {"X-Session-Token": token} if token else {}
        response = await client.post("/api/v1/chat", json={"sender_id": sender, "text": message}, headers=headers)
        assert response.status_code == 200, response.text
        token = response.json()["session_token"]
        counts.append(len(response.json()["messages"]))
    return sender, counts


async def _all_conversations() -> list[tuple[str, list[int]]]:
    # no keep-alive: a pooled connection the server closed while idle would fail the next POST
    limits = httpx.Limits(max_connections=CONVERSATIONS, max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=300, limits=limits) for port in APP_PORTS]
    try:
        return await asyncio.gather(*(_conversation(clients, n) for n in range(CONVERSATIONS)))
    finally:
        for client in clients:
            await client.aclose()


def test_200_conversations_over_two_processes_lose_nothing(scaled):
    from core.db import Database
    from domain.handoff.messages import history
    from domain.handoff.service import get_conversation

    results = asyncio.run(_all_conversations())
    assert all(all(count >= 1 for count in counts) for _, counts in results)   # every message answered
    db = Database(scaled.settings.database_url)
    try:
        with db.session() as session:
            for sender, _ in results:
                log = history(session, get_conversation(session, sender))
                inbound = [m.text for m in log if m.direction == "in"]
                assert inbound == list(SCRIPT), sender                          # none lost, doubled or reordered
                directions = [m.direction for m in log]
                assert directions[0] == "in" and "out" in directions
    finally:
        db.dispose()


def test_an_officer_reply_reaches_a_citizen_connected_to_the_other_process(scaled):
    from websockets.sync.client import connect

    from core.db import Database
    from domain.handoff.models import Officer
    from domain.handoff.officers import officer_reply, take_over

    with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORTS[0]}", timeout=120) as client:
        first = client.post("/api/v1/chat", json={"text": "cho tôi gặp cán bộ"}).json()
    sender, token = first["sender_id"], first["session_token"]
    db = Database(scaled.settings.database_url)
    try:
        deadline = time.monotonic() + 30
        with connect(f"ws://127.0.0.1:{APP_PORTS[1]}/ws/chat/{sender}?token={token}", open_timeout=10) as ws:
            with db.session() as session:
                officer = Officer(username=f"lan-{uuid.uuid4().hex[:6]}", display_name="Lan", password_hash="!")
                session.add(officer)
                session.flush()
                take_over(session, sender, officer)
                officer_reply(session, sender, officer, "Chào anh/chị, tôi là Lan.")
            received: list[str] = []
            while not any("tôi là Lan" in t for t in received):
                assert time.monotonic() < deadline, received
                data = json.loads(ws.recv(timeout=10))
                received += [m.get("text") or "" for m in data.get("messages", [])]
    finally:
        db.dispose()
