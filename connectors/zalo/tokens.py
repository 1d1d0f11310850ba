"""The OA access token: kept in the database, rotated with the single-use refresh token.

Zalo's refresh token works once: refreshing returns a new access token AND a new refresh
token, and the old one is dead. Two processes refreshing at the same time would burn it,
so a refresh happens under a database row lock (SELECT … FOR UPDATE on PostgreSQL,
BEGIN IMMEDIATE on SQLite) plus an asyncio lock in-process; whoever gets the lock second
finds a fresh token already stored and uses it instead of refreshing again.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from connectors.models import ZaloToken
from connectors.store import as_utc, insert_ignoring_duplicates
from core.db import Database
from core.settings import Settings

log = logging.getLogger(__name__)
ROW_ID = "oa"
REFRESH_PATH = "/v4/oa/access_token"


class ZaloTokenError(RuntimeError):
    """No usable token: not configured, or the refresh was refused (re-authorize the app)."""


class ZaloTokenStore:
    def __init__(self, db: Database, settings: Settings, http: httpx.Client | None = None) -> None:
        self._db = db
        self._settings = settings
        self._margin = timedelta(seconds=settings.zalo_token_refresh_margin_seconds)
        self._http = http or httpx.Client(base_url=settings.zalo_oauth_base_url, timeout=15.0)
        self._lock = asyncio.Lock()

    def close(self) -> None:
        self._http.close()

    def _expiring(self, row: ZaloToken, now: datetime) -> bool:
        """Unknown expiry (the seeded token) counts as valid until Zalo says it expired."""
        expires_at = as_utc(row.expires_at)
        return expires_at is not None and expires_at - self._margin <= now

    # ---- async API -------------------------------------------------------------------------

    async def access_token(self) -> str:
        """A token valid for at least the margin (refreshed first when it is about to expire)."""
        token, expiring = await run_in_threadpool(self._current)
        if expiring:
            return await self.refresh(token)
        return token

    async def refresh(self, stale_token: str) -> str:
        """A new token replacing `stale_token` (e.g. after Zalo answered "access token expired")."""
        async with self._lock:
            return await run_in_threadpool(self._refresh_locked, stale_token)

    # ---- blocking parts (worker threads) ----------------------------------------------------

    def _current(self) -> tuple[str, bool]:
        with self._db.session() as session:
            row = self._row(session)
            return row.access_token, self._expiring(row, datetime.now(timezone.utc))

    def _row(self, session: Session) -> ZaloToken:
        row = session.get(ZaloToken, ROW_ID)
        if row is None:   # first use: seed from the settings (tokens from the developer portal)
            if not (self._settings.zalo_access_token or self._settings.zalo_refresh_token):
                raise ZaloTokenError("Zalo chưa có access token: đặt ZALO_ACCESS_TOKEN và ZALO_REFRESH_TOKEN")
            insert_ignoring_duplicates(session, ZaloToken, {
                "id": ROW_ID, "access_token": self._settings.zalo_access_token,
                "refresh_token": self._settings.zalo_refresh_token, "expires_at": None, "refresh_count": 0,
            })
            row = session.get(ZaloToken, ROW_ID, populate_existing=True)
        return row

    def _lock_row(self, session: Session) -> ZaloToken:
        if self._db.is_sqlite:
            # the whole database is write-locked until commit: other processes wait (busy timeout)
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            return session.get(ZaloToken, ROW_ID, populate_existing=True)
        return session.scalar(
            select(ZaloToken).where(ZaloToken.id == ROW_ID).with_for_update().execution_options(populate_existing=True)
        )

    def _refresh_locked(self, stale_token: str) -> str:
        self._current()   # make sure the row exists before locking it
        # held across the HTTP refresh: no SQLite turn, so the process's other transactions go on
        with self._db.session(turn=False) as session:
            row = self._lock_row(session)
            now = datetime.now(timezone.utc)
            if row.access_token != stale_token and not self._expiring(row, now):
                return row.access_token   # another process or task refreshed meanwhile
            if not row.refresh_token:
                raise ZaloTokenError("Zalo access token hết hạn và không có refresh token: cấp quyền lại cho ứng dụng")
            response = self._http.post(
                REFRESH_PATH, headers={"secret_key": self._settings.zalo_app_secret_key},
                data={"app_id": self._settings.zalo_app_id, "refresh_token": row.refresh_token,
                      "grant_type": "refresh_token"},
            )
            try:
                body = response.json()
            except ValueError:
                body = {}
            if response.status_code != 200 or not body.get("access_token") or not body.get("refresh_token"):
                reason = body.get("error_description") or body.get("error_name") or body.get("message") or response.text
                raise ZaloTokenError(f"Zalo refresh token refused ({body.get('error')}): {reason}"[:500])
            row.access_token = body["access_token"]
            row.refresh_token = body["refresh_token"]
            row.expires_at = now + timedelta(seconds=int(body.get("expires_in") or 3600))
            row.refreshed_at = now
            row.refresh_count = (row.refresh_count or 0) + 1
            log.info("zalo: access token refreshed (valid until %s)", row.expires_at.isoformat(timespec="minutes"))
            return row.access_token
