"""Values sent in pieces and taken back in the 'không phải X mà là Y' shape (dev8 blind set):
a number split over two messages, the rest of an address sent after it, a label shared with a
person cue ("bố cháu tên …", "căn cước của mẹ bé là …")."""
from datetime import date

from bot.forms.derive import complete
from bot.forms.restate import by_reversed_phrase
from tests.forms.conftest import run_form, text_of

TODAY = date(2026, 12, 4)
TAM_TRU, GIA_HAN, THUONG_TRU, KHAI_SINH, LLTP = "1.004194", "1.002755", "1.004222", "1.001193", "3.000333"


def test_a_number_sent_in_two_messages_is_joined(forms):
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "Họ tên Lê Văn Hải, số định danh 001090012345",
                       "sđt 0912 345", "678 nữa, gửi thiếu mấy số cuối", today=TODAY)
    assert turn.state["values"]["phone"].replace(" ", "") == "0912345678"
    _, turn = run_form(forms[KHAI_SINH], "làm khai sinh cho bé", "Bé tên Lê Minh An, bé trai, sinh 02/11/2026 tại Bệnh viện Từ Dũ",
                       "Mẹ bé Trần Thị Hoa, căn cước 079190001234", "Bố bé Lê Văn Hùng, căn cước 079088",
                       "005678, lúc nãy thiếu", today=TODAY)
    assert turn.state["values"]["father_id"] == "079088005678"


def test_a_full_number_after_a_short_one_is_taken_alone(forms):
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "Họ tên Lê Văn Hải, số định danh 001090012345",
                       "sđt 0912 345", "0987 654 321", today=TODAY)
    assert turn.state["values"]["phone"].replace(" ", "") == "0987654321"


def test_the_rest_of_an_address_sent_after_it_completes_it(forms):
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú", "Tên Phan Văn Bình, căn cước 034090010382", "sđt 0394 827 516",
                       "Địa chỉ tạm trú: số 5 ngõ 12 phố Xã Đàn,", "phường Kim Liên, Hà Nội. Xin lỗi gửi thiếu", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "số 5 ngõ 12 phố Xã Đàn, phường Kim Liên, Hà Nội"
    assert "Ngày" not in text_of(turn).split("\n")[0]  # the date question is asked next, no date error


def test_a_street_named_like_a_commune_is_not_the_agency(forms):
    values = {"temporary_address": "số 5 ngõ 12 phố Xã Đàn, phường Kim Liên, Hà Nội"}
    complete(forms[GIA_HAN], values, [])
    assert values.get("agency") == "Công an phường Kim Liên"


def test_khong_phai_x_ma_la_y_replaces_x_wherever_it_was_given(forms):
    _, turn = run_form(forms[LLTP], "cấp phiếu lý lịch tư pháp số 2", "Họ và tên: Trần Văn Nam; Ngày sinh: 05/12/1991",
                       "Mục đích: xin việc", "À không phải xin việc mà là đi du học Úc", today=TODAY)
    assert turn.state["values"]["purpose"] == "đi du học Úc"
    _, turn = run_form(forms[THUONG_TRU], "đăng ký thường trú", "Họ tên Đoàn Thị Thanh Thủy, căn cước 044189005682",
                       "Tên chị không phải Đoàn Thị Thanh Thủy mà là Đoàn Thị Thanh Thúy nghe em", today=TODAY)
    assert turn.state["values"]["full_name"] == "Đoàn Thị Thanh Thúy"
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú", "Tên Huỳnh Văn Phát, số căn cước 092099007314", "Gia hạn tới 31/03/2027",
                       "À không phải 31/03/2027 mà là 31/03/2028 nha", today=TODAY)
    assert turn.state["values"]["stay_until"] == "31/03/2028"
    assert by_reversed_phrase({"name": "Lê Văn A"}, "tôi không phải chủ hộ mà là con") is None


def test_a_label_sharing_a_word_with_a_person_cue_belongs_to_that_person(forms):
    _, turn = run_form(forms[KHAI_SINH], "làm khai sinh cho cháu", "Cháu bà tên là Vũ Khánh Linh, là con gái",
                       "Mẹ cháu tên Đoàn Thị Mai, căn cước 036199003417",
                       "Bố cháu tên Vũ Văn Hiếu, căn cước 036097011258", today=TODAY)
    values = turn.state["values"]
    assert (values["child_name"], values["father_name"], values["father_id"]) == ("Vũ Khánh Linh", "Vũ Văn Hiếu", "036097011258")
    _, turn = run_form(forms[KHAI_SINH], "làm khai sinh cho con gái", "Mẹ bé: Huỳnh Thị Kim Yến, căn cước 052197004156",
                       "Sửa lại căn cước của mẹ bé là 052197004165, em gõ lộn", today=TODAY)
    assert turn.state["values"]["mother_id"] == "052197004165" and "father_id" not in turn.state["values"]


def test_a_grandparents_granddaughter_is_the_baby(forms):
    _, turn = run_form(forms[KHAI_SINH], "ông làm khai sinh cho cháu",
                       "Cháu gái ông tên Võ Thị Bảo Ngọc, sinh ngày 12 tháng 10 năm 2026, sinh ở Bệnh viện Trung ương Huế.",
                       today=TODAY)
    assert (turn.state["values"]["child_name"], turn.state["values"]["child_sex"]) == ("Võ Thị Bảo Ngọc", "Nữ")


def test_an_address_keeps_its_lodging_words_and_drops_the_person_spoken_to(forms):
    _, turn = run_form(forms[TAM_TRU], "tui muốn đăng ký tạm trú", "Thạch Sô Phal", "084098012765", "0375 124 869",
                       "tui ở trọ dãy trọ bà Tư, ấp Bình Phước, xã Nhơn Trạch, tỉnh Đồng Nai", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "dãy trọ bà Tư, ấp Bình Phước, xã Nhơn Trạch, tỉnh Đồng Nai"
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú", "Bác tên Lê Thị Thoa, căn cước 038168007452",
                       "Bác vẫn ở chỗ cũ, số 9 đường Bạch Đằng, phường Bình Thạnh, Thành phố Hồ Chí Minh cháu ạ", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "số 9 đường Bạch Đằng, phường Bình Thạnh, Thành phố Hồ Chí Minh"


def test_resuming_with_values_after_a_put_off_and_khmer_family_names(forms):
    from bot.forms.engine import FormEngine
    from bot.forms.flow import Message
    from bot.forms.resume import resumed_with_values

    engine = FormEngine(forms[KHAI_SINH], today=TODAY)
    _, turn = run_form(forms[KHAI_SINH], "làm giấy khai sinh cho thằng nhỏ nhà anh", "Chau Thanh Tâm", "con trai, sinh 9/11/2026",
                       today=TODAY)
    turn = resumed_with_values(engine, dict(turn.state, status="paused"),
                               "ừ để sau coi, làm tiếp khai sinh nhen. Nó sinh ở Trạm Y tế xã Tri Tôn")
    assert turn.state["values"]["birth_place"] == "Trạm Y tế xã Tri Tôn"
    turn = engine.handle(turn.state, Message("Mẹ nó Néang Sóc Thi, căn cước 089199008415; anh là cha, Chau Ri Da, căn cước 089096010237"))
    assert (turn.state["values"]["mother_name"], turn.state["values"]["father_name"]) == ("Néang Sóc Thi", "Chau Ri Da")
