"""Nothing lost when a process dies: the real product (Rasa + app) on its own ports; Rasa and
then the app are killed with SIGKILL in the middle of a form; the supervisor of `make run`
restarts them and the conversation goes on at the same place with the same values."""
from __future__ import annotations

import json
import os
import signal
import time
import uuid
from datetime import date, timedelta

import httpx
import pytest
from websockets.sync.client import connect

from api.stack import Stack
from core.settings import ROOT, Settings
from tests.e2e.conftest import chat
from tests.evaluation.dialogue_eval import officer_token as new_officer_token

pytestmark = pytest.mark.e2e
APP_PORT = int(os.environ.get("TEST_RECOVERY_APP_PORT", "8767"))
RASA_PORT = int(os.environ.get("TEST_RECOVERY_RASA_PORT", "5767"))
NEXT_YEAR = (date.today() + timedelta(days=300)).strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    var = tmp_path_factory.mktemp("recovery")
    env = {"APP_PORT": str(APP_PORT), "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
           "DATABASE_URL": f"sqlite:///{var / 'app.db'}", "CACHE_DIR": str(ROOT / "var" / "cache"),
           "DOSSIER_SECRET": f"e2e-{uuid.uuid4().hex}", "ADMIN_API_TOKEN": f"e2e-{uuid.uuid4().hex}"}
    settings = Settings(**{k.lower(): v for k, v in env.items()})
    running = Stack(settings=settings, env=env, log_dir=var / "logs")
    running.start()
    try:
        running.wait_ready(timeout=600)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def officer_token(product) -> str:
    return new_officer_token(product.settings.database_url)


def _kill(product: Stack, name: str) -> None:
    victim = product._children[name]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)


def _form(client, sender, token) -> dict:
    response = client.get(f"/api/v1/conversations/{sender}", headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    [entry] = [f for f in response.json()["summary"]["forms"] if f["procedure"] == "1.004194"]
    return entry


def test_a_form_survives_rasa_and_then_the_app_being_killed(product, officer_token):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORT}", timeout=120) as client:
        chat(client, sender, "tôi muốn đăng ký tạm trú")
        chat(client, sender, "tên Nguyễn Văn An, cccd 001085012345")
        assert _form(client, sender, officer_token)["fields"]["ho_ten"] == "Nguyễn Văn An"

        _kill(product, "rasa")
        down = client.post("/api/v1/chat", json={"sender_id": sender, "text": "sđt 0912345678"},
                           headers={"X-Session-Token": _token(sender)})
        assert down.status_code == 202 and "hệ thống đang bận" in down.json()["messages"][0]["text"]   # kept
        product.supervise()
        _wait_restarted(product, "rasa")

        with connect(f"ws://127.0.0.1:{APP_PORT}/ws/chat/{sender}?token={_token(sender)}") as socket:
            pushed = json.loads(socket.recv(timeout=120))   # the kept message is answered, not sent again
        assert pushed["type"] == "messages" and {m["kind"] for m in pushed["messages"]} == {"bot_reply"}
        fields = _form(client, sender, officer_token)["fields"]
        assert (fields["ho_ten"], fields["so_dinh_danh"], fields["so_dien_thoai"]) == \
            ("Nguyễn Văn An", "001085012345", "0912345678")

        _kill(product, "app")
        _wait_restarted(product, "app")
        chat(client, sender, f"địa chỉ trọ: phòng 12, số 5 ngõ 3 Láng Hạ, phường Láng, Hà Nội, ở đến {NEXT_YEAR}")
        entry = _form(client, sender, officer_token)
        assert entry["fields"]["ho_ten"] == "Nguyễn Văn An"                  # nothing asked again or lost
        assert entry["fields"]["so_dien_thoai"] == "0912345678"
        assert entry["fields"]["dia_chi_tam_tru"].startswith("phòng 12")
        assert entry["stage"] in ("filling", "confirming")


def _token(sender: str) -> str:
    from tests.e2e.conftest import session_token

    token = session_token(sender)
    assert token
    return token


def _wait_restarted(product: Stack, name: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while product._restart_at.get(name) is not None or product._children[name].poll() is not None:
        assert time.monotonic() < deadline
        product.supervise()
        time.sleep(0.5)
    url = f"http://127.0.0.1:{APP_PORT}/health"
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        product.supervise()
        time.sleep(1)
    raise AssertionError(f"not healthy again after {name} was killed")


OWNER_ID = "079088001234"


def test_a_status_check_survives_rasa_being_killed_between_question_and_answer(product, officer_token):
    code = f"G{uuid.uuid4().int % 90 + 10}.15-261105-{uuid.uuid4().int % 9000 + 1000}"
    admin = product.settings.admin_api_token.get_secret_value()
    sender = f"test-{uuid.uuid4().hex[:12]}"
    with httpx.Client(base_url=f"http://127.0.0.1:{APP_PORT}", timeout=120) as client:
        created = client.post("/api/v1/admin/dossiers", headers={"Authorization": f"Bearer {admin}"}, json={
            "receipt_code": code, "procedure_code": "1.001193", "status": "processing",
            "agency": "UBND phường Bến Thành", "owner_id_number": OWNER_ID, "owner_phone": "0903 456 789"})
        assert created.status_code == 201, created.text
        asked = " ".join(m.get("text") or "" for m in chat(client, sender, f"hồ sơ {code} đến đâu rồi"))
        assert "4 số cuối" in asked

        _kill(product, "rasa")
        _wait_restarted(product, "rasa")

        answer = " ".join(m.get("text") or "" for m in chat(client, sender, OWNER_ID[-4:]))
        assert code in answer and OWNER_ID not in answer                  # the check went on where it was
        trace = client.get(f"/api/v1/conversations/{sender}", headers={"Authorization": f"Bearer {officer_token}"})
        assert [s["receipt_code"] for s in trace.json()["summary"]["statuses_disclosed"]] == [code]
