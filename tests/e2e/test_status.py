"""Dossier status in the chat, end to end: admin API -> dossier store -> Rasa form -> answer.

Runs the real stack (tests/e2e/conftest.py); dossiers are seeded through the admin API
with the stack's token, and the outbox is read from the stack's database.
"""
from __future__ import annotations

import json
import random

import pytest

from core.db import Database
from core.outbox import pending
from tests.e2e.conftest import all_text, chat

OWNER_ID = "079203001234"
OWNER_PHONE = "0903 456 789"


def new_code() -> str:
    return f"G{random.randint(10, 99)}.{random.randint(10, 99)}-250{random.randint(101, 909)}-{random.randint(1, 9999):04d}"


@pytest.fixture
def admin(client, stack):
    token = stack.settings.admin_api_token.get_secret_value()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def dossier(client, admin) -> str:
    code = new_code()
    response = client.post("/api/v1/admin/dossiers", headers=admin, json={
        "receipt_code": code, "procedure_code": "1.001193", "status": "supplement_required",
        "missing_items": ["Bản sao giấy khai sinh", "Ảnh 4x6"], "agency": "UBND phường Bến Thành",
        "owner_id_number": OWNER_ID, "owner_phone": OWNER_PHONE, "appointment_date": "2099-01-15",
    })
    assert response.status_code == 201, response.text
    return code


def buttons(messages) -> list[dict]:
    return [b for m in messages for b in m["buttons"]]


def test_the_admin_api_is_protected(client):
    assert client.get("/api/v1/admin/dossiers/G10.10-250101-0001").status_code == 401


def test_owner_checks_status_opts_in_and_is_notified(client, admin, stack, sender, dossier):
    asked = all_text(chat(client, sender, f"hồ sơ {dossier} đến đâu rồi"))
    assert "4 số cuối" in asked
    answer = chat(client, sender, OWNER_ID[-4:])
    text = all_text(answer)
    assert dossier in text and "Bản sao giấy khai sinh" in text and "UBND phường Bến Thành" in text
    # The receipt code is random digits and may hold "0903" itself; the phone must not appear elsewhere.
    without_code = text.replace(dossier, "")
    for part in (OWNER_ID, OWNER_PHONE.replace(" ", ""), "0903"):
        assert part not in without_code
    subscribe = next(b for b in buttons(answer) if b["title"] == "Báo cho tôi khi hồ sơ thay đổi")
    assert "nhắn anh/chị" in all_text(chat(client, sender, subscribe["payload"]))

    moved = client.post(f"/api/v1/admin/dossiers/{dossier}/status", headers=admin,
                        json={"status": "result_ready", "delivery_method": "desk"})
    assert moved.status_code == 200
    db = Database(stack.settings.database_url)
    try:
        with db.session() as session:
            mine = [m for m in pending(session, "web", sender) if m.kind == "status_notification"]
    finally:
        db.dispose()
    assert len(mine) == 1 and dossier in mine[0].payload["text"] and "đã có kết quả" in mine[0].payload["text"]


def test_the_receipt_is_asked_then_the_phone_digits_prove_ownership(client, sender, dossier):
    assert "mã hồ sơ" in all_text(chat(client, sender, "/check_status"))
    assert "4 số cuối" in all_text(chat(client, sender, dossier))
    assert "cần bổ sung" in all_text(chat(client, sender, f"4 số cuối điện thoại là {OWNER_PHONE.replace(' ', '')[-4:]}"))


def test_unknown_receipt_and_wrong_digits_get_identical_answers(client, dossier):
    senders = [f"web-e2e-{random.randint(0, 10**9)}" for _ in range(2)]
    codes = [dossier, new_code()]
    replies = []
    for sender, code in zip(senders, codes):
        first = chat(client, sender, f"kiểm tra hồ sơ {code} giúp tôi")
        second = chat(client, sender, "1111")
        replies.append((first, second))
    assert replies[0] == replies[1]
    assert "chưa khớp" in all_text(replies[0][1])


def test_five_wrong_answers_lock_the_check(client, sender, dossier):
    chat(client, sender, f"hồ sơ {dossier} sao rồi")
    for _ in range(4):
        assert "chưa khớp" in all_text(chat(client, sender, "0000"))
        chat(client, sender, dossier)
    locked = all_text(chat(client, sender, "0000"))
    assert "tạm dừng tra cứu" in locked
    # the right answer does not get through while locked
    again = all_text(chat(client, sender, f"hồ sơ {dossier} sao rồi"))
    assert "tạm dừng tra cứu" in again and "cần bổ sung" not in again


def test_the_form_steps_aside_for_another_question(client, sender, dossier):
    chat(client, sender, f"hồ sơ {dossier} sao rồi")
    reply = all_text(chat(client, sender, "/deny"))
    assert "4 số cuối" not in reply and reply  # the bot answered the "no", not the form
    # and a new check starts from the beginning
    assert "mã hồ sơ" in all_text(chat(client, sender, "/check_status"))


def test_opt_in_needs_a_passed_check(client, sender, dossier):
    payload = "/subscribe_status_updates" + json.dumps({"receipt_code": dossier})
    assert "tra cứu hồ sơ trước" in all_text(chat(client, sender, payload))


def test_code_and_full_cccd_in_one_message_answer_at_once(client, sender, dossier):
    messages = chat(client, sender, f"mã hồ sơ {dossier}, căn cước {OWNER_ID}, kiểm tra giúp")
    assert "cần bổ sung" in all_text(messages) and OWNER_ID not in all_text(messages)
    # the conversation goes on normally afterwards
    assert "mã hồ sơ" in all_text(chat(client, sender, "/check_status"))


def _marriage_form_then_a_check(client, sender, dossier) -> None:
    chat(client, sender, "đăng ký kết hôn")
    chat(client, sender, "Lương Thế Hiển")
    chat(client, sender, "001093017452")                          # the bride's name is asked next
    assert "4 số cuối" in all_text(chat(client, sender, f"à mà hồ sơ {dossier} của tôi giờ tới đâu rồi nhỉ"))


def test_a_bare_name_inside_a_paused_form_is_asked_about_then_filed_in_the_form(client, sender, dossier, stack):
    from tests.e2e.conftest import summary
    from tests.evaluation.dialogue_eval import officer_token

    _marriage_form_then_a_check(client, sender, dossier)
    asked = chat(client, sender, "Đào Phương Linh")
    assert "tờ khai" in all_text(asked) and "người đứng tên hồ sơ" in all_text(asked)
    to_form = next(b for b in buttons(asked) if b["title"] == "Điền vào tờ khai")
    resumed = all_text(chat(client, sender, to_form["payload"]))
    assert "tạm gác việc tra cứu" in resumed and "căn cước" in resumed     # the bride's căn cước is asked
    chat(client, sender, "001196024817")
    chat(client, sender, "0967284153")
    chat(client, sender, "ok, đúng rồi, nộp đi")
    form = next(f for f in summary(client, sender, officer_token(stack.settings.database_url))["forms"]
                if f["procedure"] == "1.000894")
    assert form["stage"] == "submitted" and form["fields"]["ho_ten_vo"] == "Đào Phương Linh"


def test_an_owner_name_typed_for_the_lookup_asks_the_digits_again(client, sender, dossier):
    _marriage_form_then_a_check(client, sender, dossier)
    assert "người đứng tên hồ sơ" in all_text(chat(client, sender, "HỒ CHÍ MINH"))
    assert "không cần họ tên" in all_text(chat(client, sender, "không, tra hồ sơ"))
    assert "cần bổ sung" in all_text(chat(client, sender, OWNER_ID[-4:]))
