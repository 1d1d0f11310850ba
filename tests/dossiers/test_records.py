from datetime import date, datetime, timezone

import pytest

from domain.dossiers.records import RecordInvalid, parse_record
from domain.dossiers.statuses import DeliveryMethod, Status

GOOD = {"receipt_code": "000.00.15.h22-240918-0003", "procedure_code": "1.001193", "status": "Processing",
        "owner_phone": "0912 345 678", "appointment_date": "15/01/2026", "delivery_method": "buu_dien",
        "status_changed_at": "2025-12-01T09:30:00"}


def test_a_good_row_is_normalised():
    record = parse_record(GOOD)
    assert record.receipt_code == "000.00.15.H22-240918-0003"
    assert record.status is Status.PROCESSING
    assert record.owner_phone == "0912345678" and record.owner_id_number is None
    assert record.appointment_date == date(2026, 1, 15)
    assert record.delivery_method is DeliveryMethod.POSTAL
    assert record.status_changed_at == datetime(2025, 12, 1, 2, 30, tzinfo=timezone.utc)  # Vietnam time


def test_every_problem_of_a_row_is_reported_without_the_numbers():
    bad = {"receipt_code": "abc", "procedure_code": "", "status": "done", "owner_id_number": "0741610042",
           "owner_phone": "12", "appointment_date": "32/13/2025", "delivery_method": "drone", "colour": "x"}
    with pytest.raises(RecordInvalid) as caught:
        parse_record(bad)
    errors = caught.value.errors
    for field in ("receipt_code", "procedure_code", "status", "owner_id_number", "owner_phone", "appointment_date",
                  "delivery_method", "colour"):
        assert any(field in e for e in errors), field
    assert not any("0741610042" in e for e in errors)


def test_an_owner_is_required_when_asked_and_missing_items_for_a_supplement():
    with pytest.raises(RecordInvalid, match="owner_id_number or owner_phone"):
        parse_record({**GOOD, "owner_phone": ""})
    assert parse_record({**GOOD, "owner_phone": ""}, require_owner=False).owner_phone is None
    with pytest.raises(RecordInvalid, match="missing_items"):
        parse_record({**GOOD, "status": "supplement_required"})
    record = parse_record({**GOOD, "status": "supplement_required", "missing_items": "Bản sao khai sinh; Ảnh 4x6"})
    assert record.missing_items == ("Bản sao khai sinh", "Ảnh 4x6")


def test_the_repr_never_shows_owner_numbers():
    assert "0912345678" not in repr(parse_record(GOOD))
