"""The account walkthrough end to end through /api/v1/chat (real Rasa server + app)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import all_text, chat

pytestmark = pytest.mark.stack


def titles(messages) -> list[str]:
    return [b["title"] for m in messages for b in m["buttons"]]


def test_whole_walkthrough_with_a_stuck_at_otp_branch(client, sender):
    first = chat(client, sender, "tôi cần hướng dẫn về tài khoản VNeID")  # names no trouble: where to begin?
    assert "VNeID" in all_text(first) and "Bắt đầu từ bước 1" in titles(first)
    step = chat(client, sender, "Bắt đầu từ bước 1")
    assert "Bước 1/6" in all_text(step)
    assert {"Xong rồi", "Bị lỗi", "Nhắc lại", "Gặp cán bộ"} <= set(titles(step))
    assert "Bước 2/6" in all_text(chat(client, sender, "Xong rồi"))
    menu = chat(client, sender, "Bị lỗi")
    assert "Không nhận được mã OTP" in titles(menu)
    branch = chat(client, sender, "Không nhận được mã OTP")
    assert "Gửi lại mã" in all_text(branch) and "\n3. " in all_text(branch)  # the things to try, numbered
    solved = chat(client, sender, "Được rồi")
    assert "Bước 2/6" in all_text(solved)
    repeated = chat(client, sender, "Nhắc lại")
    assert "Bước 2/6" in all_text(repeated)
    for number in range(3, 7):
        assert f"Bước {number}/6" in all_text(chat(client, sender, "Xong rồi"))
    done = chat(client, sender, "Xong rồi")
    assert "xong rồi" in all_text(done).lower() and "Cổng Dịch vụ công" in all_text(done)
    # the guide is over: messages go to the normal rules again
    assert "Bước" not in all_text(chat(client, sender, "cảm ơn em"))


def test_a_message_naming_the_trouble_starts_in_its_branch_and_two_failures_offer_an_officer(client, sender):
    branch = chat(client, sender, "tôi quên mật khẩu VNeID")
    assert "Quên mật khẩu" in all_text(branch)
    reply = chat(client, sender, "Vẫn lỗi")
    assert "Bị khóa" in " ".join(titles(reply)) or "lỗi gì" in all_text(reply)
    chat(client, sender, "Tài khoản bị khóa do nhập sai")
    reply = chat(client, sender, "Vẫn lỗi")
    assert "gặp cán bộ" in all_text(reply).lower() and "Gặp cán bộ" in titles(reply)


def test_stop_and_resume_at_the_step_reached_and_a_question_in_between(client, sender):
    first = chat(client, sender, "hướng dẫn tôi tạo tài khoản dịch vụ công")  # registering: the walkthrough at once
    assert "Bước 1/6" in all_text(first), all_text(first)
    chat(client, sender, "Xong rồi")
    asked = chat(client, sender, "làm giấy khai sinh cho con cần giấy tờ gì?")
    assert "khai sinh" in all_text(asked).lower() and "Tiếp tục" in titles(asked)
    assert "Bước 2/6" in all_text(chat(client, sender, "Tiếp tục"))
    stopped = chat(client, sender, "dừng")
    assert "bước 2/6" in all_text(stopped)
    resumed = chat(client, sender, "tiếp tục")
    assert "Bước 2/6" in all_text(resumed), all_text(resumed)
