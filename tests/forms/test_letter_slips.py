"""A number typed with a letter in it is refused with a reason, and read as the digit only when
the citizen says what the letter meant."""
import unicodedata
from datetime import date

from bot.forms.slips import lettered_number, letters_meant, read_as_meant
from tests.forms.conftest import run_form

TODAY = date(2026, 12, 5)


def _run(forms, code, *messages):
    return run_form(forms[code], *messages, today=TODAY, bare_name=True)[1]


def test_what_a_citizen_says_a_letter_meant():
    assert letters_meant("Cái chữ o đấy là số 0 cháu ạ, chú bấm nhầm") == {"o": "0"}
    assert letters_meant("chu l trong so dien thoai la so 1 nhe, anh go nham") == {"l": "1"}
    assert letters_meant("số 0 chứ không phải chữ o") == {"o": "0"}
    assert letters_meant("chữ o là số không") == {"o": "0"}
    assert letters_meant("tôi ở là số 0 ngõ 5") == {}      # "ở" is no letter o
    assert letters_meant("nha o la so 1 ngo 5 Tran Phu") == {}   # an unaccented address, not a slip
    assert letters_meant(unicodedata.normalize("NFD", "chỗ ở là số 1 Tràng Tiền")) == {}
    assert letters_meant("chú o là số 0") == {} and letters_meant("chữ o là số 1") == {}
    assert letters_meant("số điện thoại là 0912345678") == {}


def test_a_number_with_a_letter_and_its_reading():
    assert lettered_number("Điện thoại của chú 0983o51726") == "0983o51726"
    assert lettered_number("Nguyen Van Long 0912345678") == ""
    assert read_as_meant("0356948l27", {"l": "1"}) == "0356948127"
    assert read_as_meant("0356948l27", {"o": "0"}) == ""


def test_the_slip_is_refused_with_the_way_to_say_it_then_read_when_said(forms):
    turn = _run(forms, "1.002755", "gia hạn tạm trú", "Họ tên Đặng Văn Hòa, căn cước 035058001946",
                "Điện thoại của chú 0983o51726")
    assert "phone" not in turn.state["values"]
    assert "chữ o là số 0" in turn.replies[0].text
    turn = _run(forms, "1.002755", "gia hạn tạm trú", "Họ tên Đặng Văn Hòa, căn cước 035058001946",
                "Điện thoại của chú 0983o51726", "Cái chữ o đấy là số 0 cháu ạ, chú bấm nhầm")
    assert turn.state["values"]["phone"] == "0983 051 726"


def test_the_letter_can_be_explained_after_other_answers(forms):
    turn = _run(forms, "1.000894", "kết hôn", "Điện thoại 0356948l27",
                "Tui tên Nguyễn Hữu Thọ, căn cước 052093002648", "chữ l đó là số 1 nghe")
    values = turn.state["values"]
    assert values["phone"] == "0356 948 127" and values["groom_id"] == "052093002648"


def test_without_a_kept_slip_the_words_change_nothing(forms):
    turn = _run(forms, "1.002755", "gia hạn tạm trú", "Họ tên Đặng Văn Hòa", "chữ o là số 0")
    assert "phone" not in turn.state["values"]


def test_a_slipped_number_of_another_kind_goes_to_its_own_field(forms):
    # a phone typed with a letter while the căn cước was asked, then explained
    turn = _run(forms, "1.004222", "đăng ký thường trú", "tên: Lương Văn Hậu", "o937 204 581",
                "số 0 chớ hổng phải chữ o, 0937 204 581")
    values = turn.state["values"]
    assert values["phone"] == "0937 204 581" and "id_number" not in values


def test_a_slip_among_unlabelled_values_is_refused_with_the_hint_then_read(forms):
    turn = _run(forms, "1.004194", "đăng ký tạm trú", "Vu Dinh Khoa, 027093006614, 0356l82947")
    values = turn.state["values"]
    assert values["full_name"] == "Vu Dinh Khoa" and "phone" not in values
    assert any('chữ "l" là số 1' in r.text for r in turn.replies)
    turn = _run(forms, "1.004194", "đăng ký tạm trú", "Vu Dinh Khoa, 027093006614, 0356l82947",
                "chu l trong so dien thoai la so 1 nhe, anh go nham")
    assert turn.state["values"]["phone"] == "0356 182 947"


def test_an_unaccented_address_after_a_slip_is_an_address(forms):
    turn = _run(forms, "1.004194", "đăng ký tạm trú", "Nguyen Van Long, sdt 0983o51726", "nha o la so 1 ngo 5 Tran Phu")
    assert "phone" not in turn.state["values"]
