"""Messages seen in blind-written dialogues (dev5): a question mid-form that names a form word, a
number taken back in the same message, a pause for another day, names written without
diacritics, the marriage sides in family words, the writer who is not the baby."""
from datetime import date

from bot.forms.flow import Message, Outcome
from bot.forms.reading import read_message
from bot.forms.resume import paused_form_meant
from tests.forms.conftest import run_form, text_of

TODAY = date(2026, 12, 4)
KHAI_SINH, TAM_TRU, GIA_HAN, THUONG_TRU, LLTP, KET_HON = "1.001193", "1.004194", "1.002755", "1.004222", "3.000333", "1.000894"


def test_a_question_about_the_procedure_mid_form_is_answered_not_refused(forms):
    engine, turn = run_form(forms[KHAI_SINH], "dang ky khai sinh cho be trai", "ten be: Kieu Duc Anh", today=TODAY)
    asked = engine.handle(turn.state, Message("bao lau thi co giay khai sinh vay ban?", "ask_processing_time", 0.98))
    assert asked.outcome == Outcome.FORWARD
    low = engine.handle(turn.state, Message("Mà hai đứa có phải có mặt hông con?", "ask_procedure", 0.43))
    assert low.outcome == Outcome.FORWARD
    vague = engine.handle(turn.state, Message("Mà hai đứa có phải có mặt hông con?", "nlu_fallback", 0.2))
    assert vague.outcome != Outcome.FORWARD and vague.state["current"] == turn.state["current"]  # asked again


def test_names_without_diacritics_keep_a_last_word_that_folds_to_a_particle(forms):
    engine, turn = run_form(forms[KHAI_SINH], "khai sinh cho be", "ten be: Kieu Duc Anh",
                            "me: Nguyen Thu Ha, cccd 025301002934; bo: Kieu Van Dung, cccd 025098010442", today=TODAY)
    values = turn.state["values"]
    assert (values["mother_name"], values["father_name"]) == ("Nguyen Thu Ha", "Kieu Van Dung")


def test_a_number_taken_back_in_the_same_message_keeps_the_second(forms):
    engine, turn = run_form(forms[THUONG_TRU], "đăng ký thường trú", "Cô tên Phùng Thị Nga, căn cước 034163005528",
                            "Số điện thoại cô 0963 114 872, à nhầm, 0963 114 827", today=TODAY)
    assert turn.state["values"]["phone"] == "0963 114 827"


def test_a_pause_for_another_day_stores_nothing(forms):
    engine, turn = run_form(forms[THUONG_TRU], "đăng ký thường trú", "Cô tên Phùng Thị Nga, căn cước 034163005528",
                            "Địa chỉ nhà con gái cô thì cô không nhớ số nhà, thôi để mai cô hỏi nó rồi làm tiếp nhé",
                            today=TODAY)
    assert turn.outcome == Outcome.PAUSED
    assert set(turn.state["values"]) == {"full_name", "id_number"}


def test_marriage_sides_in_family_words(forms):
    _, turn = run_form(forms[KET_HON], "cô muốn điền tờ khai đăng ký kết hôn cho con",
                       "Thằng con cô tên Trần Quốc Bảo, căn cước 087093004519. Con dâu tương lai tên Nguyễn Thị Kim Ngân, "
                       "căn cước 087196001184", today=TODAY)
    assert turn.state["values"] == {"groom_name": "Trần Quốc Bảo", "groom_id": "087093004519",
                                    "bride_name": "Nguyễn Thị Kim Ngân", "bride_id": "087196001184"}
    _, turn = run_form(forms[KET_HON],
                       "Dạ chào em, chị với ảnh tính đăng ký kết hôn. Ảnh tên Đỗ Thành Lộc, còn chị là Huỳnh Ngọc Trâm. "
                       "Ảnh ở Cần Thơ, em điền tờ khai giúp chị nghen.", "Căn cước ảnh 092092008844, còn của chị 086195003371",
                       today=TODAY)
    assert turn.state["values"] == {"groom_name": "Đỗ Thành Lộc", "groom_id": "092092008844",
                                    "bride_name": "Huỳnh Ngọc Trâm", "bride_id": "086195003371"}


def test_the_writer_introducing_himself_is_not_the_baby(forms):
    _, turn = run_form(forms[KHAI_SINH], "Alo, tui là Châu Văn Tâm, sđt tui 0772 318 604, tui muốn làm giấy khai sanh cho thằng con",
                       "Nó tên Châu Gia Huy, sanh ngày 3/11/2026 ở Bệnh viện Sản Nhi Sóc Trăng",
                       "Ba nó là tui, Châu Văn Tâm, căn cước 094090003316. Má nó Lý Thị Sa Rết, căn cước 094195002248",
                       today=TODAY)
    values = turn.state["values"]
    assert (values["child_name"], values["mother_name"], values["father_name"]) == ("Châu Gia Huy", "Lý Thị Sa Rết", "Châu Văn Tâm")
    _, turn = run_form(forms[KHAI_SINH], "Bà muốn làm giấy khai sinh cho cháu nội",
                       "Tên cháu bố mẹ nó đặt là Đinh Gia Bảo. Mẹ nó là Bùi Thị Hạnh", today=TODAY)
    assert turn.state["values"]["child_name"] == "Đinh Gia Bảo"


def test_the_mothers_numbers_do_not_change_the_babys_sex(forms):
    _, turn = run_form(forms[KHAI_SINH], "bà làm khai sinh cho cháu",
                       "Thằng cháu trai tui tên Võ Hoàng Phúc, sanh ngày 3 tháng 11 năm 2026 ở Bệnh viện Đa khoa tỉnh Vĩnh Long.",
                       "Má nó là Trần Thị Kim Thoa, còn ba nó là Võ Văn Hậu.",
                       "Đây nè, căn cước con gái tui 086197004410, của thằng rể 086094012253", today=TODAY)
    values = turn.state["values"]
    assert (values["child_sex"], values["mother_id"], values["father_id"]) == ("Nam", "086197004410", "086094012253")


def test_extension_dates_and_addresses(forms):
    _, turn = run_form(forms[GIA_HAN], "Tôi cần gia hạn tạm trú, tạm trú cũ hết hạn 15/12/2026, muốn gia hạn đến 15/06/2028.",
                       today=TODAY)
    assert turn.state["values"]["stay_until"] == "15/06/2028"
    _, turn = run_form(forms[GIA_HAN], "cần gia hạn tạm trú", "Căn cước 083196005207, điện thoại 0814 660 953",
                       "Địa chỉ tạm trú hiện tại là 5/2 khu phố Bình Đức, phường Lái Thiêu, TP Hồ Chí Minh, muốn gia hạn thêm "
                       "1 năm tới 10/12/2027", today=TODAY)
    values = turn.state["values"]
    assert values["temporary_address"] == "5/2 khu phố Bình Đức, phường Lái Thiêu, TP Hồ Chí Minh"
    assert values["stay_until"] == "10/12/2027"


def test_a_house_number_before_a_lane_and_a_city_that_is_no_name(forms):
    form = forms[TAM_TRU]
    text = "Nhà đang thuê: 9 ngách 24/7 phố Định Công, phường Định Công, thành phố Hà Nội"
    found = {x.field.name: x.raw for x in read_message(form, {}, form.field("temporary_address"), text)}
    assert found == {"temporary_address": "9 ngách 24/7 phố Định Công, phường Định Công, thành phố Hà Nội"}
    _, turn = run_form(form, "đăng ký tạm trú", text, today=TODAY)
    assert "full_name" not in turn.state["values"]


def test_going_on_with_a_paused_form_whose_label_names_another_form(forms):
    drafts = {LLTP: {"values": {"full_name": "Ngô Thanh Tùng"}}}
    text = "Rồi làm tiếp nè. Thường trú: 39 khu phố 4, phường Long Bình, tỉnh Đồng Nai. Sđt 0833 617 092"
    match = lambda t: THUONG_TRU if "thường trú" in t.lower() else None  # noqa: E731
    assert paused_form_meant(text, forms, drafts, match, THUONG_TRU) == LLTP


def test_waiting_while_a_filled_purpose_word_is_said_and_an_answer_with_its_own_anchor(forms):
    engine, turn = run_form(forms[LLTP], "Tui cần xin phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ thi công chức",
                            "Tên tui Phan Văn Hiếu, sinh 09/12/1991",
                            "Căn cước à? Chờ tui chút, để tui lấy cái căn cước trong bóp ra đã", today=TODAY)
    assert turn.state["values"]["purpose"] == "bổ sung hồ sơ thi công chức" and "chờ" in text_of(turn)
    _, turn = run_form(forms[LLTP], "làm lý lịch tư pháp", "Châu Văn Sang", "15/08/1988", "089088013560", "0949 231 675",
                       "khóm 3, phường Long Xuyên, tỉnh An Giang", "số 2", "đi định cư ở Canada", today=TODAY)
    assert turn.state["values"]["purpose"] == "đi định cư ở Canada"
