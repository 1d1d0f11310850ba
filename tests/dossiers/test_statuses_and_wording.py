from datetime import date, datetime, timezone

from domain.dossiers.statuses import DeliveryMethod, Status, can_change, is_overdue, today_in_vietnam
from domain.dossiers.wording import DossierView, notification_text, status_text

TODAY = date(2025, 6, 10)


def view(status: Status, **fields) -> DossierView:
    values = dict(receipt_code="G03.77-240719-0043", status=status, agency="UBND xã Tân Phú",
                  appointment_date=date(2025, 6, 20), missing_items=(), delivery_method=None, status_note=None)
    values.update(fields)
    return DossierView(**values)


def test_changes_go_forward_and_final_statuses_stay():
    assert can_change(Status.RECEIVED, Status.RESULT_READY)  # a sync may skip steps
    assert can_change(Status.SUPPLEMENT_REQUIRED, Status.PROCESSING)
    assert not can_change(Status.PROCESSING, Status.RECEIVED)
    assert not can_change(Status.RESULT_READY, Status.PROCESSING)
    for final in (Status.RESULT_RETURNED, Status.REJECTED):
        assert not any(can_change(final, other) for other in Status)


def test_overdue_is_derived_from_the_appointment_date():
    assert is_overdue(Status.PROCESSING, date(2025, 6, 9), TODAY)
    assert not is_overdue(Status.PROCESSING, TODAY, TODAY)
    assert not is_overdue(Status.RESULT_READY, date(2025, 6, 1), TODAY)  # the agency is done
    assert not is_overdue(Status.PROCESSING, None, TODAY)
    # 23:30 UTC is already the next day in Vietnam
    assert today_in_vietnam(datetime(2025, 6, 9, 23, 30, tzinfo=timezone.utc)) == TODAY


def test_each_status_says_what_to_do_next():
    supplement = status_text(view(Status.SUPPLEMENT_REQUIRED, missing_items=("Bản sao khai sinh", "Ảnh 4x6")), TODAY)
    assert "Bản sao khai sinh" in supplement and "Ảnh 4x6" in supplement and "UBND xã Tân Phú" in supplement
    desk = status_text(view(Status.RESULT_READY, delivery_method=DeliveryMethod.DESK), TODAY)
    assert "UBND xã Tân Phú" in desk and "giấy biên nhận" in desk and "bưu điện" not in desk
    postal = status_text(view(Status.RESULT_READY, delivery_method=DeliveryMethod.POSTAL), TODAY)
    assert "bưu điện" in postal and "mang giấy biên nhận" not in postal
    assert "20/06/2025" in status_text(view(Status.PROCESSING), TODAY)
    assert "Thanh toán" in status_text(view(Status.AWAITING_PAYMENT), TODAY)
    assert "Lý do: thiếu chữ ký" in status_text(view(Status.REJECTED, status_note="thiếu chữ ký"), TODAY)


def test_an_overdue_dossier_gets_an_apology_and_an_officer():
    text = status_text(view(Status.PROCESSING, appointment_date=date(2025, 6, 1)), TODAY)
    assert "quá ngày hẹn" in text and "xin lỗi" in text and "Gặp cán bộ" in text
    assert "xin lỗi" not in status_text(view(Status.PROCESSING), TODAY)


def test_a_notification_names_the_dossier_and_the_new_status():
    text = notification_text(view(Status.RESULT_READY), TODAY)
    assert "G03.77-240719-0043" in text and "đã có kết quả" in text
