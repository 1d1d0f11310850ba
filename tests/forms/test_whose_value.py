"""Whose value a message gives when a form has several people (spouses, parents): the person
the writer names decides it, not the order of the form's questions."""
from datetime import date

from tests.forms.conftest import run_form

TODAY = date(2026, 12, 5)
MARRIAGE, BIRTH = "1.000894", "1.001193"


def _run(forms, code, *messages):
    return run_form(forms[code], *messages, today=TODAY, bare_name=True)[1].state["values"]


def test_the_writers_number_after_their_introduced_name_is_theirs(forms):
    values = _run(forms, MARRIAGE, "tui là Tô Văn Hai 094058006273")
    assert (values.get("groom_name"), values.get("groom_id")) == ("Tô Văn Hai", "094058006273")
    assert "bride_id" not in values


def test_a_mother_naming_her_son_gives_the_grooms_name(forms):
    values = _run(forms, MARRIAGE, "đăng ký kết hôn", "con dâu tên Đoàn Thị Hồng Nhung, căn cước 040199013246",
                  "con trai cô là Nguyễn Đình Trọng, căn cước 040097025814")
    assert values["groom_name"] == "Nguyễn Đình Trọng" and values["groom_id"] == "040097025814"
    assert values["bride_id"] == "040199013246"


def test_a_label_followed_by_a_spouse_word_corrects_that_spouse(forms):
    start = ("dk ket hon", "ck: Truong Minh Hieu 079201024586 - vk: Diep Thanh Vy 079303018427", "sdt 0394617258")
    values = _run(forms, MARRIAGE, *start, "cccd vk e sai 1 so ad oi, dung la 079303018421")
    assert (values["groom_id"], values["bride_id"]) == ("079201024586", "079303018421")
    values = _run(forms, MARRIAGE, *start, "cccd ck sai, đúng là 079201024581")
    assert (values["groom_id"], values["bride_id"]) == ("079201024581", "079303018427")


def test_a_retyped_number_replaces_the_one_it_differs_from_by_a_digit(forms):
    start = ("dk ket hon", "ck: Truong Minh Hieu 079201024586 - vk: Diep Thanh Vy 079303018427", "sdt 0394617258")
    values = _run(forms, MARRIAGE, *start, "e nhap sai 1 so roi, dung la 079303018421")
    assert (values["groom_id"], values["bride_id"]) == ("079201024586", "079303018421")
    # far from both: not guessed
    values = _run(forms, MARRIAGE, *start, "e nhap sai roi, dung la 001199012345")
    assert (values["groom_id"], values["bride_id"]) == ("079201024586", "079303018427")


def test_a_southern_dad_introducing_himself_is_the_father(forms):
    values = _run(forms, BIRTH, "làm giấy khai sinh cho bé trai sinh 12/11/2026 ở bệnh viện Hùng Vương",
                  "bé tên Trần Gia Bảo", "ba là tui Trần Quốc Việt 079092031846, má bé Lâm Thị Thu Trang 079194027315")
    assert (values.get("father_name"), values.get("father_id")) == ("Trần Quốc Việt", "079092031846")
    assert (values["mother_name"], values["mother_id"]) == ("Lâm Thị Thu Trang", "079194027315")


def test_a_fathers_number_given_before_his_name_is_kept_until_there_is_no_father(forms):
    first = ("làm giấy khai sinh cho bé trai sinh 12/11/2026 ở bệnh viện Hùng Vương", "bé tên Trần Gia Bảo",
             "tía là tui Trần Quốc Việt 079092031846, má bé Lâm Thị Thu Trang 079194027315")
    assert _run(forms, BIRTH, *first)["father_id"] == "079092031846"
    assert "father_id" not in _run(forms, BIRTH, *first, "không có bố")
