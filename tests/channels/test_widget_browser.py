"""The web chat widget in headless Chromium (Debian's package, driven by Playwright):
open the page, chat, tap a button, receive an officer's reply live."""
from __future__ import annotations

import os
import re

import pytest

from api import web_session
from core import outbox
from core.outbox.models import OutboxMessage
from tests.channels.conftest import make_settings
from tests.channels.fakes.server import ServerThread, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium missing: run `make setup`")


@pytest.fixture
def site(tmp_path, fake_rasa, no_warm_up):
    from main import create_app

    app = create_app(make_settings(tmp_path, fake_rasa, web_push_poll_seconds=0.2))
    with ServerThread(app) as server:
        yield server.url, app


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def officer_says(app, sender: str, text: str) -> int:
    """What the officer console does: an officer_reply outbox row for the web chat."""
    with app.state.services.db.session() as session:
        return outbox.enqueue(session, "web", sender, "officer_reply", {"text": text, "from": "officer"}).id


def delivered(app, row_id: int) -> bool:
    with app.state.services.db.session() as session:
        return session.get(OutboxMessage, row_id).delivered_at is not None


def test_chat_tap_a_button_and_receive_an_officer_reply(site, browser):
    url, app = site
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")   # a phone
    page.goto(url + "/")
    log = page.locator(".dvc-log")
    assert "Em là trợ lý dịch vụ công" in log.inner_text()

    page.fill("#dvc-input", "làm khai sinh cần giấy tờ gì")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Lệ phí").wait_for()
    assert "Hồ sơ gồm tờ khai đăng ký khai sinh" in log.inner_text()

    page.get_by_role("button", name="Lệ phí").click()
    page.get_by_text("không mất lệ phí").wait_for()
    assert page.get_by_role("button", name="Lệ phí").is_disabled()        # no double answers
    assert page.evaluate("document.activeElement.id") == "dvc-input"      # ready for the next question

    sender = page.evaluate("window.DvcChat.senderId")
    assert re.fullmatch(r"web-[0-9a-f]{32}", sender)                       # crypto-random, not Math.random
    token = page.evaluate("localStorage.getItem('dvc_session_token')")
    assert token == web_session.token_for(app.state.services.settings, sender)   # the server's session token
    row_id = officer_says(app, sender, "Chào chị, tôi là cán bộ Lan, tôi xem hồ sơ giúp chị.")
    bubble = page.locator(".dvc-officer")
    bubble.wait_for()
    assert "Cán bộ" in bubble.inner_text() and "tôi là cán bộ Lan" in bubble.inner_text()
    wait_until(lambda: delivered(app, row_id))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390     # no sideways scrolling on a phone


def test_larger_text_high_contrast_and_keyboard_use(site, browser):
    url, _ = site
    page = browser.new_page()
    page.goto(url + "/")
    chat = page.locator(".dvc-chat")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.querySelector('.dvc-chat')).fontSize)")  # noqa: E731
    normal = size()
    page.get_by_role("button", name="Chữ to").click()
    assert size() > normal * 1.2
    assert page.get_by_role("button", name="Chữ to").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Tương phản cao").click()
    assert "dvc-contrast" in chat.get_attribute("class")
    assert page.evaluate("getComputedStyle(document.querySelector('.dvc-chat')).backgroundColor") == "rgb(0, 0, 0)"
    page.reload()                                   # the choices are remembered
    assert "dvc-large" in page.locator(".dvc-chat").get_attribute("class")

    # keyboard only: type, Enter, then Tab to the offered button and press Enter
    page.focus("#dvc-input")
    page.keyboard.type("làm khai sinh cần giấy tờ gì")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Gặp cán bộ").last.wait_for()
    page.get_by_role("button", name="Lệ phí").focus()
    page.keyboard.press("Enter")
    page.get_by_text("không mất lệ phí").wait_for()
    texts = page.locator(".dvc-me").all_inner_texts()
    assert texts[-2:] == ["làm khai sinh cần giấy tờ gì", "Lệ phí"]


def test_one_script_tag_embeds_a_floating_chat_in_a_portal_page(site, browser):
    url, app = site
    portal = ("<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Cổng tỉnh</title></head>"
              "<body><h1>Cổng dịch vụ công tỉnh</h1>"
              f"<script src='{url}/static/widget.js' defer></script></body></html>")
    page = browser.new_page()
    page.route(url + "/portal-demo.html", lambda route: route.fulfill(body=portal, content_type="text/html"))
    page.goto(url + "/portal-demo.html")
    launcher = page.get_by_role("button", name="Hỏi trợ lý dịch vụ công")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert not page.locator(".dvc-chat").is_visible()
    launcher.click()
    assert page.locator(".dvc-chat").is_visible()
    assert page.evaluate("document.activeElement.id") == "dvc-input"
    page.keyboard.type("chào em")
    page.keyboard.press("Enter")
    page.get_by_text("Dạ, em đã nhận: chào em").wait_for()
    page.keyboard.press("Escape")
    assert not page.locator(".dvc-chat").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Hỏi trợ lý dịch vụ công"
