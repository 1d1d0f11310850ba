"""The widget embedded in a province portal (another origin) may call the chat API."""
from fastapi.testclient import TestClient

from core.settings import Settings
from main import create_app

PREFLIGHT = {"Origin": "https://dichvucong.tinh.gov.vn", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def _app(tmp_path, **overrides):
    return create_app(Settings(rasa_url="http://127.0.0.1:9", database_url=f"sqlite:///{tmp_path / 'a.db'}", **overrides))


def test_any_portal_by_default(tmp_path):
    response = TestClient(_app(tmp_path)).options("/api/v1/chat", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


def test_only_listed_portals_when_configured(tmp_path):
    client = TestClient(_app(tmp_path, cors_allow_origins=["https://dichvucong.hanoi.gov.vn"]))
    refused = client.options("/api/v1/chat", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in refused.headers
    allowed = client.options("/api/v1/chat", headers={**PREFLIGHT, "Origin": "https://dichvucong.hanoi.gov.vn"})
    assert allowed.headers["access-control-allow-origin"] == "https://dichvucong.hanoi.gov.vn"
