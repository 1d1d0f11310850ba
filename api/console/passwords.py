"""Officer passwords: scrypt (stdlib hashlib), salted, parameters stored with the hash."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

# 16 MiB of memory and ~50 ms per check on this hardware: slow for guessing, fine for logins
N, R, P, KEY_BYTES = 2**14, 8, 1, 32
MIN_LENGTH = 10


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=KEY_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def dummy_hash() -> str:
    """Checked against when the username does not exist, so both cases take the same time."""
    return hash_password(os.urandom(16).hex())


def password_problem(password: str) -> str | None:
    """Why a new password is refused (None = acceptable)."""
    if len(password) < MIN_LENGTH:
        return f"password must have at least {MIN_LENGTH} characters"
    if password.strip() != password:
        return "password must not start or end with spaces"
    return None
