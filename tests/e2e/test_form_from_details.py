"""A citizen who gives their details for a procedure with a form gets that form, already filled
with them, whatever the NLU called the message; a plain question is still answered."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import chat
from tests.evaluation.dialogue_eval import officer_token as new_officer_token

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def officer_token(stack) -> str:
    return new_officer_token(stack.settings.database_url)


def _summary(client, sender, token) -> dict:
    response = client.get(f"/api/v1/conversations/{sender}", headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    return response.json()["summary"]


def test_details_in_the_first_message_open_the_form_filled(client, sender, officer_token):
    chat(client, sender, "giúp tôi làm khai sinh cho bé Nguyễn Gia Hân sinh 02/11/2026 ở bệnh viện Từ Dũ")
    [form] = [f for f in _summary(client, sender, officer_token)["forms"]]
    assert form["procedure"] in ("1.001193", "2.001023", "2.000986") and form["stage"] == "filling"
    assert form["fields"]["ho_ten_tre"] == "Nguyễn Gia Hân"
    assert form["fields"]["ngay_sinh_tre"] == "02/11/2026"


def test_details_after_a_question_open_the_form_of_the_procedure_in_context(client, sender, officer_token):
    chat(client, sender, "đăng ký tạm trú cần giấy tờ gì")
    assert _summary(client, sender, officer_token)["forms"] == []            # a question is answered
    chat(client, sender, "tên Nguyễn Văn An, cccd 001085012345, sđt 0912345678")
    [form] = _summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194"
    assert (form["fields"]["ho_ten"], form["fields"]["so_dinh_danh"], form["fields"]["so_dien_thoai"]) == \
        ("Nguyễn Văn An", "001085012345", "0912345678")
