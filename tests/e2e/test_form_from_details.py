"""A citizen who gives their details for a procedure with a form gets that form, already filled
with them, whatever the NLU called the message; a plain question is still answered."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import chat, summary

pytestmark = pytest.mark.e2e


def test_details_in_the_first_message_open_the_form_filled(client, sender, officer_token):
    chat(client, sender, "giúp tôi làm khai sinh cho bé Nguyễn Gia Hân sinh 02/11/2026 ở bệnh viện Từ Dũ")
    [form] = [f for f in summary(client, sender, officer_token)["forms"]]
    assert form["procedure"] in ("1.001193", "2.001023", "2.000986") and form["stage"] == "filling"
    assert form["fields"]["ho_ten_tre"] == "Nguyễn Gia Hân"
    assert form["fields"]["ngay_sinh_tre"] == "02/11/2026"


def test_details_after_a_question_open_the_form_of_the_procedure_in_context(client, sender, officer_token):
    chat(client, sender, "đăng ký tạm trú cần giấy tờ gì")
    assert summary(client, sender, officer_token)["forms"] == []            # a question is answered
    chat(client, sender, "tên Nguyễn Văn An, cccd 001085012345, sđt 0912345678")
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194"
    assert (form["fields"]["ho_ten"], form["fields"]["so_dinh_danh"], form["fields"]["so_dien_thoai"]) == \
        ("Nguyễn Văn An", "001085012345", "0912345678")


def test_a_story_asking_for_help_opens_the_form_and_later_details_fill_it(client, sender, officer_token):
    chat(client, sender, "Dạ chào cháu, bác lên Hà Nội ở với con trai để trông cháu nội. Công an phường bảo bác "
                         "phải đăng ký tạm trú mà bác không biết làm trên mạng, cháu làm giúp bác với.")
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194" and form["stage"] == "filling"
    chat(client, sender, "Bác tên là Vũ Thị Hằng, số căn cước của bác là 036159004721")
    fields = summary(client, sender, officer_token)["forms"][-1]["fields"]
    assert (fields["ho_ten"], fields["so_dinh_danh"]) == ("Vũ Thị Hằng", "036159004721")


def test_a_phone_alone_after_an_answer_fills_that_procedures_form_not_a_status_check(client, sender, officer_token):
    chat(client, sender, "phiếu lý lịch tư pháp số 1 là gì")
    chat(client, sender, "so dien thoai cua ong 0387 229 504")
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "3.000333" and form["fields"]["so_dien_thoai"] == "0387229504"


def test_a_confirmation_while_a_field_is_missing_is_not_stored(client, sender, officer_token):
    chat(client, sender, "Cho tôi làm phiếu lý lịch tư pháp, tên Trần Văn Lộc, sinh ngày 03/05/1968")
    before = summary(client, sender, officer_token)["forms"][-1]["fields"]
    chat(client, sender, "Rứa là được rồi, cháu nộp giúp o")
    after = summary(client, sender, officer_token)["forms"][-1]
    assert after["fields"] == before and after["stage"] == "filling"


def test_an_answer_about_a_procedure_with_a_form_offers_it_one_tap_away(client, sender, officer_token):
    answer = chat(client, sender, "đăng ký tạm trú mất bao lâu")
    [fill] = [b for m in answer for b in m.get("buttons") or [] if b["title"] == "Điền tờ khai giúp tôi"]
    chat(client, sender, fill["payload"])
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194" and form["stage"] == "filling"
    answer = chat(client, sender, "thủ tục nhận nuôi con nuôi mất bao lâu")   # no form: no such button
    assert not [b for m in answer for b in m.get("buttons") or [] if b["title"] == "Điền tờ khai giúp tôi"]


def test_after_a_status_check_mid_form_the_citizens_next_values_go_back_to_the_form(client, sender, officer_token):
    chat(client, sender, "tôi muốn đăng ký tạm trú")
    chat(client, sender, "tên Nguyễn Văn An, cccd 001090012345")
    chat(client, sender, "à mà hồ sơ 000.00.15.H22-240918-0003 của tôi tới đâu rồi")
    chat(client, sender, "0912345678")                                    # a wrong owner check
    chat(client, sender, "sđt 0912345678, địa chỉ trọ: số 5 ngõ 34 Láng Hạ, phường Láng, Hà Nội")
    fields = summary(client, sender, officer_token)["forms"][-1]["fields"]
    assert fields["so_dien_thoai"] == "0912345678"
    assert fields["dia_chi_tam_tru"] == "số 5 ngõ 34 Láng Hạ, phường Láng, Hà Nội"


def test_details_with_no_procedure_ask_which_form_and_fill_the_one_chosen(client, sender, officer_token):
    replies = chat(client, sender, "Vu Dinh Khoa, 027093006614, 0356182947")
    assert summary(client, sender, officer_token)["account_guidance"] == []   # no account walkthrough
    titles = [b["title"] for m in replies for b in m.get("buttons") or []]
    [choice] = [t for t in titles if "tạm trú" in t and "gia hạn" not in t]
    chat(client, sender, choice)
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194"
    assert (form["fields"]["ho_ten"], form["fields"]["so_dinh_danh"], form["fields"]["so_dien_thoai"]) == \
        ("Vu Dinh Khoa", "027093006614", "0356182947")


def test_a_story_asking_for_a_form_without_its_name_opens_the_form_the_situation_needs(client, sender, officer_token):
    chat(client, sender, "Chào em, chị mới vào Bình Dương làm công nhân. Chị thuê một phòng trọ, chủ trọ nói phải "
                         "khai báo với công an phường. Em làm giúp chị tờ khai được không?")
    [form] = summary(client, sender, officer_token)["forms"]
    assert form["procedure"] == "1.004194"
    chat(client, sender, "Họ tên chị là Hồ Thị Thanh Tâm, căn cước 040196008531")
    fields = summary(client, sender, officer_token)["forms"][-1]["fields"]
    assert (fields["ho_ten"], fields["so_dinh_danh"]) == ("Hồ Thị Thanh Tâm", "040196008531")
