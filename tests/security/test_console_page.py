"""The officer console draws nothing but the login box before login (headless Chromium)."""
from __future__ import annotations

import os

import pytest

from tests.channels.conftest import make_settings
from tests.channels.fakes.server import ServerThread

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium missing: run `make setup`")


@pytest.fixture
def site(tmp_path, fake_rasa, no_warm_up):
    from main import create_app

    with ServerThread(create_app(make_settings(tmp_path, fake_rasa))) as server:
        yield server.url


def test_before_login_only_the_login_box_is_drawn(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(site + "/console")
            page.locator("#login-form").wait_for(state="visible")
            for hidden in ("#app-view", "#queued", "#conversation", "#live", "#logout", "#detail"):
                assert not page.locator(hidden).is_visible(), hidden
            text = page.locator("body").inner_text()
            assert "Mất kết nối" not in text and "Đang chờ" not in text and "Đăng nhập" in text
        finally:
            browser.close()
