"""Officer accounts and their sessions (console cookies and API bearer tokens).

Tokens are random 256-bit strings given to the client once; the database keeps only
their SHA-256, so a leaked database does not give working sessions.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from api.console.passwords import dummy_hash, hash_password, password_problem, verify_password
from core.db.base import utcnow
from domain.handoff.models import Officer, OfficerSession
from domain.handoff.timeutil import as_utc

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# last_used_at is written at most this often (a console polls; no write per request)
TOUCH_EVERY = timedelta(seconds=30)


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class Authenticated:
    officer: Officer
    session: OfficerSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def create_officer(session: Session, username: str, password: str, display_name: str | None = None,
                   *, reset: bool = False) -> Officer:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise AccountError("username: 3-64 characters, lowercase letters, digits, '.', '_' or '-'")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    officer = session.scalar(select(Officer).where(Officer.username == username))
    if officer is not None and not reset:
        raise AccountError(f"officer {username!r} already exists (use --reset to change the password)")
    if officer is None:
        officer = Officer(username=username, display_name=display_name or username, active=True, failed_logins=0,
                          password_hash="")
        session.add(officer)
    elif display_name:
        officer.display_name = display_name
    officer.password_hash = hash_password(password)
    officer.failed_logins, officer.locked_until, officer.active = 0, None, True
    if reset:  # a new password ends every open session
        session.flush()
        revoke_all(session, officer.id)
    session.flush()
    return officer


def check_password(session: Session, username: str, password: str, now: datetime | None = None) -> Officer | None:
    """The officer when the password is right; failures lock the account for a while.

    Atomic under concurrency: a guess is first counted by one conditional UPDATE (only while
    the account is not locked and fewer than MAX_FAILED_LOGINS guesses are counted), which
    holds the row until the caller's transaction ends; so 20 parallel guesses evaluate at most
    MAX_FAILED_LOGINS passwords. A locked, unknown or inactive account costs the same hashing
    time as a wrong password (no username enumeration by timing).
    """
    now = now or utcnow()
    officer = session.scalar(select(Officer).where(Officer.username == username.strip().lower()))
    if officer is None or not officer.active:
        verify_password(password, dummy_hash())
        return None
    counted = session.execute(
        update(Officer)
        .where(Officer.id == officer.id, Officer.failed_logins < MAX_FAILED_LOGINS,
               or_(Officer.locked_until.is_(None), Officer.locked_until <= now))
        .values(failed_logins=Officer.failed_logins + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not counted:  # locked: refused without looking at the password, in the same time
        verify_password(password, dummy_hash())
        return None
    if not verify_password(password, officer.password_hash):
        session.execute(
            update(Officer).where(Officer.id == officer.id, Officer.failed_logins >= MAX_FAILED_LOGINS)
            .values(locked_until=now + LOCKOUT, failed_logins=0).execution_options(synchronize_session=False))
        session.expire(officer)
        return None
    session.execute(update(Officer).where(Officer.id == officer.id)
                    .values(failed_logins=0, locked_until=None, last_login_at=now)
                    .execution_options(synchronize_session=False))
    session.refresh(officer)
    return officer


def open_session(session: Session, officer: Officer, lifetime: timedelta, kind: str = "browser",
                 now: datetime | None = None) -> tuple[str, OfficerSession]:
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = OfficerSession(token_hash=_digest(token), officer_id=officer.id, kind=kind,
                         csrf_token=secrets.token_urlsafe(24), created_at=now, expires_at=now + lifetime,
                         last_used_at=now)
    session.add(row)
    session.flush()
    return token, row


def resolve(session: Session, token: str | None, idle_limit: timedelta,
            now: datetime | None = None) -> Authenticated | None:
    """The live session of a token: not revoked, not expired, not idle too long (browser)."""
    if not token:
        return None
    now = now or utcnow()
    row = session.scalar(select(OfficerSession).where(OfficerSession.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        return None
    if row.kind == "browser" and as_utc(row.last_used_at) + idle_limit <= now:
        return None
    officer = session.get(Officer, row.officer_id)
    if officer is None or not officer.active:
        return None
    if now - as_utc(row.last_used_at) >= TOUCH_EVERY:
        row.last_used_at = now
    return Authenticated(officer, row)


def revoke(session: Session, token: str | None, now: datetime | None = None) -> None:
    if token:
        session.execute(update(OfficerSession).where(OfficerSession.token_hash == _digest(token))
                        .values(revoked_at=now or utcnow()))


def revoke_all(session: Session, officer_id: int, now: datetime | None = None) -> None:
    session.execute(update(OfficerSession).where(OfficerSession.officer_id == officer_id,
                                                 OfficerSession.revoked_at.is_(None))
                    .values(revoked_at=now or utcnow()))


def deactivate(session: Session, username: str) -> None:
    officer = session.scalar(select(Officer).where(Officer.username == username.strip().lower()))
    if officer is None:
        raise AccountError(f"no officer {username!r}")
    officer.active = False
    revoke_all(session, officer.id)
