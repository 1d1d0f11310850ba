"""Officer accounts: hashed passwords, lockout, sessions that expire."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from api.console.accounts import (
    AccountError,
    check_password,
    create_officer,
    deactivate,
    open_session,
    resolve,
    revoke,
)
from api.console.passwords import hash_password, verify_password
from core.db.base import utcnow
from domain.handoff.models import Officer, OfficerSession
from tests.handoff.conftest import PASSWORD

IDLE = timedelta(minutes=60)


def test_passwords_are_salted_scrypt_hashes():
    first, second = hash_password("mot-mat-khau-dai"), hash_password("mot-mat-khau-dai")
    assert first != second and "mot-mat-khau-dai" not in first
    assert first.startswith("scrypt$16384$8$1$")
    assert verify_password("mot-mat-khau-dai", first)
    assert not verify_password("mot-mat-khau-dai!", first)
    assert not verify_password("x", "garbage") and not verify_password("x", "md5$abc")


def test_stored_hash_is_never_the_password(database, officers):
    with database.session() as s:
        stored = s.scalar(select(Officer.password_hash).where(Officer.username == "lan"))
    assert PASSWORD not in stored and verify_password(PASSWORD, stored)


@pytest.mark.parametrize("username, password", [("ab", PASSWORD), ("Lan Anh", PASSWORD), ("lan2", "ngan"),
                                                ("lan3", " co-khoang-trang ")])
def test_bad_usernames_and_weak_passwords_are_refused(database, username, password):
    with database.session() as s, pytest.raises(AccountError):
        create_officer(s, username, password)


def test_duplicate_needs_reset_and_reset_ends_sessions(database, officers):
    lan, _ = officers
    with database.session() as s:
        with pytest.raises(AccountError):
            create_officer(s, "lan", "mat-khau-moi-123")
    with database.session() as s:
        token, _ = open_session(s, lan, timedelta(hours=8))
    with database.session() as s:
        create_officer(s, "LAN", "mat-khau-moi-123", reset=True)
    with database.session() as s:
        assert resolve(s, token, IDLE) is None
        assert check_password(s, "lan", "mat-khau-moi-123") is not None
        assert check_password(s, "lan", PASSWORD) is None


def test_login_checks_and_locks_after_five_failures(database, officers):
    with database.session() as s:
        assert check_password(s, "lan", PASSWORD).username == "lan"
        assert check_password(s, "nobody", PASSWORD) is None
    for _ in range(5):
        with database.session() as s:
            assert check_password(s, "lan", "sai-mat-khau-1") is None
    with database.session() as s:
        assert check_password(s, "lan", PASSWORD) is None          # locked, even with the right password
        officer = s.scalar(select(Officer).where(Officer.username == "lan"))
        officer.locked_until = utcnow() - timedelta(seconds=1)     # the lock ran out
    with database.session() as s:
        assert check_password(s, "lan", PASSWORD) is not None


def test_sessions_expire_idle_and_revoked(database, officers):
    lan, _ = officers
    start = utcnow()
    with database.session() as s:
        token, _ = open_session(s, lan, timedelta(hours=8), now=start)
        api_token, _ = open_session(s, lan, timedelta(days=30), kind="api", now=start)
    with database.session() as s:
        assert resolve(s, token, IDLE, now=start + timedelta(minutes=30)).officer.username == "lan"
    with database.session() as s:  # used at +30 min: idle counts from there
        assert resolve(s, token, IDLE, now=start + timedelta(minutes=89)) is not None
        assert resolve(s, token, IDLE, now=start + timedelta(minutes=89 + 61)) is None       # idle too long
        assert resolve(s, api_token, IDLE, now=start + timedelta(days=2)) is not None      # API tokens do not idle
        assert resolve(s, api_token, IDLE, now=start + timedelta(days=31)) is None
        assert resolve(s, "forged-token", IDLE) is None and resolve(s, None, IDLE) is None
    with database.session() as s:
        token2, _ = open_session(s, lan, timedelta(minutes=10), now=start)
    with database.session() as s:
        assert resolve(s, token2, IDLE, now=start + timedelta(minutes=11)) is None           # absolute expiry
        revoke(s, api_token)
    with database.session() as s:
        assert resolve(s, api_token, IDLE) is None


def test_only_token_hashes_are_stored(database, officers):
    lan, _ = officers
    with database.session() as s:
        token, _ = open_session(s, lan, timedelta(hours=1))
    with database.session() as s:
        stored = list(s.scalars(select(OfficerSession.token_hash)))
    assert token not in stored and len(stored[0]) == 64


def test_deactivated_officers_cannot_log_in_or_use_sessions(database, officers):
    lan, _ = officers
    with database.session() as s:
        token, _ = open_session(s, lan, timedelta(hours=1))
        deactivate(s, "lan")
    with database.session() as s:
        assert resolve(s, token, IDLE) is None
        assert check_password(s, "lan", PASSWORD) is None
