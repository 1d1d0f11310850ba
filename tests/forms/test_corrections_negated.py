"""Corrections that name the old value: 'không phải X mà là Y', 'Y chứ không lấy X', and a name
that grew a word ('Phan Ngọc Diệp Anh chứ ko phải Phan Ngọc Diệp')."""
from datetime import date

from tests.forms.conftest import run_form

TODAY = date(2026, 12, 5)


def _values(forms, code, *messages):
    return run_form(forms[code], *messages, today=TODAY, bare_name=True)[1].state["values"]


def test_not_x_but_y_without_diacritics_takes_y(forms):
    values = _values(forms, "1.002755", "gia han tam tru", "Ho ten: Nguyen Thi Hong Nhung, cccd la 040194005236",
                     "sdt 0976258413, dia chi tam tru: 21 duong Tran Phu, phuong Le Mao, TP Vinh, Nghe An, "
                     "gia han den 31/03/2028", "sdt sai roi, khong phai 0976258413 ma la 0976258431")
    assert values["phone"] == "0976 258 431"
    values = _values(forms, "1.000894", "dang ky ket hon giup minh, sdt 0769315842",
                     "vo: Ta Thi Thuy Linh, cccd 038199004157; chong: Mai Van Cuong, cccd 038097006215",
                     "cccd chong sai 1 so: khong phai 038097006215 ma la 038097006251")
    assert (values["groom_id"], values["bride_id"]) == ("038097006251", "038199004157")


def test_a_choice_changed_with_chu_khong_lay(forms):
    values = _values(forms, "3.000333", "xin phiếu lý lịch tư pháp",
                     "Họ tên Đinh Thị Lan Phương, sinh 12/04/1991, CCCD 026191004582, SĐT 0974630182",
                     "Loại phiếu số 1, mục đích bổ sung hồ sơ xin việc",
                     "Cho tôi đổi sang phiếu số 2 chứ không lấy số 1 nữa")
    assert values["certificate_type"] == "Phiếu số 2"


def test_a_name_that_grew_a_word_keeps_its_surname(forms):
    values = _values(forms, "1.001193", "đk khai sinh cho con gái",
                     "tên bé Phan Ngọc Diệp, sinh 03/11/2026, nữ, sinh ở bv Đa khoa tỉnh Nghệ An",
                     "à tên bé là Phan Ngọc Diệp Anh chứ ko phải Phan Ngọc Diệp nha")
    assert values["child_name"] == "Phan Ngọc Diệp Anh"
    values = _values(forms, "1.004194", "đăng ký tạm trú", "họ tên Lê Văn Tho, cccd 001095012345",
                     "tên đúng là Lê Văn Thọ chứ không phải Lê Văn Tho")
    assert values["full_name"] == "Lê Văn Thọ"


def test_an_id_refused_for_not_fitting_the_birth_date_is_taken_when_the_date_is_corrected(forms):
    values = _values(forms, "3.000333", "điền tờ khai phiếu lý lịch tư pháp",
                     "Họ tên: Nguyễn Hoàng Yến Nhi, ngày sinh 08/08/2000", "căn cước 075301011294")
    assert "id_number" not in values            # the card says born 2001
    values = _values(forms, "3.000333", "điền tờ khai phiếu lý lịch tư pháp",
                     "Họ tên: Nguyễn Hoàng Yến Nhi, ngày sinh 08/08/2000", "căn cước 075301011294",
                     "số điện thoại 0392 715 468", "ngày sinh em viết nhầm, đúng là 08/08/2001")
    assert values["birth_date"] == "08/08/2001" and values["id_number"] == "075301011294"
