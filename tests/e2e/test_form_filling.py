"""Forms citizens finish, over real HTTP (real Rasa + app): several values per message, only the
missing ones asked, corrections after the summary, confirmation and saving, scored through the
trace summary of GET /api/v1/conversations/{sender_id} as an outside evaluator would."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.e2e.conftest import all_text, chat, summary

pytestmark = pytest.mark.e2e

NEXT_YEAR = (date.today() + timedelta(days=300)).strftime("%d/%m/%Y")


def form_entry(client, sender, token, procedure):
    forms = [f for f in summary(client, sender, token)["forms"] if f["procedure"] == procedure]
    assert forms, summary(client, sender, token)
    return forms[-1]


def talk(client, sender, *texts):
    replies = []
    for text in texts:
        replies = chat(client, sender, text)
    return replies


def test_tam_tru_with_several_values_per_message_reaches_confirmation_and_is_saved(client, sender, officer_token):
    talk(client, sender, "tôi muốn đăng ký tạm trú",
         "tên Nguyễn Văn An, cccd 001085012345, sđt 0912345678")
    replies = talk(client, sender, f"địa chỉ trọ: phòng 12, số 5 ngõ 3 Láng Hạ, phường Láng, Hà Nội, ở đến {NEXT_YEAR}")
    assert "kiểm tra lại" in all_text(replies)
    entry = form_entry(client, sender, officer_token, "1.004194")
    assert entry["stage"] == "confirming"
    assert entry["fields"]["ho_ten"] == "Nguyễn Văn An"
    assert entry["fields"]["so_dinh_danh"] == "001085012345"
    assert entry["fields"]["so_dien_thoai"] == "0912345678"
    assert entry["fields"]["dia_chi_tam_tru"].startswith("phòng 12, số 5 ngõ 3 Láng Hạ")
    assert entry["fields"]["tam_tru_den_ngay"] == NEXT_YEAR
    # a correction after the summary replaces the old value
    talk(client, sender, "sửa số điện thoại thành 0987654321")
    assert form_entry(client, sender, officer_token, "1.004194")["fields"]["so_dien_thoai"] == "0987654321"
    saved = talk(client, sender, "đúng rồi")
    assert "TK-" in all_text(saved)
    entry = form_entry(client, sender, officer_token, "1.004194")
    assert entry["stage"] == "submitted" and entry["fields"]["so_dien_thoai"] == "0987654321"
    identified = summary(client, sender, officer_token)["procedures_identified"]
    assert {"code": "1.004194", "via": "form"} in [{"code": p["code"], "via": p["via"]} for p in identified]


def test_khai_sinh_from_the_first_message_with_parents_and_a_name_correction(client, sender, officer_token):
    talk(client, sender, "giúp tôi làm khai sinh cho bé Nguyễn Gia Hân sinh 02/11/2026 ở bệnh viện Từ Dũ")
    talk(client, sender, "bé gái", "mẹ tên Trần Thị Mai, cccd 079190012345")
    replies = talk(client, sender, "Đúng rồi")  # not a name: the father is asked again
    assert "cha" in all_text(replies).lower()
    talk(client, sender, "bố là Nguyễn Văn Hùng cccd 079088012345, sđt 0909123456")
    talk(client, sender, "tên bé là Nguyễn Gia Hà chứ không phải Hân")
    talk(client, sender, "ok nộp đi")
    entry = form_entry(client, sender, officer_token, "1.001193")
    assert entry["stage"] == "submitted"
    fields = entry["fields"]
    assert fields["ho_ten_tre"] == "Nguyễn Gia Hà" and fields["ngay_sinh_tre"] == "02/11/2026"
    assert fields["gioi_tinh_tre"] == "Nữ" and fields["noi_sinh_tre"].lower() == "bệnh viện từ dũ"
    assert fields["ho_ten_me"] == "Trần Thị Mai" and fields["so_dinh_danh_me"] == "079190012345"
    assert fields["ho_ten_cha"] == "Nguyễn Văn Hùng" and fields["so_dinh_danh_cha"] == "079088012345"
    assert fields["so_dien_thoai"] == "0909123456"


def test_ly_lich_tu_phap_without_diacritics_and_invalid_values_asked_again(client, sender, officer_token):
    talk(client, sender, "giúp tôi điền tờ khai lý lịch tư pháp số 1 để xin việc", "ten minh la Bui Van Toan",
         "sinh ngay 12/5/1990")
    replies = talk(client, sender, "00109001234")  # 11 digits
    assert "12 chữ số" in all_text(replies)
    talk(client, sender, "001090012345")
    replies = talk(client, sender, "09o2345678")  # a letter o
    assert "chữ số" in all_text(replies)
    talk(client, sender, "0902345678", "hộ khẩu thường trú: số 5 phố Huế, phường Hàng Bài, Hà Nội")
    talk(client, sender, "xác nhận")
    entry = form_entry(client, sender, officer_token, "3.000333")
    assert entry["stage"] == "submitted"
    assert {k: entry["fields"].get(k) for k in ("ho_ten", "ngay_sinh", "so_dinh_danh", "so_dien_thoai", "loai_phieu",
                                                  "muc_dich")} == {
        "ho_ten": "Bui Van Toan", "ngay_sinh": "12/05/1990", "so_dinh_danh": "001090012345",
        "so_dien_thoai": "0902345678", "loai_phieu": "số 1", "muc_dich": "xin việc"}


def test_gia_han_tam_tru_has_its_own_form(client, sender, officer_token):
    talk(client, sender, "tôi muốn gia hạn tạm trú",
         f"Lê Thị Hoa, căn cước 001190012345, số điện thoại 0912000111, gia hạn đến {NEXT_YEAR}",
         "địa chỉ tạm trú: số 8 ngõ 2 Thái Hà, phường Đống Đa, Hà Nội", "ok")
    entry = form_entry(client, sender, officer_token, "1.002755")
    assert entry["stage"] == "submitted"
    assert entry["fields"]["ho_ten"] == "Lê Thị Hoa" and entry["fields"]["tam_tru_den_ngay"] == NEXT_YEAR


@pytest.mark.parametrize("first, answer, guide", [
    ("tôi muốn tạo tài khoản vneid", "tài khoản không tồn tại", "vneid_register"),
    ("hướng dẫn tài khoản vneid", "em quên mật khẩu", "vneid_recover"),
    ("tài khoản vneid của tôi bị khóa rồi", None, "vneid_recover"),
])
def test_account_guide_goes_straight_to_the_branch_the_citizen_names(client, sender, officer_token, first, answer, guide):
    talk(client, sender, first, *([answer] if answer else []))
    shown = summary(client, sender, officer_token)["account_guidance"]
    assert any(g["guide"] == guide and g["steps_shown"] >= 1 for g in shown), shown


def test_asked_about_a_procedure_then_fill_the_form_starts_that_procedures_form(client, sender, officer_token):
    talk(client, sender, "thủ tục gia hạn tạm trú cần giấy tờ gì")
    replies = talk(client, sender, "điền tờ khai giúp tôi")
    assert "gia hạn tạm trú" in all_text(replies).lower()
    assert form_entry(client, sender, officer_token, "1.002755")["stage"] == "filling"


def test_a_status_check_in_the_middle_of_a_form_then_the_form_goes_on(client, sender, officer_token, stack):
    import random

    admin = {"Authorization": f"Bearer {stack.settings.admin_api_token.get_secret_value()}"}
    code = f"G{random.randint(10, 99)}.{random.randint(10, 99)}-250{random.randint(101, 909)}-{random.randint(1, 9999):04d}"
    created = client.post("/api/v1/admin/dossiers", headers=admin, json={
        "receipt_code": code, "procedure_code": "1.001193", "status": "supplement_required",
        "missing_items": ["Ảnh 4x6"], "agency": "UBND phường Bến Thành", "owner_id_number": "079203001234",
        "owner_phone": "0903 456 789", "appointment_date": "2099-01-15"})
    assert created.status_code == 201, created.text
    talk(client, sender, "giúp tôi điền tờ khai đăng ký tạm trú", "tên Nguyễn Văn An, cccd 001085012345")
    talk(client, sender, f"à cho tôi hỏi hồ sơ {code} của tôi đến đâu rồi")
    status = talk(client, sender, "4 số cuối điện thoại là 6789")
    assert "bổ sung" in all_text(status)
    resumed = talk(client, sender, "tiếp tục")
    assert "điện thoại" in all_text(resumed).lower()
    talk(client, sender, "0912345678", "địa chỉ trọ: số 5 ngõ 3 Láng Hạ, phường Láng, Hà Nội",
         f"ở đến {NEXT_YEAR}", "đúng rồi")
    entry = form_entry(client, sender, officer_token, "1.004194")
    assert entry["stage"] == "submitted" and entry["fields"]["so_dinh_danh"] == "001085012345"
