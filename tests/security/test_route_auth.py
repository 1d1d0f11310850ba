"""Every non-public route refuses a caller without a valid credential: the whole route list
(OpenAPI schema plus webhooks and WebSockets) is walked, so a new route must be classified."""
from __future__ import annotations

import re

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.channels.conftest import make_settings, start_app

# routes anyone may call (what each one gives away is public or the caller's own)
PUBLIC = {
    ("GET", "/health"), ("GET", "/metrics"),                      # liveness, counters without personal data
    ("POST", "/api/v1/understand"),                               # NLU of the caller's own text
    ("POST", "/api/v1/chat"),                                     # starts a session; an existing one needs its token
    ("GET", "/api/v1/procedures/search"), ("POST", "/api/v1/procedures/search"),
    ("GET", "/api/v1/procedures/{code}"),                         # the public procedure catalogue
    ("POST", "/console/api/login"), ("POST", "/console/api/logout"),
    ("GET", "/"), ("GET", "/console"), ("GET", "/console/static/{name}"), ("GET", "/static/{name}"),
    ("GET", "/docs"), ("GET", "/redoc"), ("GET", "/openapi.json"), ("GET", "/docs/oauth2-redirect"),
    # static page shells of the officers' tools (their data comes from the authenticated APIs)
    ("GET", "/console/desk"), ("GET", "/console/stats"), ("GET", "/console/review/{name}"),
}
# not in the OpenAPI schema: webhooks and downloads (each has its own credential)
HIDDEN = [("POST", "/webhook"), ("POST", "/telegram/webhook"), ("POST", "/zalo/webhook"),
          ("GET", "/telegram/files/{download_key}")]
SOCKETS = ["/ws/chat/{sender_id}", "/console/ws"]


@pytest.fixture
def app(tmp_path, fake_rasa, no_warm_up):
    settings = make_settings(tmp_path, fake_rasa, admin_api_token="route-admin-token-0123456789",
                             dossier_secret="route-dossier-secret-0123456789",
                             telegram_webhook_secret="route-telegram-secret", zalo_oa_secret_key="route-zalo")
    with start_app(settings) as client:
        yield client


def routes(app) -> list[tuple[str, str]]:
    found = [(m.upper(), p) for p, ops in app.app.openapi()["paths"].items() for m in ops]
    return sorted(set(found + HIDDEN))


def fill(path: str, sender: str) -> str:
    values = {"sender_id": sender, "code": "TK-ABCDEF", "receipt_code": "000.00.15.H22-240918-0003",
              "item_id": "1", "download_key": "k" * 16, "name": "x"}
    return re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_every_non_public_route_refuses_without_a_credential(app):
    victim = app.post("/api/v1/chat", json={"text": "chào em"}).json()["sender_id"]
    unclassified, open_routes = [], []
    for method, path in routes(app):
        if (method, path) in PUBLIC:
            continue
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Session-Token": "s1.wrong"}):
            response = app.request(method, fill(path, victim), headers=headers,
                                   json={"sender_id": victim, "text": "x", "rating": "up"})
            if response.status_code not in (401, 403, 404, 405, 503) and not (
                    path == "/telegram/webhook" and response.status_code == 404):
                open_routes.append((method, path, headers, response.status_code, response.text[:120]))
            if response.status_code == 404 and "{" not in path and path not in ("/telegram/webhook", "/zalo/webhook"):
                unclassified.append((method, path))
    assert open_routes == []
    assert unclassified == []


def test_the_push_sockets_refuse_without_a_credential(app):
    victim = app.post("/api/v1/chat", json={"text": "chào em"}).json()["sender_id"]
    for path in SOCKETS:
        with pytest.raises(WebSocketDisconnect):
            with app.websocket_connect(fill(path, victim)) as ws:
                ws.receive_json()
