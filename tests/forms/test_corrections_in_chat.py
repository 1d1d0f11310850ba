"""Corrections and values as people type them in a chat app (dev6 blind set): "đổi sđt giúp e"
with no number, a number after "thôi"/"nhầm", a swapped part of a value, "giống ở trên", the
writer's own side of a marriage, dates in words, ALL CAPS."""
from datetime import date

from bot.forms.flow import Outcome
from tests.forms.conftest import run_form, say, text_of

TODAY = date(2026, 12, 4)
TAM_TRU, GIA_HAN, THUONG_TRU, KHAI_SINH, LLTP, KET_HON = "1.004194", "1.002755", "1.004222", "1.001193", "3.000333", "1.000894"


def test_asking_to_change_a_field_without_the_new_value_asks_for_it(forms):
    engine, turn = run_form(forms[THUONG_TRU], "đk thường trú", "tên mik: Phùng Thị Thanh Tâm", "026195004782",
                            "sdt 0834 662 195", "đc thường trú: số 3, tổ dân phố Đồng Tâm, phường Vĩnh Yên, tỉnh Phú Thọ",
                            today=TODAY)
    assert turn.state["stage"] == "summary"
    asked = say(engine, turn.state, "đổi sđt giúp mik vs ad, số kia của ck")
    assert "chưa sửa được" not in text_of(asked) and "điện thoại" in text_of(asked)
    done = say(engine, asked.state, "số mik là 0834 662 159")
    assert done.state["values"]["phone"] == "0834 662 159"


def test_a_valid_number_after_thoi_or_nham_is_the_answer(forms):
    _, turn = run_form(forms[KET_HON], "đăng ký kết hôn", "chồng là mình, tên Phạm Tuấn Anh", "căn cước mình 0220940056712",
                       "nhầm, 022094005671", today=TODAY)
    assert turn.state["values"]["groom_id"] == "022094005671"
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "tên tui Huỳnh Thanh Tâm", "thôi được, 092089006137", today=TODAY)
    assert turn.outcome != Outcome.PAUSED and turn.state["values"]["id_number"] == "092089006137"


def test_a_day_in_words_is_that_day_not_the_end_of_the_month(forms):
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "tên Vũ Đình Thọ, cccd 036055004218, sdt 0983 260 519",
                       "Nhà con gái bác ở số 18 ngách 42/15 phố Thịnh Quang, phường Đống Đa, Hà Nội",
                       "Bác ở đến ngày 5 tháng 3 năm 2028 thì về", today=TODAY)
    assert turn.state["values"]["stay_until"] == "05/03/2028"


def test_a_part_of_a_value_swapped_with_chu_khong_phai(forms):
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú", "chị tên Đặng Thị Thu Sương, sdt 0828 441 306, cc 080186012574",
                       "chỗ trọ: ấp Long Bình, xã Long Hậu, huyện Cần Giuộc, Long An", "gia hạn tới 30/4/2028",
                       "ủa mà địa chỉ ghi lộn rồi em, ấp Long Thới chớ hổng phải ấp Long Bình", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "ấp Long Thới, xã Long Hậu, huyện Cần Giuộc, Long An"
    _, turn = run_form(forms[LLTP], "xin phieu ly lich tu phap", "ho ten: le van cuong", "ngay sinh 21/5/2001",
                       "nham ngay sinh, 12/5 chu khong phai 21/5", today=TODAY)
    assert turn.state["values"]["birth_date"] == "12/05/2001"
    _, turn = run_form(forms[KHAI_SINH], "làm khai sinh cho con gái", "Tên bé: Hồ Khánh An",
                       "Khoan, tên bé là Hồ Khánh Ân chứ không phải Hồ Khánh An, sửa giùm anh", today=TODAY)
    assert turn.state["values"]["child_name"] == "Hồ Khánh Ân"


def test_same_as_above_keeps_the_address_and_a_street_is_no_name(forms):
    _, turn = run_form(forms[LLTP], "Chào bạn, mình ở số 25 ngõ 10 phố Nguyễn Khánh Toàn, phường Nghĩa Đô, Hà Nội, giờ muốn "
                       "xin phiếu lý lịch tư pháp để đi xin việc", "sinh ngày 17/4/1993",
                       "nơi thường trú ghi giống địa chỉ mình nói ở trên nhé", today=TODAY)
    values = turn.state["values"]
    assert values["permanent_address"] == "số 25 ngõ 10 phố Nguyễn Khánh Toàn, phường Nghĩa Đô, Hà Nội"
    assert "full_name" not in values


def test_the_writer_says_which_side_is_theirs_then_my_number_is_that_side(forms):
    _, turn = run_form(forms[KET_HON], "tụi em sắp cưới nên mún đăng ký kết hôn ạ", "cô dâu là em: Trần Ngọc Thảo Vy",
                       "cccd em 079300012584", "chú rể: Lê Hoàng Phúc", "cccd ck em 079098007316", today=TODAY)
    values = turn.state["values"]
    assert (values["bride_id"], values["groom_id"]) == ("079300012584", "079098007316")
    _, turn = run_form(forms[KET_HON], "e vs ny mún đk kết hôn", "ck tương lai: Đinh Quang Huy, cccd 001203004517",
                       "vk là e: Nguyễn Khánh Linh", "cccd e 001305002963", "sđt 0368 025 714",
                       "ad ơi cccd của e sai 1 số, đúng là 001305002936", today=TODAY)
    values = turn.state["values"]
    assert (values["groom_id"], values["bride_id"]) == ("001203004517", "001305002936")


def test_apartment_rooms_place_names_and_all_caps(forms):
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú",
                       "đang tạm trú tại: căn 1708 tòa S2.03 Vinhomes Ocean Park, xã Gia Lâm, Hà Nội", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "căn 1708 tòa S2.03 Vinhomes Ocean Park, xã Gia Lâm, Hà Nội"
    _, turn = run_form(forms[LLTP], "lý lịch tư pháp", "thường trú: thôn Háo Đức, xã Nhơn An, thị xã An Nhơn, Bình Định",
                       today=TODAY)
    assert turn.state["values"]["permanent_address"] == "thôn Háo Đức, xã Nhơn An, thị xã An Nhơn, Bình Định"
    _, turn = run_form(forms[KET_HON], "DANG KY KET HON", "TEN CHONG: VO MINH TRIET", "CCCD CHONG: 083099002174",
                       "TEN VO: HUYNH THI NGOC HAN", "CCCD VO: 083301005219", "SDT 0845 702 361",
                       "TEN VO SAI ROI, LA HUYNH THI NGOC HANH", today=TODAY)
    assert turn.state["values"]["bride_name"] == "Huynh Thi Ngoc Hanh"


def test_a_name_after_minh_la_in_lower_case_answers_the_name_question(forms):
    _, turn = run_form(forms[GIA_HAN], "mình gia hạn tạm trú ở đây được không", "mình là trịnh thu hà", today=TODAY)
    assert turn.state["values"]["full_name"] == "Trịnh Thu Hà"


def test_a_part_of_a_value_swapped_without_diacritics(forms):
    _, turn = run_form(forms[GIA_HAN], "gia hạn tạm trú", "chị tên Đặng Thị Thu Sương, sdt 0828 441 306, cc 080186012574",
                       "chỗ trọ: ấp Long Bình, xã Long Hậu, huyện Cần Giuộc, Long An", "gia hạn tới 30/4/2028",
                       "dia chi ghi lon roi, ap Long Thoi chu khong phai ap Long Binh", today=TODAY)
    assert turn.state["values"]["temporary_address"] == "ap Long Thoi, xã Long Hậu, huyện Cần Giuộc, Long An"


def test_a_name_restated_with_other_diacritics_replaces_the_whole_name():
    from bot.forms.restate import by_phrase_swap
    swapped = by_phrase_swap({"child_name": "Hồ Khánh An", "mother_name": "Trương Thị Diệu Linh"},
                             "Khoan, tên bé là Hồ Khánh Ân chứ không phải Hồ Khánh An, sửa giùm anh")
    assert swapped is not None and (swapped.field_name, swapped.value) == ("child_name", "Hồ Khánh Ân")


def test_a_named_new_value_is_not_undone_by_a_lower_case_aside(forms):
    _, turn = run_form(forms[KHAI_SINH], "làm khai sinh cho con", "Bé là Tạ Quỳnh Chi, bé gái", "sinh tại Bệnh viện Sản Nhi Lào Cai",
                       "à sửa nơi sinh thành Trạm y tế xã Sa Pa, tỉnh Lào Cai nhé, bé sinh ở trạm y tế chứ không phải bệnh viện",
                       today=TODAY)
    assert turn.state["values"]["birth_place"] == "Trạm y tế xã Sa Pa, tỉnh Lào Cai"


def test_the_writers_own_number_without_diacritics_is_their_side(forms):
    _, turn = run_form(forms[KET_HON], "dk ket hon onl dc k ad", "ck e la Tran Gia Bao, cccd 079200015826",
                       "vk la e, Lam Ngoc Bich, cccd 092302006417", "a nham, cccd cua e la 092302006471", today=TODAY)
    values = turn.state["values"]
    assert (values["groom_id"], values["bride_id"]) == ("079200015826", "092302006471")
