"""Who is calling the console and the audit API: a console cookie or a bearer token.

Cookie-authenticated requests that change something must carry the session's CSRF
token in X-CSRF-Token (the cookie is also SameSite=Strict, and a foreign Origin is
refused), so another site cannot act with an officer's browser.
"""
from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.requests import HTTPConnection

from api.console.accounts import Authenticated, resolve
from api.deps import SessionDep

COOKIE = "dvc_console"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token_of(connection: HTTPConnection) -> tuple[str | None, str]:
    """(token, "bearer" | "cookie")."""
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), "bearer"
    return connection.cookies.get(COOKIE), "cookie"


def same_origin(connection: HTTPConnection) -> bool:
    """No Origin (non-browser client) or an Origin naming this very host."""
    origin = connection.headers.get("origin")
    if not origin:
        return True
    return urlsplit(origin).netloc == connection.headers.get("host", "")


def idle_limit(connection: HTTPConnection) -> timedelta:
    return timedelta(minutes=connection.app.state.services.settings.console_session_idle_minutes)


def authenticate(request: Request, session: SessionDep) -> Authenticated:
    token, how = token_of(request)
    found = resolve(session, token, idle_limit(request))
    if found is None:
        raise HTTPException(401, "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.",
                            headers={"WWW-Authenticate": "Bearer"})
    if how == "cookie" and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not same_origin(request) or not hmac.compare_digest(sent, found.session.csrf_token):
            raise HTTPException(403, "Yêu cầu không hợp lệ (CSRF). Vui lòng tải lại trang.")
    return found


OfficerDep = Annotated[Authenticated, Depends(authenticate)]
