"""Which messages outside a flow open a form (bot/forms/intake.py), and the values the form keeps."""
from __future__ import annotations

import pytest

from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome
from bot.forms.intake import form_to_open
from knowledge.flows.forms import load_forms

STORY = ("Dạ chào cháu, bác lên Hà Nội ở với con trai để trông cháu nội. Công an phường bảo bác phải "
         "đăng ký tạm trú mà bác không biết làm trên mạng, cháu làm giúp bác với.")


@pytest.mark.parametrize(("text", "intent", "context", "recent", "expected"), [
    (STORY, "out_of_scope", None, [], "1.004194"),                       # a story ending "làm giúp bác"
    ("Tôi cần đăng ký tạm trú, làm luôn ở đây được không", "ask_online", None, [], "1.004194"),
    ("ad oi dk ket hon tren nay dc ko, e vs ny e muon dk truoc Tet", "ask_online", None, [], "1.000894"),
    ("Bác tên là Vũ Thị Hằng, căn cước 036159004721", "check_status", None, [STORY], "1.004194"),  # named earlier
    ("so dien thoai cua ong 0387 229 504", "check_status", "3.000333", [], "3.000333"),          # in context
    ("giúp tôi làm khai sinh cho bé Nguyễn Gia Hân sinh 02/11/2026", "start_submission", None, [], "1.001193"),
    # going back to the form in context with an address (not a personal detail on its own)
    ("Rồi em, quay lại điền tiếp nghe. Địa chỉ: số 12 kiệt 40 Lê Duẩn, phường Đông Hà, Quảng Trị", "inform",
     "1.004222", [], "1.004222"),
])
def test_messages_that_open_a_form(text, intent, context, recent, expected):
    assert form_to_open(text, intent, context, recent) == expected


@pytest.mark.parametrize(("text", "intent", "context"), [
    ("đăng ký tạm trú cần giấy tờ gì", "ask_documents", None),          # a question about papers
    ("khai sinh làm online được không", "ask_online", None),            # asks whether, not "do it"
    ("hồ sơ 000.00.15.H22-240918-0003 đến đâu rồi", "check_status", "1.004194"),
    ("Hộ khẩu thường trú của bác ở xóm 4, xã Hoằng Hóa", "ask_procedure", "3.000333"),  # no personal details
    ("0912345678", "check_status", None),                               # details, but for no form
    ("cho tôi gặp cán bộ, số tôi 0912345678", "request_human", "1.004194"),
])
def test_messages_that_open_no_form(text, intent, context):
    assert form_to_open(text, intent, context, []) is None


def _fill(code: str, messages: list[str]) -> dict:
    engine = FormEngine(load_forms()[code])
    state = engine.start(None, messages[0]).state
    for text in messages[1:]:
        state = engine.handle(state, Message(text)).state
    return state


def test_label_tails_and_pronouns_are_not_kept_in_values():
    values = _fill("1.004194", ["đăng ký tạm trú", "địa chỉ thuê: 112 Nguyễn Văn Linh, phường Hải Châu, Đà Nẵng"])["values"]
    assert values["temporary_address"] == "112 Nguyễn Văn Linh, phường Hải Châu, Đà Nẵng"
    values = _fill("3.000333", ["lý lịch tư pháp", "Thường trú tui ở ấp Tân Thuận, xã Chợ Gạo, Đồng Tháp nghen"])["values"]
    assert values["permanent_address"] == "ấp Tân Thuận, xã Chợ Gạo, Đồng Tháp"
    assert _fill("1.004222", ["thường trú", "tên e Nguyễn Thị Thu Sương"])["values"]["full_name"] == "Nguyễn Thị Thu Sương"


def test_free_text_keeps_its_verb_and_drops_a_trailing_question():
    values = _fill("3.000333", ["Cháu ơi, o muốn làm phiếu lý lịch tư pháp để xin vào làm tạp vụ ở trường học, "
                                "mần trên ni được không cháu?"])["values"]
    assert values["purpose"] == "xin vào làm tạp vụ ở trường học"
    values = _fill("3.000333", ["ong can phieu ly lich tu phap so 1 de lam ho so xin giay phep kinh doanh cam do"])["values"]
    assert values["purpose"] == "lam ho so xin giay phep kinh doanh cam do"


def test_words_that_are_no_name_are_not_taken_as_one():
    values = _fill("3.000333", ["lý lịch tư pháp", "Cơ quan họ bảo lấy phiếu số 1 cháu ạ, để xin việc làm bảo vệ"])["values"]
    assert "full_name" not in values and values["purpose"] == "xin việc làm bảo vệ"


@pytest.mark.parametrize("text", ["Rứa là được rồi, cháu nộp giúp o", "dung roi chau, nop cho ong nhe",
                                  "Ừa đúng rồi, nộp đi em"])
def test_a_confirmation_while_a_field_is_missing_is_never_stored(text):
    engine = FormEngine(load_forms()["3.000333"])
    state = engine.start(None, "lý lịch tư pháp").state
    before = dict(state["values"])
    turn = engine.handle(state, Message(text))
    assert turn.state["values"] == before and turn.state["stage"] == "asking"


def test_a_confirmation_with_other_words_confirms_the_summary():
    engine = FormEngine(load_forms()["1.004222"])
    state = engine.start(None, "đăng ký thường trú").state
    for text in ["tên Nguyễn Văn An, cccd 001090012345, sđt 0912345678",
                 "địa chỉ thường trú: số 5 ngõ 34 Láng Hạ, phường Láng, Hà Nội"]:
        state = engine.handle(state, Message(text)).state
    assert state["stage"] == "summary"
    assert engine.handle(state, Message("Rứa là được rồi, cháu nộp giúp o")).outcome == Outcome.SAVE


@pytest.mark.parametrize(("text", "expected"), [("Nguyễn Thị Kim Oanh", "1.002755"), ("Hà Nội", None),
                                                ("Trần Phú", None), ("Cơ Quan Nhà Nước", None)])
def test_a_bare_full_name_after_talking_about_a_procedure_starts_its_form(text, expected):
    assert form_to_open(text, "inform", "1.002755", []) == expected
    if expected:
        engine = FormEngine(load_forms()[expected])
        assert engine.start(None, text, bare_name=True).state["values"]["full_name"] == text


def test_a_woman_giving_her_name_first_fills_the_brides_side():
    engine = FormEngine(load_forms()["1.000894"])
    state = engine.start(None, "đăng ký kết hôn").state
    for text in ["ten e Ly Thi Hoa, cccd 010302004918", "ck e ten Sơn Văn Phol, cccd 084201006284"]:
        state = engine.handle(state, Message(text)).state
    values = state["values"]
    assert (values["bride_name"], values["bride_id"]) == ("Ly Thi Hoa", "010302004918")
    assert (values["groom_name"], values["groom_id"]) == ("Sơn Văn Phol", "084201006284")


def test_values_given_before_the_form_opened_are_kept():
    from bot.forms.engine import FormEngine
    from bot.forms.intake import values_before
    from knowledge.flows.forms import load_forms

    forms = load_forms()
    recent = ["khai sinh cần gì", "lý lịch tư pháp", "phiếu số 2", "mất bao lâu vậy?", "để đi xuất khẩu lao động Nhật Bản"]
    before = values_before(recent, "3.000333", forms)
    # the naming message and what follows it, not the question, nothing before the name
    assert before == ("lý lịch tư pháp", "phiếu số 2", "để đi xuất khẩu lao động Nhật Bản")
    state = FormEngine(forms["3.000333"]).start(None, "Lê Quang Vinh", bare_name=True, earlier=before).state
    assert state["values"]["full_name"] == "Lê Quang Vinh"
    assert state["values"]["purpose"] == "đi xuất khẩu lao động Nhật Bản" and "2" in state["values"]["certificate_type"]
    assert values_before(["phiếu số 2"], "3.000333", forms) == ()  # no form named: nothing taken


def test_going_back_to_the_form_anywhere_in_a_message():
    from bot.forms.intake import says_go_on

    assert says_go_on("rồi, điền tiếp nhen. số điện thoại tui 0903418275")
    assert not says_go_on("số điện thoại tui 0903418275")


def test_a_paused_form_resumed_with_a_bare_name_takes_it():
    from bot.forms.engine import FormEngine
    from bot.forms.flow import Message
    from bot.forms.resume import resumed_with_values
    from knowledge.flows.forms import load_forms

    engine = FormEngine(load_forms()["1.000894"])
    turn = engine.start(None, "đăng ký kết hôn")
    for text in ("Lương Thế Hiển", "001093017452", "dừng"):
        turn = engine.handle(turn.state, Message(text))
    resumed = resumed_with_values(engine, turn.state, "Đào Phương Linh")
    assert resumed.state["values"]["bride_name"] == "Đào Phương Linh"
