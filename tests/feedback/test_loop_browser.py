"""The loop in headless Chromium: a citizen taps "Chưa đúng" in the web chat, the turn appears on
the desk, an officer labels it with a procedure found by the search box, a supervisor exports the
batch, and the statistics page shows the feedback. Screenshots: UPDATE_SCREENSHOTS=1 writes them
to docs/screenshots/ (used by the README)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from api.console.accounts import create_officer
from core.settings import ROOT, Settings
from domain.feedback import export
from domain.feedback.models import SUPERVISOR_ROLE
from domain.services import Services
from tests.channels.fakes.server import ServerThread, wait_until
from tests.feedback.conftest import AnsweringRasa
from tests.handoff.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium missing: run `make setup`")
SHOTS = ROOT / "docs" / "screenshots"
WORDING = "cho em hỏi làm giấy khai sinh cho con"


class FakeSearch:
    def search(self, query: str, limit: int = 5) -> list[dict]:
        hits = [{"code": "1.001193", "name": "Đăng ký khai sinh", "score": 0.9},
                {"code": "1.004194", "name": "Đăng ký tạm trú", "score": 0.5}]
        return [h for h in hits if any(w in h["name"].lower() for w in query.lower().split())][:limit]


@pytest.fixture
def site(tmp_path, monkeypatch):
    from main import create_app

    monkeypatch.setattr(Services, "warm_up", lambda self: None)
    monkeypatch.setattr(Services, "search", lambda self: FakeSearch())
    monkeypatch.setattr(Services, "catalogue", lambda self: {"1.001193": {}, "1.004194": {}})
    for name, path in (("REVIEWED_NLU_DIR", tmp_path / "nlu"), ("REVIEWED_ALIAS_DIR", tmp_path / "aliases"),
                       ("MODEL_FINGERPRINT", tmp_path / "fingerprint")):
        monkeypatch.setattr(export, name, path)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", rasa_url="http://127.0.0.1:9",
                        office_hours="00:00-23:59", office_days="mon-sun", cache_dir=tmp_path / "cache",
                        web_push_poll_seconds=0.2)
    app = create_app(settings)
    with ServerThread(app) as server:
        app.state.services.rasa = AnsweringRasa(procedures={WORDING: "1.004194"})   # the wrong procedure
        with app.state.services.db.session() as session:
            create_officer(session, "lan", PASSWORD, "Nguyễn Thị Lan")
            create_officer(session, "hoa", PASSWORD, "Lê Thị Hoa").role = SUPERVISOR_ROLE
        yield server.url, app, tmp_path


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def login(page, url: str, path: str, username: str) -> None:
    page.goto(url + path)
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("#app-view").wait_for()


def test_not_right_in_the_web_chat_reaches_the_desk_label_export_and_statistics(site, browser):
    url, app, tmp_path = site
    citizen = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    citizen.goto(url + "/")
    citizen.fill("#dvc-input", WORDING)
    citizen.keyboard.press("Enter")
    citizen.get_by_role("button", name="Chưa đúng").wait_for()
    shot(citizen, tmp_path, "officers-1-citizen-feedback")
    citizen.get_by_role("button", name="Chưa đúng").click()
    citizen.get_by_text("Anh/chị có thể gõ ngắn điều chưa đúng").wait_for()
    citizen.fill("#dvc-input", "em hỏi khai sinh chứ không phải tạm trú")
    citizen.keyboard.press("Enter")
    citizen.get_by_text("em đã ghi nhận góp ý").wait_for()

    officer = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(officer, url, "/console/desk", "lan")
    card = officer.locator(".desk-item").first
    card.wait_for()
    assert WORDING in card.inner_text() and "Chưa đúng" in card.inner_text()
    assert "khai sinh chứ không phải tạm trú" in card.inner_text()          # the citizen's comment
    assert officer.locator("#export").is_hidden()                            # an officer does not export
    card.get_by_role("searchbox", name="Tìm thủ tục").fill("khai sinh")
    card.get_by_role("button", name="1.001193 — Đăng ký khai sinh").click()
    shot(officer, tmp_path, "officers-2-desk")
    card.get_by_role("button", name="Gắn nhãn").click()
    officer.get_by_text("0 câu hỏi đang chờ").wait_for()

    supervisor = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(supervisor, url, "/console/desk", "hoa")
    supervisor.get_by_role("button", name="Xuất dữ liệu đã duyệt (giám sát viên)").click()
    supervisor.get_by_text("Chưa (cần make train)").wait_for()
    shot(supervisor, tmp_path, "officers-3-export")
    batch = next((tmp_path / "nlu").glob("*.yml"))
    nlu = yaml.safe_load(batch.read_text(encoding="utf-8"))
    assert nlu["nlu"] == [{"intent": "ask_procedure", "examples": f"- {WORDING}\n"}]
    aliases = yaml.safe_load(next((tmp_path / "aliases").glob("*.yml")).read_text(encoding="utf-8"))
    assert aliases["aliases"] == {"1.001193": [WORDING]}

    supervisor.goto(url + "/console/stats")
    supervisor.locator("#figures .figure").first.wait_for()
    wait_until(lambda: "100%" in supervisor.locator("#figures").inner_text())
    figures = supervisor.locator("#figures").inner_text()
    assert "1 chưa đúng, 0 hữu ích" in figures and "1/1 lần hỏi" in figures
    assert supervisor.locator("#per-day rect[data-channel=web]").count() == 1
    shot(supervisor, tmp_path, "officers-4-statistics")
    csv = supervisor.request.get(url + "/api/v1/stats?format=csv&days=1")
    assert csv.ok and "feedback,down,,1" in csv.text()
