"""The copy of a civil-status extract / birth certificate form (2.000635): reached from the citizen's
words, only what is missing asked, the requester's own record not asked twice, the trace names."""
from __future__ import annotations

from datetime import date

import pytest

from bot.forms.derive import trace_fields
from bot.forms.intake import form_to_open
from tests.forms.conftest import run_form, text_of, titles

TODAY = date(2026, 12, 4)
CODE = "2.000635"


def run(forms, first, *messages):
    return run_form(forms[CODE], first, *messages, today=TODAY)


@pytest.mark.parametrize(("text", "intent", "context", "expected"), [
    ("tôi muốn xin bản sao giấy khai sinh", "ask_procedure", None, CODE),        # a wish, not a question
    ("làm giúp tôi bản sao trích lục kết hôn", "start_submission", None, CODE),
    ("xin bản sao giấy khai sinh cần giấy tờ gì", "ask_documents", None, None),   # a question about papers
    ("tôi tên Trần Thị Mai, cccd 001190012345", "inform", CODE, CODE),           # details, procedure in context
    ("làm giúp tôi khai sinh cho bé", "start_submission", None, "1.001193"),      # registering a birth is another form
])
def test_which_messages_open_the_copy_form(text, intent, context, expected):
    assert form_to_open(text, intent, context, []) == expected


def test_a_copy_for_a_child_from_the_opening_message_to_the_summary(forms):
    engine, turn = run(forms, "xin trích lục khai sinh bản sao cho con")
    values = turn.state["values"]
    assert values["record_type"] == "Giấy khai sinh" and values["relation"] == "Cha, mẹ"
    assert "người yêu cầu" in text_of(turn)  # the requester is asked first
    engine, turn = run(forms, "xin trích lục khai sinh bản sao cho con", "Trần Thị Mai", "001190012345",
                       "0912345678", "Nguyễn Minh Anh", "05/03/2015", "UBND phường Láng Hạ, quận Đống Đa, Hà Nội")
    assert turn.state["stage"] == "summary", text_of(turn)
    fields = trace_fields(engine.form, turn.state["values"])
    assert fields == {
        "ho_ten_nguoi_yeu_cau": "Trần Thị Mai", "so_dinh_danh_nguoi_yeu_cau": "001190012345",
        "so_dien_thoai": "0912345678", "loai_giay_to": "Giấy khai sinh", "quan_he_voi_nguoi_duoc_cap": "Cha, mẹ",
        "ho_ten_nguoi_duoc_cap": "Nguyễn Minh Anh", "ngay_sinh_nguoi_duoc_cap": "05/03/2015",
        "noi_dang_ky": "UBND phường Láng Hạ, quận Đống Đa, Hà Nội", "so_ban_sao": "1",
        "kinh_gui": "Cơ quan quản lý Cơ sở dữ liệu hộ tịch điện tử"}


def test_the_child_and_the_parent_in_one_message_go_to_their_own_fields(forms):
    _, turn = run(forms, "làm giúp tôi bản sao giấy khai sinh cho con tôi tên Nguyễn Minh Anh sinh 05/03/2015, "
                         "còn tôi tên Trần Thị Mai cccd 001190012345")
    values = turn.state["values"]
    assert values["subject_name"] == "Nguyễn Minh Anh" and values["subject_birth_date"] == "05/03/2015"
    assert values["requester_name"] == "Trần Thị Mai" and values["requester_id"] == "001190012345"
    assert "điện thoại" in text_of(turn)  # the next thing missing


def test_the_requesters_own_record_does_not_ask_the_name_again(forms):
    engine, turn = run(forms, "tôi muốn xin bản sao giấy khai sinh của tôi",
                       "tôi tên Lê Văn Hùng, cccd 001085012345, sđt 0987654321",
                       "sinh ngày 12/08/1985, đăng ký tại UBND xã Vũ Thư, Thái Bình")
    assert turn.state["stage"] == "summary", text_of(turn)
    values = turn.state["values"]
    assert values["relation"] == "Bản thân" and "subject_name" not in values
    assert "Quan hệ với người được cấp bản sao: Bản thân" in text_of(turn)


def test_the_record_type_and_relation_are_asked_with_buttons_when_not_said(forms):
    _, turn = run(forms, "xin trích lục hộ tịch", "Nguyễn Văn An", "001085012345", "0912345678")
    assert "bản sao giấy gì" in text_of(turn)
    assert {"Giấy khai sinh", "Trích lục kết hôn", "Trích lục khai tử"} <= set(titles(turn))
    _, turn = run(forms, "xin trích lục hộ tịch", "Nguyễn Văn An", "001085012345", "0912345678", "giấy hôn thú")
    assert turn.state["values"]["record_type"] == "Trích lục kết hôn"
    assert titles(turn)[:6] == ["Bản thân", "Cha, mẹ", "Con", "Vợ, chồng", "Ông, bà", "Anh, chị, em ruột"]
    _, turn = run(forms, "xin trích lục hộ tịch", "Nguyễn Văn An", "001085012345", "0912345678", "giấy hôn thú",
                  "Vợ, chồng")
    assert turn.state["values"]["relation"] == "Vợ, chồng" and "người có tên trên giấy" in text_of(turn)


def test_a_birth_date_in_the_future_is_refused_and_the_number_of_copies_can_be_changed(forms):
    _, turn = run(forms, "xin bản sao giấy khai sinh cho con", "Trần Thị Mai", "001190012345", "0912345678",
                  "Nguyễn Minh Anh", "05/03/2030")
    assert "subject_birth_date" not in turn.state["values"] and "sinh ngày" in text_of(turn)
    _, turn = run(forms, "xin bản sao giấy khai sinh cho con", "Trần Thị Mai", "001190012345", "0912345678",
                  "Nguyễn Minh Anh", "05/03/2015", "Ủy ban nhân dân phường Láng, Hà Nội", "sửa số bản sao thành 3")
    assert turn.state["stage"] == "summary" and turn.state["values"]["copies"] == "3"
    assert turn.state["values"]["registration_place"] == "Ủy ban nhân dân phường Láng, Hà Nội"


@pytest.mark.parametrize(("opening", "record_type"), [
    ("tôi muốn xin bản sao giấy khai sinh", "Giấy khai sinh"),
    ("xin ban sao giay khai sinh", "Giấy khai sinh"),
    ("mất giấy đăng ký kết hôn rồi, xin bản sao trích lục kết hôn", "Trích lục kết hôn"),
    ("cần bản sao trích lục khai tử để làm thủ tục thừa kế", "Trích lục khai tử"),
])
def test_the_paper_named_in_the_opening_message_survives_the_form_name_being_taken_out(forms, opening, record_type):
    from bot.actions.form_storage import _without_aliases
    from bot.forms.choose import match_form

    assert match_form(opening, forms) == CODE
    _, turn = run(forms, _without_aliases(opening, forms[CODE]))  # what the action gives the engine
    assert turn.state["values"].get("record_type") == record_type
