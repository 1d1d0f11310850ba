"""Starts the real product (Rasa server + app) once per test session, on test ports."""
from __future__ import annotations

import os
import uuid

import httpx
import pytest

from api.stack import Stack
from core.settings import ROOT, Settings

APP_PORT = int(os.environ.get("TEST_APP_PORT", "8765"))
RASA_PORT = int(os.environ.get("TEST_RASA_PORT", "5765"))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    var = tmp_path_factory.mktemp("stack")
    env = {
        "APP_PORT": str(APP_PORT),
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "DATABASE_URL": f"sqlite:///{var / 'app.db'}",
        "CACHE_DIR": str(ROOT / "var" / "cache"),
        # dossier store and its admin API (tests seed dossiers with stack.settings.admin_api_token)
        "DOSSIER_SECRET": f"e2e-{uuid.uuid4().hex}",
        "ADMIN_API_TOKEN": f"e2e-{uuid.uuid4().hex}",
    }
    settings = Settings(**{k.lower(): v for k, v in env.items()})
    running = Stack(settings=settings, env=env, log_dir=var / "logs")
    running.start()
    try:
        running.wait_ready(timeout=600)
        yield running
    except Exception:
        for log in (var / "logs").glob("*.log"):
            print(f"---- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    finally:
        running.stop()


@pytest.fixture(scope="session")
def base_url(stack) -> str:
    return f"http://127.0.0.1:{APP_PORT}"


@pytest.fixture
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=120) as c:
        yield c


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


# session tokens of the conversations started by `chat` (POST /api/v1/chat issues them)
SESSION_TOKENS: dict[str, str] = {}


def session_token(sender: str) -> str | None:
    return SESSION_TOKENS.get(sender)


def chat(client: httpx.Client, sender: str, text: str, channel: str | None = None) -> list[dict]:
    """One message through the public path: the first call of a sender starts its conversation
    (the server returns its session token), later calls send the token in X-Session-Token."""
    body: dict = {"sender_id": sender, "text": text}
    if channel:
        body["channel"] = channel
    token = SESSION_TOKENS.get(sender)
    response = client.post("/api/v1/chat", json=body, headers={"X-Session-Token": token} if token else {})
    assert response.status_code == 200, response.text
    data = response.json()
    SESSION_TOKENS[data["sender_id"]] = data["session_token"]
    return data["messages"]


def all_text(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.fixture(scope="module")
def officer_token(stack) -> str:
    """A bearer token of a new audit officer, for the trace API."""
    from tests.evaluation.dialogue_eval import officer_token as new_officer_token

    return new_officer_token(stack.settings.database_url)


def summary(client: httpx.Client, sender: str, token: str) -> dict:
    """The trace summary of a conversation (GET /api/v1/conversations/{sender_id}), as an evaluator reads it."""
    response = client.get(f"/api/v1/conversations/{sender}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()["summary"]
