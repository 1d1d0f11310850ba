"""Structured entities found by pattern: exact substrings, exact offsets, no overlaps."""
import pytest

from core.text.patterns import find_entities


def found(text):
    matches = find_entities(text)
    for m in matches:
        assert text[m.start:m.end] == m.value
    return [(m.entity, m.value) for m in matches]


@pytest.mark.parametrize("code", [
    "000.00.15.H22-240918-0003", "G22.99.13-240915-0001", "H29.112-241003-0045", "h29.112-241003-0045",
])
def test_receipt_codes_in_portal_formats(code):
    assert found(f"hồ sơ {code} đến đâu rồi") == [("receipt_code", code)]


def test_receipt_code_at_end_of_sentence_keeps_no_punctuation():
    assert found("mã hồ sơ là G22.99.13-240915-0001.") == [("receipt_code", "G22.99.13-240915-0001")]


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "0912.345.678", "091 234 5678", "+84 912345678", "0387654321"])
def test_mobile_numbers_with_separators(phone):
    assert found(f"sđt của tôi là {phone} nhé") == [("phone_number", phone)]


@pytest.mark.parametrize("text", ["số 0212345678 là máy bàn", "mã 12345678901", "gọi 091234567"])
def test_not_mobile_numbers(text):
    assert "phone_number" not in [e for e, _ in found(text)]


def test_id_number_is_twelve_digits_and_not_a_phone():
    assert found("cccd 001085012345 của tôi") == [("id_number", "001085012345")]
    assert found("số 0010850123456 dài quá") == []


@pytest.mark.parametrize("date", ["05/03/2020", "5-3-2020", "05.03.2020", "5 tháng 3 năm 2020", "mùng 5 tháng 3", "12/10"])
def test_dates_in_common_vietnamese_forms(date):
    assert found(f"sinh ngày {date} ạ") == [("date", date)]


def test_amounts_and_versions_are_not_dates():
    assert found("lệ phí 3.5 triệu, 1.000.000 đồng") == []


def test_mixed_message_offsets_and_order():
    text = "hồ sơ 000.00.15.H22-240918-0003 nộp 05/03/2024, sđt 0912 345 678, cccd 079190012345"
    assert [e for e, _ in found(text)] == ["receipt_code", "date", "phone_number", "id_number"]
