"""Taking every value a message gives: labelled and typed values, label stripping, non-answers,
invalid values explained, corrections at any time, the trace names."""
from datetime import date

import pytest

from bot.forms.derive import trace_fields
from bot.forms.flow import Message, Outcome
from bot.forms.reading import read_message
from tests.forms.conftest import run_form, text_of

TODAY = date(2026, 12, 4)


def run(forms, code, first, *messages):
    return run_form(forms[code], first, *messages, today=TODAY)


def test_several_labelled_values_in_one_message_in_any_order(forms):
    found = read_message(forms["1.004194"], {}, None, "sđt 0912345678, tên Nguyễn Văn A, cccd 079185012345")
    assert {f.field.name: f.raw for f in found} == {
        "phone": "0912345678", "full_name": "Nguyễn Văn A", "id_number": "079185012345"}


def test_label_words_are_stripped_from_values(forms):
    engine, turn = run(forms, "1.004194", "", "ten minh la Bui Van Toan",
                       "chỗ trọ: phòng 12, số 5 ngõ 3 Láng Hạ nhé")
    assert turn.state["values"]["full_name"] == "Bui Van Toan"
    assert turn.state["values"]["temporary_address"] == "phòng 12, số 5 ngõ 3 Láng Hạ"


def test_unlabelled_typed_values_go_to_the_only_field_of_their_type(forms):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An 001085012345 0912345678")
    values = turn.state["values"]
    assert values["full_name"] == "Nguyễn Văn An" and values["id_number"] == "001085012345"
    assert values["phone"] == "0912 345 678"


def test_the_first_message_fills_fields_and_the_nearest_label_decides_whose_id(forms):
    engine, turn = run(forms, "1.001193", "giúp tôi    cho bé Nguyễn Gia Hân sinh 02/11/2026 ở bệnh viện Từ Dũ",
                       "mẹ Trần Thị Mai 079190012345, bố Nguyễn Văn Hùng 079088012345")
    values = turn.state["values"]
    assert values["child_name"] == "Nguyễn Gia Hân" and values["child_birth_date"] == "02/11/2026"
    assert values["birth_place"] == "bệnh viện Từ Dũ"
    assert values["mother_id"] == "079190012345" and values["father_id"] == "079088012345"


def test_a_single_mother_says_there_is_no_father(forms):
    engine, turn = run(forms, "1.001193", "", "bé Nguyễn Gia Hân, bé gái, sinh 02/11/2026 tại bệnh viện Từ Dũ",
                       "mẹ tên Trần Thị Mai cccd 079190012345", "mẹ đơn thân ạ", "0909123456")
    assert turn.state["stage"] == "summary"
    assert "father_id" not in turn.state["values"] and not turn.state["values"].get("father_name")


@pytest.mark.parametrize("text", ["Đúng rồi", "ok nộp đi", "Xác nhận", "nộp đi"])
def test_confirmations_are_never_stored_as_a_name(forms, text):
    engine, turn = run(forms, "1.004194", "", text)
    assert "full_name" not in turn.state["values"] and turn.state["current"] == "full_name"


@pytest.mark.parametrize("answer, words", [
    ("00108501234", "12 chữ số"), ("0010850123456", "12 chữ số"), ("999085012345", "mã tỉnh"),
    ("001985012345", "số thứ 4"),
])
def test_invalid_id_numbers_are_explained(forms, answer, words):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An", answer)
    assert words in text_of(turn) and turn.state["current"] == "id_number"


def test_a_phone_with_a_letter_o_is_asked_again_and_the_third_time_offers_an_officer(forms):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An", "001085012345", "09o2345678")
    assert "chữ số" in text_of(turn) and "phone" not in turn.state["values"]
    turn = engine.handle(turn.state, Message("09o2345678"))
    assert turn.outcome == Outcome.OFFER_OFFICER


@pytest.mark.parametrize("day, words", [("31/02/2027", "không có ngày"), ("01/12/2026", "sau hôm nay")])
def test_impossible_and_past_end_dates_are_refused(forms, day, words):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An, 001085012345, 0912345678",
                       "địa chỉ: phòng 12, số 5 ngõ 3 Láng Hạ, phường Láng", f"ở đến {day}")
    assert words in text_of(turn) and "stay_until" not in turn.state["values"]


def test_a_birth_date_in_the_future_is_refused(forms):
    engine, turn = run(forms, "1.001193", "", "bé Nguyễn Gia Hân", "sinh ngày 02/11/2027")
    assert "chưa tới" in text_of(turn)


def test_corrections_after_the_summary_replace_the_old_value_then_confirm(forms):
    engine, turn = run(forms, "1.001193", "", "bé Nguyễn Gia Hân, bé gái, sinh 02/11/2026 tại bệnh viện Từ Dũ",
                       "mẹ tên Trần Thị Mai cccd 079190012345", "không có bố", "0909123456")
    assert turn.state["stage"] == "summary"
    turn = engine.handle(turn.state, Message("tên bé là Nguyễn Gia Hà chứ không phải Hân"))
    turn = engine.handle(turn.state, Message("ngày sinh nhầm, đúng là 03/11/2026"))
    values = turn.state["values"]
    assert values["child_name"] == "Nguyễn Gia Hà" and values["child_birth_date"] == "03/11/2026"
    assert turn.state["stage"] == "summary"
    assert engine.handle(turn.state, Message("đúng rồi")).outcome == Outcome.SAVE


def test_the_agency_is_derived_never_asked_and_the_trace_uses_the_contract_names(forms):
    engine, turn = run(forms, "1.004194", "", "tên Nguyễn Văn An, cccd 001085012345, sđt 0912 345 678",
                       "địa chỉ trọ: phòng 12, số 5 ngõ 3 Láng Hạ, phường Láng, Hà Nội, ở đến 30/06/2027")
    assert turn.state["stage"] == "summary"
    assert turn.state["values"]["agency"] == "Công an phường Láng"
    fields = trace_fields(engine.form, turn.state["values"])
    assert fields["ho_ten"] == "Nguyễn Văn An" and fields["so_dien_thoai"] == "0912345678"
    assert fields["so_dinh_danh"] == "001085012345" and fields["tam_tru_den_ngay"] == "30/06/2027"


def test_loai_phieu_is_traced_as_the_contract_says(forms):
    engine, turn = run(forms, "3.000333", "xin   phiếu số 2 để du học")
    fields = trace_fields(engine.form, turn.state["values"])
    assert fields["loai_phieu"] == "số 2" and fields["muc_dich"] == "du học"


def test_commands_work_while_asking(forms):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An", "nhắc lại")
    assert turn.state["current"] == "id_number"
    turn = engine.handle(turn.state, Message("quay lại"))
    assert turn.state["current"] == "full_name"
    assert engine.handle(turn.state, Message("dừng")).outcome == Outcome.PAUSED
    assert engine.handle(turn.state, Message("gặp cán bộ")).outcome == Outcome.HANDOFF
    assert engine.handle(turn.state, Message("huỷ, không làm nữa")).outcome == Outcome.ABANDONED


@pytest.mark.parametrize("messages, expected", [
    (["tui tên Nguyễn Văn Tèo nè, sđt 0909 123 456, cccd 079 090 012 345",
      "o tro tai phong 5 so 10 hem 20 Le Van Sy, phuong 13, quan 3", "thuê 1 năm"],
     {"full_name": "Nguyễn Văn Tèo", "phone": "0909 123 456", "id_number": "079090012345",
      "temporary_address": "phong 5 so 10 hem 20 Le Van Sy, phuong 13, quan 3", "stay_until": "04/12/2027"}),
    (["Bác tên là Lê Văn Tám, năm nay 70 tuổi rồi cháu ạ", "căn cước của bác là 0 3 8 0 5 5 0 0 1 2 3 4",
      "điện thoại bác 0912.888.999", "bác ở nhờ nhà con gái ở số 7 ngõ 12 Trần Duy Hưng, phường Trung Hòa, Hà Nội",
      "ở đến hết năm sau"],
     {"full_name": "Lê Văn Tám", "id_number": "038055001234", "phone": "0912 888 999",
      "temporary_address": "số 7 ngõ 12 Trần Duy Hưng, phường Trung Hòa, Hà Nội", "stay_until": "31/12/2027"}),
    (["0912345678", "Nguyễn Thị Hồng", "079195001234", "phòng 3 nhà trọ Bình An, số 12 đường 3/2, phường 10, quận 10",
      "30/6/2027 ạ"],
     {"full_name": "Nguyễn Thị Hồng", "temporary_address": "phòng 3 nhà trọ Bình An, số 12 đường 3/2, phường 10, quận 10",
      "stay_until": "30/06/2027"}),
])
def test_realistic_styles_teencode_elderly_spaced_digits_and_values_out_of_order(forms, messages, expected):
    engine, turn = run(forms, "1.004194", "", *messages)
    assert turn.state["stage"] == "summary"
    assert {k: turn.state["values"][k] for k in expected} == expected


def test_the_name_given_before_typed_values_is_the_name(forms):
    engine, turn = run(forms, "3.000333", "", "Hoàng Minh Đức, sn 15/08/1995, cccd 001095008765, đt 0934567890",
                       "hktt: thôn Đông, xã Yên Phụ, huyện Yên Phong, Bắc Ninh", "phiếu số 2", "xin việc")
    values = turn.state["values"]
    assert values["full_name"] == "Hoàng Minh Đức" and values["purpose"] == "xin việc"
    assert turn.state["stage"] == "summary" and values["agency"].startswith("Công an")


def test_marriage_form_with_both_parties_in_two_messages(forms):
    engine, turn = run(forms, "1.000894", "", "chồng: Nguyễn Văn Nam sinh 12/03/1994 cccd 001094001234",
                       "vợ: Lê Thị Thu sinh 05/06/1997 cccd 001197005678", "sđt 0912345678")
    fields = trace_fields(engine.form, turn.state["values"])
    assert turn.state["stage"] == "summary"
    assert fields["ho_ten_vo"] == "Lê Thị Thu" and fields["so_dinh_danh_chong"] == "001094001234"
    assert fields["ngay_sinh_vo"] == "05/06/1997"


def test_a_father_said_to_be_none_is_traced_empty_with_his_id(forms):
    engine, turn = run(forms, "1.001193", "", "bé Nguyễn Gia Hân, bé gái, sinh 02/11/2026 tại bệnh viện Từ Dũ",
                       "mẹ tên Trần Thị Mai cccd 079190012345", "mẹ đơn thân ạ")
    fields = trace_fields(engine.form, turn.state["values"])
    assert fields["ho_ten_cha"] == "" and fields["so_dinh_danh_cha"] == ""
    assert "so_dien_thoai" not in fields  # not answered yet


def test_a_single_mother_saying_so_gives_no_name(forms):
    engine, turn = run(forms, "1.001193", "", "bé tên Lý Bảo Ngọc, con gái, sinh ngày 20/10/2026 tại Bệnh viện Phụ sản Hà Nội",
                       "mẹ là Lý Thị Thu, căn cước 001195004321", "em là mẹ đơn thân")
    assert turn.state["values"]["mother_name"] == "Lý Thị Thu" and turn.state["values"]["father_name"] == ""
    assert turn.state["current"] == "phone"


@pytest.mark.parametrize("words, expected", [
    ("hết năm sau", "31/12/2027"), ("hết tháng 6 năm sau", "30/06/2027"), ("6 tháng", "04/06/2027"),
    ("thuê 1 năm", "04/12/2027"),
])
def test_end_dates_in_words(forms, words, expected):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An, 001085012345, 0912345678",
                       "địa chỉ: phòng 12, số 5 ngõ 3 Láng Hạ, phường Láng", words)
    assert turn.state["values"]["stay_until"] == expected


def test_no_father_said_while_another_question_is_asked_and_anh_is_a_given_name(forms):
    engine, turn = run(forms, "1.001193", "", "k co bo", "bé tên Trần Bảo Anh")
    assert turn.state["values"]["father_name"] == "" and turn.state["values"]["child_name"] == "Trần Bảo Anh"


def test_the_same_question_is_never_asked_a_third_time(forms):
    engine, turn = run(forms, "1.004194", "", "đúng rồi")
    assert turn.outcome == Outcome.CONTINUE
    turn = engine.handle(turn.state, Message("ok"))
    assert turn.outcome == Outcome.OFFER_OFFICER and "Gặp cán bộ" in [b["title"] for r in turn.replies for b in r.buttons]


def test_a_dossier_code_mid_form_is_a_status_check_not_a_value(forms):
    engine, turn = run(forms, "1.004194", "", "Nguyễn Văn An", "001085012345")
    turn = engine.handle(turn.state, Message("cho tôi hỏi hồ sơ 000.00.15.H22-261105-0003 đến đâu rồi"))
    assert turn.outcome == Outcome.FORWARD and turn.forward_as == "check_status"
    assert "phone" not in turn.state["values"]


def _read(forms, code, text, current=None):
    form = forms[code]
    return {x.field.name: x.raw for x in read_message(form, {}, form.field(current) if current else None, text)}


def test_a_typed_date_beats_words_under_the_same_label(forms):
    found = _read(forms, "1.002755", "Má ở tới Tết năm 2028 lận, thôi con để tới ngày 31/1/2028 đi", "stay_until")
    assert found["stay_until"] == "31/1/2028"


def test_the_babys_sex_from_everyday_words(forms):
    assert _read(forms, "1.001193", "bé tên Trịnh Khả Hân, bé gái nha, sinh 08/10/2026", "child_name")["child_sex"] == "bé gái"
    assert "child_sex" in _read(forms, "1.001193", "em muốn đăng ký khai sinh cho thằng cu nhà em")
    assert "child_sex" not in _read(forms, "1.001193", "con gái ông sinh ngày 11/11/2026")  # the writer, not the baby


def test_the_procedures_own_name_is_no_label(forms):
    found = _read(forms, "1.001193", "em muốn đăng ký khai sinh cho thằng cu nhà em")
    assert "child_birth_date" not in found


def test_the_writers_own_name_answers_the_mothers_name_asked(forms):
    engine, turn = run(forms, "1.001193", "em muốn làm khai sinh cho con",
                       "Dạ bé gái, tên Lâm Ngọc Như Ý, sanh ngày 5/11/2026 ở Bệnh viện Sản Nhi Cà Mau",
                       "Em tên Lâm Thị Diễm, căn cước 096302004581",
                       "Dạ phần cha em để trống nha chị, hông khai cha")
    values = turn.state["values"]
    assert values["mother_name"] == "Lâm Thị Diễm" and values["father_name"] == ""


def test_a_mans_own_name_goes_to_the_fathers_side(forms):
    engine, turn = run(forms, "1.001193", "em muốn làm khai sinh cho con",
                       "bé trai tên Lâm Minh Khôi, sinh ngày 5/11/2026 ở Bệnh viện Sản Nhi Cà Mau",
                       "Anh tên Lâm Văn Hùng")
    values = turn.state["values"]
    assert values.get("father_name") == "Lâm Văn Hùng" and "mother_name" not in values


def test_marriage_reaches_the_summary_from_names_ids_and_phone(forms):
    engine, turn = run(forms, "1.000894", "dk ket hon tren nay dc ko",
                       "ten e Ly Thi Hoa, cccd 010302004918",
                       "ck e ten Giang A Sinh, cccd 010099003267", "sdt lien he 0385 147 629")
    values = turn.state["values"]
    assert (values["groom_name"], values["bride_name"]) == ("Giang A Sinh", "Ly Thi Hoa")  # "Sinh" is no label here
    assert turn.state["stage"] == "summary", text_of(turn)


def test_a_marriage_birth_date_given_is_still_age_checked(forms):
    engine, turn = run(forms, "1.000894", "đăng ký kết hôn",
                       "chồng tên Lưu Minh Trí, sinh ngày 01/01/2010, cccd 001210018374")
    assert "20 tuổi" in text_of(turn)
    assert "groom_birth_date" not in turn.state["values"]


def test_addresses_without_a_lead_word_and_what_ends_them(forms):
    found = _read(forms, "1.004194", "nhà trọ em ở 112/5 đường Lê Văn Khương, phường Thới An, TP.HCM", "phone")
    assert found["temporary_address"] == "112/5 đường Lê Văn Khương, phường Thới An, TP.HCM"
    found = _read(forms, "1.002755", "gia hạn giúp mình: 31/08/2027, 0705 224 690, Tô Minh Khang, 080099010456, "
                                     "88 Lý Thường Kiệt, phường Mỹ Tho, Đồng Tháp")
    assert found["temporary_address"] == "88 Lý Thường Kiệt, phường Mỹ Tho, Đồng Tháp"
    found = _read(forms, "1.004194", "ở số 3 ngõ 40 Tạ Quang Bửu, phường Bạch Mai, Hà Nội tới 15/7/2027")
    assert found["temporary_address"] == "số 3 ngõ 40 Tạ Quang Bửu, phường Bạch Mai, Hà Nội"
    found = _read(forms, "1.002755", "Chỗ ở: P.405 chung cư CT3 Văn Khê, phường Hà Đông, Hà Nội. Hạn mới đến 31/12/2027.")
    assert found["temporary_address"] == "P.405 chung cư CT3 Văn Khê, phường Hà Đông, Hà Nội"
    found = _read(forms, "1.002755", "Tui đang ở trọ 3/7 hẻm 51 đường Trần Hưng Đạo, phường Ninh Kiều, thành phố Cần Thơ, "
                                     "xin ở tới 31/5/2027 nhen")
    assert found["temporary_address"] == "3/7 hẻm 51 đường Trần Hưng Đạo, phường Ninh Kiều, thành phố Cần Thơ"


def test_a_story_gives_no_address_without_a_number_or_an_address_word(forms):
    assert "temporary_address" not in _read(
        forms, "1.004194", "Em vừa chuyển sang trọ ở Bắc Ninh để đi làm khu công nghiệp, nhờ bạn khai giúp em hồ sơ tạm trú.")


def test_an_unaccented_family_name_that_is_also_an_address_word(forms):
    found = _read(forms, "1.002755", "ten minh la ngo thanh huong", "full_name")
    assert found == {"full_name": "ngo thanh huong"}
    _, turn = run(forms, "1.002755", "gia hạn tạm trú", "Tô Minh Khang", "ok dung het roi")
    assert turn.state["stage"] != "paused"  # "dung" there is "đúng", not "dừng"


def test_birth_story_names_and_places(forms):
    found = _read(forms, "1.001193", "Vợ tui mới sanh con gái đầu lòng hôm 20/10/2026 ở Bệnh viện Từ Dũ, mừng quá trời, "
                                     "giờ tui muốn làm giấy khai sinh cho bé")
    assert "child_name" not in found and found["birth_place"] == "Bệnh viện Từ Dũ"
    assert "mother_name" not in _read(forms, "1.001193", "bố mẹ nó chừ bận quá nên bà nhờ cháu khai sinh giúp")
    found = _read(forms, "1.001193", "Bố nó là Lê Quang Hưng, căn cước 046092003517; mẹ nó là Nguyễn Thị Diệu Linh, "
                                     "căn cước 046195006284")
    assert (found["father_name"], found["father_id"]) == ("Lê Quang Hưng", "046092003517")
    assert (found["mother_name"], found["mother_id"]) == ("Nguyễn Thị Diệu Linh", "046195006284")
    assert _read(forms, "1.001193", "Má bé tên Võ Thị Kim Yến")["mother_name"] == "Võ Thị Kim Yến"


def test_ede_names_a_lone_sex_word_and_the_writers_own_daughter(forms):
    found = _read(forms, "1.001193", "Mẹ bé tên H'Linh Niê, căn cước 066197008452. Cha bé tên Y Kô Byă, căn cước 066095003187")
    assert (found["mother_name"], found["father_name"]) == ("H'Linh Niê", "Y Kô Byă")
    assert _read(forms, "1.001193", "Tên con: Mai Anh Thư, nữ, sinh 19/7/2026", "child_name")["child_sex"] == "nữ"
    assert "child_sex" in _read(forms, "1.001193", "Con gái tôi sinh ngày 02/11/2026 tại Bệnh viện Đa khoa tỉnh Phú Thọ")


def test_waiting_is_no_answer(forms):
    _, turn = run(forms, "1.001193", "khai sinh cho con", "Bé tên Y Nguyên Byă, con trai, sinh ngày 22/9/2026 ở Trạm y tế xã Ea Kao",
                  "Chờ chị chút, chị đi lấy căn cước của hai vợ chồng.")
    assert "chờ" in text_of(turn) and not turn.state["failures"]


def test_permanent_residence_wordings(forms):
    found = _read(forms, "1.004222", "Địa chỉ nhà con gái cô là 215 Nguyễn Văn Cừ, phường Tân An, Cần Thơ, chủ hộ là con gái cô, "
                                     "Lê Thị Ngọc Mai.")
    assert found["permanent_address"] == "215 Nguyễn Văn Cừ, phường Tân An, Cần Thơ"
    assert found["household_head_name"] == "Lê Thị Ngọc Mai"
    found = _read(forms, "1.004222", "Địa chỉ đăng ký thường trú: 9 Lê Lợi, phường Vĩnh Yên, tỉnh Phú Thọ")
    assert found["permanent_address"] == "9 Lê Lợi, phường Vĩnh Yên, tỉnh Phú Thọ"
    found = _read(forms, "3.000333", "thường trú 78 đường 3 Tháng 2, phường Ninh Kiều, Cần Thơ", "permanent_address")
    assert found["permanent_address"] == "78 đường 3 Tháng 2, phường Ninh Kiều, Cần Thơ"
    assert "permanent_address" not in _read(forms, "3.000333", "hông biết phiếu nào, chắc số 2 hả? làm giùm mình phiếu số 2 nha")


def test_a_name_among_words_and_numbers(forms):
    _, turn = run(forms, "3.000333", "làm phiếu lltp số 1 cho e Nguyễn Hoàng Nam 15/09/2000 079200015862 0901 538 267")
    assert turn.state["values"]["full_name"] == "Nguyễn Hoàng Nam"


def test_marriage_written_by_the_bride(forms):
    _, turn = run(forms, "1.000894", "e với ny định đăng kí kết hôn, nhờ mình khai giúp hồ sơ ạ",
                  "e: Đào Thị Minh Hằng 027199004625", "a ấy: Lưu Văn Tiến 024096003817", "sđt 0352 647 918",
                  "à tên a ấy là Lưu Văn Tiệp chứ ko phải Tiến, e gõ nhầm ạ")
    values = turn.state["values"]
    assert (values["bride_name"], values["bride_id"]) == ("Đào Thị Minh Hằng", "027199004625")
    assert (values["groom_name"], values["groom_id"]) == ("Lưu Văn Tiệp", "024096003817")
    _, turn = run(forms, "1.000894", "đăng ký kết hôn", "Em là Nguyễn Thị Bích Ngọc, căn cước 034197006138")
    assert turn.state["values"].get("bride_name") == "Nguyễn Thị Bích Ngọc" and "groom_name" not in turn.state["values"]


def test_an_unaccented_name_ending_in_a_stop_word(forms):
    assert _read(forms, "1.004222", "ten e: do hai dang, cccd 017201005349", "full_name")["full_name"] == "do hai dang"


def test_corrections_keep_only_the_value(forms):
    _, turn = run(forms, "3.000333", "e cần phiếu lltp số 2 để làm hồ sơ du học Úc, làm giúp e vs",
                  "tên: Đoàn Thị Minh Châu, ns 05/09/2004, cccd 048304011279",
                  "sdt 0898 240 613, thường trú: 45 Hàm Nghi, phường Thanh Khê, Đà Nẵng",
                  "à sửa lại mục đích giúp e: làm hồ sơ du học Canada, ko phải Úc")
    assert turn.state["values"]["purpose"] == "làm hồ sơ du học Canada"
    _, turn = run(forms, "1.001193", "Con gái tôi sinh ngày 02/11/2026 tại Bệnh viện Đa khoa tỉnh Phú Thọ, tên là Tạ Khánh Linh.",
                  "À sửa lại tên cháu là Tạ Khánh Ngọc nhé, vợ tôi vừa đổi ý.")
    assert turn.state["values"]["child_name"] == "Tạ Khánh Ngọc"


def test_a_purpose_without_a_label(forms):
    found = _read(forms, "3.000333", "Cho tui làm phiếu lý lịch tư pháp số 1 nha, tui cần bổ sung hồ sơ xin vô làm công ty may")
    assert found["purpose"] == "bổ sung hồ sơ xin vô làm công ty may"
    found = _read(forms, "3.000333", "phiếu số 2, mục đích là để xin thị thực thăm thân sang Úc cháu ạ")
    assert found["purpose"] == "xin thị thực thăm thân sang Úc"  # the person addressed is no part of it
    found = _read(forms, "1.004222", "Nhà bác ở tổ 5, khối phố Mỹ Thạch Trung, phường Tân Thạnh, Quảng Nam con à",
                  "permanent_address")
    assert found["permanent_address"] == "tổ 5, khối phố Mỹ Thạch Trung, phường Tân Thạnh, Quảng Nam"


def test_a_city_typed_without_diacritics_stays_in_the_address(forms):
    found = _read(forms, "1.004222", "can ho 1506 toa S2.03 Vinhomes Ocean Park, xa Gia Lam, ha noi", "permanent_address")
    assert found["permanent_address"] == "can ho 1506 toa S2.03 Vinhomes Ocean Park, xa Gia Lam, ha noi"
    found = _read(forms, "1.004222", "số 112 đường Lạch Tray, phường Gia Viên, thành phố Hải Phòng, cháu ghi cho bà",
                  "permanent_address")
    assert found["permanent_address"] == "số 112 đường Lạch Tray, phường Gia Viên, thành phố Hải Phòng"


def test_grandmothers_son_is_the_father_and_diem_chau_is_a_place(forms):
    found = _read(forms, "1.001193", "Bố nó là con trai bà, Lương Văn Hải, căn cước 034095003388", "father_name")
    assert (found.get("father_name"), found.get("father_id")) == ("Lương Văn Hải", "034095003388")
    assert "child_name" not in found
    found = _read(forms, "3.000333", "sdt 0397148265, thuong tru tai xom 3, xa dien chau, tinh nghe an", "phone")
    assert found["permanent_address"] == "xom 3, xa dien chau, tinh nghe an"
    _, turn = run(forms, "3.000333", "lý lịch tư pháp", "Hoang Van Nam", "dung het roi, nop di")
    assert turn.state["stage"] != "paused"


def test_de_as_a_verb_is_no_purpose_and_thi_in_an_accented_message_is_the_exam(forms):
    assert "purpose" not in _read(forms, "3.000333", "cccd e để trong ví, đợi e xíu e lấy đã nha", "id_number")
    assert "purpose" not in _read(forms, "3.000333", "để em hỏi lại mẹ đã", "id_number")
    assert _read(forms, "3.000333", "mình xin phiếu để đi du học Nhật")["purpose"] == "đi du học Nhật"
    assert _read(forms, "3.000333", "lấy phiếu số 1, mục đích thi tuyển công chức nhen")["purpose"] == "thi tuyển công chức"
