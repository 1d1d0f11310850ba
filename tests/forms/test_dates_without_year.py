"""A day and month without a year, for a field about a recent or near event: a baby's birth
("con tui mới đẻ hôm 20/11") and the end of a temporary stay ("ở tới 30/6"); an adult's birth day
without a year is still asked again, and a house number like "18/5" in an address is no date."""
from datetime import date

from tests.forms.conftest import run_form, text_of

TODAY = date(2026, 12, 5)
TAM_TRU, KHAI_SINH, LLTP = "1.004194", "1.001193", "3.000333"


def test_a_baby_born_on_a_day_and_month_is_born_this_year(forms):
    _, turn = run_form(forms[KHAI_SINH], "con tui mới đẻ hôm 20/11, tui muốn làm giấy khai sinh cho nó", today=TODAY)
    assert turn.state["values"]["child_birth_date"] == "20/11/2026"


def test_a_stay_until_a_day_and_month_ends_on_the_next_one(forms):
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "Trần Văn Bình 079203004512 0908123456",
                       "phòng 5, 22 đường số 7, phường Bình Trị Đông, TP HCM", "ở tới 30/6", today=TODAY)
    assert turn.state["values"]["stay_until"] == "30/06/2027"


def test_an_adult_birth_day_without_a_year_asks_for_the_year(forms):
    _, turn = run_form(forms[LLTP], "xin phiếu lý lịch tư pháp", "Hoàng Văn Nam", "sinh ngày 12/3", today=TODAY)
    assert "birth_date" not in turn.state["values"]
    assert "năm" in text_of(turn)


def test_a_house_number_in_an_address_is_not_the_end_of_the_stay(forms):
    _, turn = run_form(forms[TAM_TRU], "đăng ký tạm trú", "Trần Văn Bình 079203004512 0908123456",
                       "phòng 5, 18/5 đường Lê Văn Khương, phường Thới An, TP HCM", today=TODAY)
    assert "stay_until" not in turn.state["values"]
