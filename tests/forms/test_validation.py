"""Answer validation: canonical values for good answers, friendly explanations for bad ones."""
from datetime import date

import pytest

from core.text.validation import (
    PROVINCE_CODES,
    Choice,
    DateRules,
    id_consistency_error,
    id_facts,
    validate,
    validate_choice,
    validate_date,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_text,
    validate_year,
)

TODAY = date(2025, 6, 15)


def test_the_63_province_codes_of_the_id_number():
    assert len(PROVINCE_CODES) == 63
    assert all(1 <= int(code) <= 96 for code in PROVINCE_CODES)
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh" and "003" not in PROVINCE_CODES


@pytest.mark.parametrize("typed,value", [
    ("001085012345", "001085012345"), ("0010 8501 2345", "001085012345"), (" 079-059-583-705 ", "079059583705"),
])
def test_valid_id_numbers_are_kept_as_twelve_digits(typed, value):
    assert validate_id_number(typed, today=TODAY).value == value


@pytest.mark.parametrize("typed,explains", [
    ("00108501234", "11 chữ số"),
    ("0010850123456", "13 chữ số"),
    ("123456789", "chứng minh nhân dân"),
    ("00108501234a", "chữ cái"),
    ("003085012345", "mã tỉnh"),
    ("001585012345", "số thứ 4"),
    ("001230012345", "chưa tới"),       # 2000s + '30' = 2030
])
def test_invalid_id_numbers_are_explained(typed, explains):
    result = validate_id_number(typed, today=TODAY)
    assert not result.ok and explains in result.error


def test_id_number_facts_century_and_sex():
    assert id_facts("001085012345").birth_year == 1985 and id_facts("001085012345").sex == "Nam"
    assert id_facts("092301087015").birth_year == 2001 and id_facts("092301087015").sex == "Nữ"
    assert id_facts("048147454710").sex == "Nữ" and id_facts("048147454710").birth_year == 1947
    assert id_facts("001485012345") is None


def test_id_number_must_agree_with_known_birth_date_and_sex():
    assert validate_id_number("001085012345", birth_date="05/03/1985", sex="Nam", today=TODAY).ok
    wrong_year = validate_id_number("001085012345", birth_date="05/03/1986", today=TODAY)
    assert not wrong_year.ok and "1985" in wrong_year.error and "1986" in wrong_year.error
    wrong_sex = validate_id_number("001085012345", sex="Nữ", today=TODAY)
    assert not wrong_sex.ok and "Nam" in wrong_sex.error
    assert id_consistency_error("001185012345", "1985", "Nữ") is None


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678",
                                   "091-234-5678"])
def test_mobile_numbers_in_common_writings(typed):
    assert validate_phone(typed).value == "0912 345 678"


@pytest.mark.parametrize("typed,explains", [
    ("09123abc78", "chữ cái"), ("091234567", "9 chữ số"), ("09123456789", "11 chữ số"),
    ("0243 123 4567", "máy bàn"), ("0123456789", "bắt đầu bằng 03"), ("", "số điện thoại"),
])
def test_invalid_mobile_numbers_are_explained(typed, explains):
    result = validate_phone(typed)
    assert not result.ok and explains in result.error


@pytest.mark.parametrize("typed", ["05/03/2020", "5-3-2020", "05.03.2020", "5/3/2020", "2020-03-05",
                                   "5 tháng 3 năm 2020", "ngày 5 tháng 3 năm 2020", "mùng 5 tháng 3 năm 2020",
                                   "5 thang 3 nam 2020", "05/03/20"])
def test_dates_in_common_vietnamese_writings(typed):
    assert validate_date(typed, today=TODAY).value == "05/03/2020"


def test_two_digit_year_of_an_adult_birth_is_last_century():
    assert validate_date("05/03/85", today=TODAY).value == "05/03/1985"


@pytest.mark.parametrize("typed,explains", [
    ("05/03/2030", "chưa tới"), ("31/02/2020", "không có ngày 31"), ("05/13/2020", "tháng chỉ từ 1 đến 12"),
    ("5/3", "ghi thêm năm"), ("tháng 3 năm 2020", "ghi thêm ngày"), ("hôm qua", "chưa đọc được"),
])
def test_invalid_dates_are_explained(typed, explains):
    result = validate_date(typed, today=TODAY)
    assert not result.ok and explains in result.error


@pytest.mark.parametrize("typed,value", [
    ("ngày 5 tháng ba năm 1985", "05/03/1985"), ("ngay 5 thang ba nam 1985", "05/03/1985"),
    ("mùng 2 tháng 9 năm 45", "02/09/1945"), ("15 thang chap 1990", "15/12/1990"),
    ("15 tháng chạp năm 1990", "15/12/1990"), ("mồng một tháng giêng năm 2020", "01/01/2020"),
    ("mung mot thang gieng nam 2020", "01/01/2020"), ("ngay muoi lam thang tam nam 2001", "15/08/2001"),
    ("ngày mười lăm tháng tám năm 2001", "15/08/2001"), ("mồng năm tháng năm năm 2020", "05/05/2020"),
    ("20 tháng tư năm 1960", "20/04/1960"), ("20 thang tu 1960", "20/04/1960"),
    ("7 tháng bảy năm 1977", "07/07/1977"), ("7 tháng bẩy năm 1977", "07/07/1977"),
    ("ngày hai mươi tháng mười năm 2020", "20/10/2020"), ("hai lăm tháng mười một năm 1999", "25/11/1999"),
    ("hai mươi mốt tháng 6 năm 1999", "21/06/1999"), ("ba mươi mốt tháng mười hai năm 2000", "31/12/2000"),
    ("ba mot thang muoi hai nam 2000", "31/12/2000"), ("ngày hai tư tháng sáu năm 2010", "24/06/2010"),
    ("mùng 1 tháng 1 năm hai nghìn không trăm hai mươi", "01/01/2020"),
    ("1 thang 1 nam hai nghin linh nam", "01/01/2005"),
    ("1 tháng 1 năm một nghìn chín trăm tám mươi lăm", "01/01/1985"), ("1 tháng 1 năm tám lăm", "01/01/1985"),
    ("05/03/2020 (mười lăm tháng giêng âm lịch)", "05/03/2020"),  # digits still win
])
def test_dates_with_numbers_in_words(typed, value):
    assert validate_date(typed, today=TODAY).value == value


@pytest.mark.parametrize("typed,explains", [
    ("tháng ba", "chưa đọc được"), ("thang tu", "chưa đọc được"), ("mười lăm", "chưa đọc được"),
    ("tháng năm 2020", "chưa đọc được"), ("tháng ba năm 2020", "ghi thêm ngày"), ("mùng năm tháng ba", "ghi thêm năm"),
    ("ngày ba mươi tháng hai năm 2020", "không có ngày 30"),
])
def test_dates_in_words_that_stay_rejected(typed, explains):
    result = validate_date(typed, today=TODAY)
    assert not result.ok and explains in result.error


def test_date_plausibility_for_a_child_and_an_adult():
    child = DateRules(max_age=18, too_old="quá 18 tuổi")
    assert validate_date("01/06/2025", child, today=TODAY).ok
    assert validate_date("01/06/1990", child, today=TODAY).error == "quá 18 tuổi"
    adult = DateRules(min_age=14)
    assert "chưa đủ 14 tuổi" in validate_date("01/01/2015", adult, today=TODAY).error
    assert validate_date("16/06/2011", adult, today=TODAY).ok is False  # turns 14 tomorrow
    assert validate_date("15/06/2011", adult, today=TODAY).ok
    assert "cách đây" in validate_date("01/01/1880", DateRules(max_age=120), today=TODAY).error


def test_future_only_dates_with_a_horizon():
    rules = DateRules.from_options({"future_only": True, "max_years_ahead": 2})
    assert validate_date("15/06/2026", rules, today=TODAY).ok
    assert "sau hôm nay" in validate_date("01/01/2025", rules, today=TODAY).error
    assert "2 năm" in validate_date("01/01/2030", rules, today=TODAY).error


@pytest.mark.parametrize("typed,value", [
    ("nguyễn văn an", "Nguyễn Văn An"), ("NGUYỄN  THỊ   HOA", "Nguyễn Thị Hoa"), ("tran thi bich", "Tran Thi Bich"),
    ("Đỗ Thị Lan.", "Đỗ Thị Lan"), ("ha\u0300 va\u0306n u\u0301t", "Hà Văn Út"),  # decomposed input
])
def test_names_are_letters_with_normalised_capitalisation(typed, value):
    assert validate_name(typed).value == value


@pytest.mark.parametrize("typed,explains", [
    ("Nguyễn Văn 4n", "chữ số"), ("Nguyễn @n", "ký hiệu"), ("An", "đầy đủ"), ("A" * 30 + " " + "B" * 40, "dài quá"),
    ("tôi không nhận được mã OTP", "chỉ ghi họ và tên"), ("toi khong nhan duoc ma otp", "chỉ ghi họ và tên"),
])
def test_invalid_names_are_explained(typed, explains):
    assert validate_name("Lâm Thị Em").ok and validate_name("Lã Văn Bảo").ok  # look like those words, are names
    result = validate_name(typed)
    assert not result.ok and explains in result.error


def test_free_text_is_bounded():
    assert validate_text("Xin việc làm").value == "Xin việc làm"
    assert "dài quá" in validate_text("x" * 201).error
    assert not validate_text("?").ok


def test_choices_by_title_synonym_or_number():
    choices = [Choice("Nam", ("trai", "con trai")), Choice("Nữ", ("gai", "con gái"))]
    assert validate_choice("nữ", choices).value == "Nữ"
    assert validate_choice("nu", choices).value == "Nữ"
    assert validate_choice("bé là con gái", choices).value == "Nữ"
    assert validate_choice("1", choices).value == "Nam"
    assert "Nam, Nữ" in validate_choice("không biết", choices).error
    assert validate_choice("người giúp việc", [Choice("Con")], allow_other=True).value == "người giúp việc"


def test_years_and_dispatch_by_type():
    assert validate_year("năm 1990", today=TODAY).value == "1990"
    assert validate_year("05/03/1990", today=TODAY).value == "1990"
    assert not validate_year("199o", today=TODAY).ok
    assert validate_year("năm hai nghìn không trăm hai mươi", today=TODAY).value == "2020"
    assert validate_year("sinh nam mot nghin chin tram tam muoi lam", today=TODAY).value == "1985"
    assert not validate_year("năm tám lăm", today=TODAY).ok  # like "năm 85": four digits needed
    assert validate("number", "hai", {"min": 1, "max": 10}).value == "2"
    assert not validate("number", "50", {"min": 1, "max": 10}).ok
    assert validate("email", "An.Nguyen@Gmail.com").value == "an.nguyen@gmail.com"
    assert validate("address", "số 12 ngõ 34 Láng Hạ,phường Láng ,Hà Nội").value == "số 12 ngõ 34 Láng Hạ, phường Láng, Hà Nội"
    assert not validate("address", "Hà Nội").ok
    with pytest.raises(ValueError):
        validate("colour", "red")


def test_names_of_ethnic_minorities_are_names():
    from core.text.validation import validate_name

    assert validate_name("h'linh niê").value == "H'Linh Niê"
    assert validate_name("Y Kô Byă").ok            # "Kô" is a name, "ko" is "không"
    assert not validate_name("ko biet").ok


# a day and month alone, for a field about a recent or near event (year_optional in the form data)
RECENT_BIRTH = DateRules(max_age=18, year_optional=True)
STAY_END = DateRules(allow_past=False, allow_future=True, max_years_ahead=2, year_optional=True)


@pytest.mark.parametrize("typed,rules,value", [
    ("20/11", RECENT_BIRTH, "20/11/2026"),            # the latest 20/11 not after today (05/12/2026)
    ("hôm 25/12", RECENT_BIRTH, "25/12/2025"),        # 25/12/2026 has not come yet: last year's
    ("ngày 5 tháng 12", RECENT_BIRTH, "05/12/2026"),  # today itself
    ("30/6", STAY_END, "30/06/2027"),                 # the next 30/6 after today
    ("ở tới 31/12", STAY_END, "31/12/2026"),
])
def test_a_day_and_month_alone_take_the_nearest_year_where_the_field_allows(typed, rules, value):
    assert validate_date(typed, rules, today=date(2026, 12, 5)).value == value


@pytest.mark.parametrize("typed,rules", [
    ("20/11", DateRules()),                               # no year_optional: the year is asked
    ("20/11", DateRules(min_age=14, year_optional=True)),  # an adult's birth day: not this year's
    ("29/2", RECENT_BIRTH),                                # no 29/2 in 2026 or 2025
])
def test_a_day_and_month_alone_still_ask_for_the_year_otherwise(typed, rules):
    result = validate_date(typed, rules, today=date(2026, 12, 5))
    assert not result.ok and "ghi thêm năm" in result.error
