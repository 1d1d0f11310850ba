"""The widget in headless Chromium while the bot is down: the citizen is told the message is kept,
and the bot's answer appears by itself once the bot is back (pushed over the WebSocket), once."""
from __future__ import annotations

from datetime import timedelta

import pytest

from api.routers.chat import QUEUED
from connectors import inbox
from tests.channels.conftest import make_settings
from tests.channels.fakes.server import ServerThread
from tests.channels.test_widget_browser import CHROMIUM, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="chromium missing: run `make setup`")


@pytest.fixture
def site(tmp_path, fake_rasa, no_warm_up, monkeypatch):
    from main import create_app

    monkeypatch.setattr(inbox, "FIRST_RETRY", timedelta(seconds=0.3))
    app = create_app(make_settings(tmp_path, fake_rasa, web_push_poll_seconds=0.2, channel_inbox_replay_seconds=0.1))
    with ServerThread(app) as server:
        yield server.url


def test_a_message_sent_while_the_bot_is_down_is_answered_in_the_widget_when_it_is_back(site, browser, fake_rasa):  # noqa: F811
    page = browser.new_page(locale="vi-VN")
    page.goto(site + "/")
    page.fill("#dvc-input", "chào em")
    page.keyboard.press("Enter")
    page.get_by_text("Dạ, em đã nhận: chào em").wait_for()

    fake_rasa.down = True
    page.fill("#dvc-input", "làm khai sinh ở đâu")
    page.keyboard.press("Enter")
    page.get_by_text(QUEUED).wait_for()                               # told at once: kept, no need to resend
    page.wait_for_timeout(1500)                                       # replays while down say nothing more
    assert page.locator(".dvc-bot").all_inner_texts()[-1] == QUEUED

    fake_rasa.down = False
    page.get_by_text("Dạ, em đã nhận: làm khai sinh ở đâu").wait_for(timeout=15_000)
    page.wait_for_timeout(1000)                                       # and only once
    assert page.locator(".dvc-bot").all_inner_texts().count("Dạ, em đã nhận: làm khai sinh ở đâu") == 1
    assert page.locator(".dvc-me").all_inner_texts() == ["chào em", "làm khai sinh ở đâu"]

    page.reload()                                                     # acknowledged: not shown again as new
    page.wait_for_timeout(1000)
    assert page.locator(".dvc-bot").all_inner_texts().count("Dạ, em đã nhận: làm khai sinh ở đâu") == 1
