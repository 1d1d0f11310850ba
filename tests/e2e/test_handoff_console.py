"""The officer console in a real browser: Debian's headless Chromium driven by Playwright.

A citizen chats in the web chat page (/), asks for an officer; an officer logs in to
/console, takes the conversation over, they exchange messages, the officer hands back,
and the bot answers again. Runs its own stack (Rasa + app) with office hours that are
always open, so the result does not depend on the time of day.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.stack import Stack
from core.settings import ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APP_PORT = int(os.environ.get("TEST_HANDOFF_APP_PORT", "8781"))
RASA_PORT = int(os.environ.get("TEST_HANDOFF_RASA_PORT", "5781"))
OFFICER, PASSWORD = "lan", "mat-khau-can-bo-lan"

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def handoff_stack(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/setup.sh as root (installs Debian's chromium)")
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does it)")
    var = tmp_path_factory.mktemp("handoff_stack")
    env = {
        "APP_PORT": str(APP_PORT),
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "DATABASE_URL": f"sqlite:///{var / 'app.db'}",
        "CACHE_DIR": str(ROOT / "var" / "cache"),
        "OFFICE_HOURS": "00:00-24:00",
        "OFFICE_DAYS": "mon-sun",
    }
    subprocess.run([sys.executable, "-m", "api.console", "create-officer", OFFICER, "--name", "Nguyễn Thị Lan",
                    "--password-stdin"], input=PASSWORD + "\n", text=True, check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    settings = Settings(**{k.lower(): v for k, v in env.items()})
    running = Stack(settings=settings, env=env, log_dir=var / "logs")
    running.start()
    try:
        running.wait_ready(timeout=600)
        yield f"http://127.0.0.1:{APP_PORT}"
    except Exception:
        for log in (var / "logs").glob("*.log"):
            print(f"---- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser(handoff_stack):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _shown_to_citizen(citizen, officer_page, base_url: str, sender_id: str, text: str, timeout: float) -> str:
    """'widget' when the web chat showed it live; 'outbox' when it is only queued for the
    web channel (the widget's live delivery is another engineer's part)."""
    try:
        citizen.get_by_text(text, exact=False).first.wait_for(timeout=timeout * 1000)
        return "widget"
    except Exception:  # noqa: BLE001 - fall back to the outbox record
        trace = officer_page.request.get(f"{base_url}/api/v1/conversations/{sender_id}").json()
        assert any(text in (d["text"] or "") for d in trace["deliveries"]), trace["deliveries"]
        return "outbox"


def test_officer_takes_over_chats_and_hands_back(browser, handoff_stack):
    base_url = handoff_stack
    timings: dict[str, float] = {}

    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(base_url + "/")
    chat_input = citizen.locator("#dvc-input")
    chat_input.fill("chào em")
    chat_input.press("Enter")
    citizen.get_by_text("Em có thể giúp", exact=False).first.wait_for(timeout=60_000)
    citizen.locator('#dvc-chat [data-act="human"]').click()
    citizen.get_by_text("cán bộ sẽ trả lời ngay", exact=False).first.wait_for(timeout=30_000)
    sender_id = citizen.evaluate("window.DvcChat.senderId")

    officer = browser.new_context(locale="vi-VN").new_page()
    officer.goto(base_url + "/console")
    officer.locator("#username").fill(OFFICER)
    officer.locator("#password").fill(PASSWORD)
    officer.locator("#login-form button[type=submit]").click()
    officer.locator("#app-view").wait_for(state="visible")
    officer.get_by_text("Trực tuyến").wait_for(timeout=10_000)            # the WebSocket is connected
    item = officer.locator(f'#queued [data-sender="{sender_id}"]')
    item.wait_for(timeout=10_000)
    assert "#1" in item.inner_text()
    item.click()
    officer.locator("#take").click()
    officer.locator("#reply:not([disabled])").wait_for(timeout=10_000)
    assert "cán bộ Nguyễn Thị Lan" in officer.locator("#detail-meta").inner_text()

    # officer -> citizen
    greeting = "Chào anh/chị, tôi là cán bộ Lan. Tôi giúp gì được ạ?"
    started = time.monotonic()
    officer.locator("#reply").fill(greeting)
    officer.locator("#reply").press("Enter")
    delivery = _shown_to_citizen(citizen, officer, base_url, sender_id, greeting, timeout=10)
    timings["officer_to_citizen_s"] = time.monotonic() - started

    # citizen -> officer, and the bot stays silent
    bot_bubbles = citizen.locator(".dvc-bot").count()
    question = "Tôi muốn hỏi hồ sơ tạm trú của tôi đã xong chưa"
    started = time.monotonic()
    chat_input.fill(question)
    chat_input.press("Enter")
    officer.locator("#messages .msg.citizen", has_text=question).wait_for(timeout=10_000)
    timings["citizen_to_console_s"] = time.monotonic() - started
    citizen.wait_for_timeout(1500)
    new_bubbles = citizen.locator(".dvc-bot").all_inner_texts()[bot_bubbles:]
    assert all("Trợ lý" not in t and "Em có thể giúp" not in t for t in new_bubbles), new_bubbles
    assert citizen.locator(".dvc-bot", has_text="cán bộ sẽ trả lời").count() <= 1

    # hand back: the bot says it is back, then answers again
    officer.locator("#hand-back").click()
    officer.get_by_text("đang do trợ lý ảo trả lời", exact=False).wait_for(timeout=10_000)
    resumed = _shown_to_citizen(citizen, officer, base_url, sender_id, "em tiếp tục hỗ trợ", timeout=10)
    greetings_before = citizen.get_by_text("Em có thể giúp", exact=False).count()
    chat_input.fill("chào em")
    chat_input.press("Enter")
    citizen.wait_for_function(
        "n => [...document.querySelectorAll('.dvc-bot')].filter(e => e.textContent.includes('Em có thể giúp')).length > n",
        arg=greetings_before, timeout=60_000)
    # the console shows the bot's answer live, with what it understood
    officer.locator("#messages .msg.bot", has_text="Em có thể giúp").last.wait_for(timeout=10_000)
    assert "ý định: greet" in officer.locator("#messages").inner_text()

    print(f"\nhandoff browser test: delivery to the web chat via {delivery}/{resumed}; "
          + ", ".join(f"{k}={v:.2f}" for k, v in timings.items()))
    trace = httpx.get(f"{base_url}/api/v1/conversations/{sender_id}")
    assert trace.status_code == 401                                   # the audit API needs an officer
