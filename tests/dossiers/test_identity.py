import pytest

from domain.dossiers.identity import (
    Factor,
    NotConfigured,
    OwnerHasher,
    normalize_id_number,
    normalize_phone,
    parse_factor,
)
from tests.dossiers.conftest import OWNER_ID, OWNER_PHONE, SECRET

CODE = "000.00.15.H22-240918-0003"


@pytest.mark.parametrize("raw, expected", [
    ("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("84912345678", "0912345678"),
    ("0912-345-678", "0912345678"), ("02838123456", "02838123456"), ("12345", None), ("", None),
])
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("074161004292", "074161004292"), ("074 161 004 292", "074161004292"), ("123456789", "123456789"),
    ("07416100429", None), ("abc", None),
])
def test_id_numbers_are_normalised(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("5678", Factor("last4", "5678")),
    ("4 số cuối là 4292 ạ", Factor("last4", "4292")),
    ("căn cước của tôi 074161004292", Factor("id_number", "074161004292")),
    ("sđt 0912 345 678", Factor("phone", "0912345678")),
    ("1234 5678", None), ("123", None), ("không nhớ", None), ("123456", None),
])
def test_the_second_factor_is_read_from_the_answer(text, expected):
    assert parse_factor(text) == expected


def test_a_short_or_missing_secret_is_refused():
    for secret in ("", "short"):
        with pytest.raises(NotConfigured):
            OwnerHasher(secret)


def test_hashes_match_the_owner_and_nothing_else():
    hasher = OwnerHasher(SECRET)
    stored = hasher.owner_columns(CODE, OWNER_ID, OWNER_PHONE)
    assert all(OWNER_ID not in v and OWNER_PHONE not in v and "4292" not in v for v in stored.values())
    assert hasher.matches(CODE, stored, Factor("last4", OWNER_ID[-4:]))
    assert hasher.matches(CODE, stored, Factor("last4", OWNER_PHONE[-4:]))
    assert hasher.matches(CODE, stored, Factor("id_number", OWNER_ID))
    assert hasher.matches(CODE, stored, Factor("phone", OWNER_PHONE))
    assert not hasher.matches(CODE, stored, Factor("last4", "0000"))
    assert not hasher.matches(CODE, stored, Factor("phone", "0987654321"))
    # the phone's last digits do not pass as the căn cước's and an unknown dossier matches nothing
    assert not hasher.matches(CODE, {}, Factor("last4", OWNER_ID[-4:]))


def test_full_numbers_are_matchable_across_dossiers_but_last_digits_are_not():
    hasher = OwnerHasher(SECRET)
    one = hasher.owner_columns(CODE, OWNER_ID, None)
    other = hasher.owner_columns("G03.77-240719-0043", OWNER_ID, None)
    assert one["owner_id_hash"] == other["owner_id_hash"]
    assert one["owner_id_last4_hash"] != other["owner_id_last4_hash"]
    assert OwnerHasher(SECRET + "x").owner_columns(CODE, OWNER_ID, None) != one
