"""The account guides reach the right branch over real HTTP (real Rasa + app), read back through
the trace contract (GET /api/v1/conversations/{sender_id}: account_guidance, procedures_identified)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import all_text, chat, summary

pytestmark = pytest.mark.stack


def titles(messages) -> list[str]:
    return [b["title"] for m in messages for b in m["buttons"]]


def guides(trace: dict) -> list[tuple[str, int]]:
    return [(g["guide"], g["turn"]) for g in trace["account_guidance"] if g["steps_shown"] >= 1]


def identified(trace: dict) -> list[tuple[str, str]]:
    return [(p["code"], p["via"]) for p in trace["procedures_identified"]]


def test_a_first_message_naming_the_trouble_gets_its_steps_at_once(client, sender, officer_token):
    reply = chat(client, sender, "quen mk vneid r, lay lai sao ad")
    text = all_text(reply)
    assert "Quên mật khẩu" in text and "\n1. " in text and "\n3. " in text, text
    assert {"Được rồi", "Vẫn lỗi", "Gặp cán bộ"} <= set(titles(reply))
    trace = summary(client, sender, officer_token)
    assert guides(trace) == [("vneid_recover", 1)]
    assert ("1.011410", "guide") in identified(trace)


def test_a_vague_first_message_gets_the_question_and_the_trouble_told_next_gets_its_branch(
        client, sender, officer_token):
    question = chat(client, sender, "app định danh của tui hổng vô được")
    assert "đã có tài khoản chưa" in all_text(question), all_text(question)
    assert {"Bắt đầu từ bước 1", "Không nhận được mã OTP", "Gặp cán bộ"} <= set(titles(question))
    branch = chat(client, sender, "no bao tai khoan bi tam khoa do nhap sai nhieu lan")
    assert "Tài khoản bị khóa" in all_text(branch) and "\n1. " in all_text(branch), all_text(branch)
    trace = summary(client, sender, officer_token)
    assert guides(trace) == [("vneid_recover", 2)]
    assert ("3.000275", "guide") in identified(trace)  # mở khóa tài khoản định danh điện tử


def test_the_account_an_earlier_message_named_decides_the_branch(client, sender, officer_token):
    chat(client, sender, "tôi có tài khoản trên cổng dịch vụ công quốc gia từ lâu rồi mà giờ không vào được")
    reply = chat(client, sender, "giờ đăng nhập thì không nhớ mật khẩu")
    assert "Cổng Dịch vụ công" in all_text(reply), all_text(reply)
    assert "portal_recover" in [g for g, _turn in guides(summary(client, sender, officer_token))]


def test_a_trouble_named_while_a_step_is_shown_goes_to_its_branch(client, sender, officer_token):
    chat(client, sender, "mình chưa có tài khoản vneid, đăng ký sao")
    step = chat(client, sender, "xong rồi")
    assert "Bước 2/6" in all_text(step), all_text(step)
    branch = chat(client, sender, "đến bước nhập mã thì em đợi mãi mà otp không về")
    assert "Không nhận được mã OTP" in all_text(branch), all_text(branch)
    trace = summary(client, sender, officer_token)
    assert [g for g, _turn in guides(trace)] == ["vneid_register", "vneid_register", "vneid_login"]
    assert identified(trace)[0] == ("1.011410", "guide")


def test_the_level_2_activation_records_its_procedure(client, sender, officer_token):
    reply = chat(client, sender, "tài khoản định danh của tôi chưa được kích hoạt")
    assert "Kích hoạt tài khoản mức 2" in all_text(reply), all_text(reply)
    trace = summary(client, sender, officer_token)
    assert guides(trace) == [("vneid_activate", 1)]
    assert ("3.000228", "guide") in identified(trace)


def test_two_unusable_answers_to_the_first_question_offer_buttons_and_an_officer(client, sender, officer_token):
    first = chat(client, sender, "tôi không vào được")
    assert "đã có tài khoản chưa" in all_text(first), all_text(first)
    again = chat(client, sender, "ờm cái đó")
    assert "đã có tài khoản chưa" in all_text(again), all_text(again)
    stuck = chat(client, sender, "hừm")
    text = all_text(stuck)
    assert "đã có tài khoản chưa" not in text and "Gặp cán bộ" in text, text
    assert {"Gặp cán bộ", "Bắt đầu từ bước 1", "Quên mật khẩu hoặc passcode"} <= set(titles(stuck))
    assert summary(client, sender, officer_token)["account_guidance"] == []
