"""The daily retention job of each app process (RETENTION_DAYS, default 90; 0 keeps everything).

Deleting the same old rows twice is harmless, so several app processes may each run it.
"""
from __future__ import annotations

import asyncio
import logging
import time

from core import rasa_tracker
from domain import retention

log = logging.getLogger(__name__)
DAY = 24 * 3600


def run_once(services) -> dict[str, int]:
    days = services.settings.retention_days
    if days <= 0:
        return {}
    with services.db.session() as session:
        counts = retention.expire(session, days)
    counts["rasa_events"] = rasa_tracker.expire_events(services.settings, time.time() - days * DAY)
    return {k: v for k, v in counts.items() if v}


async def _in_thread(fn, *args):
    """Run in a worker thread; when cancelled, wait for the thread to finish before re-raising, so
    no purge is still writing after the app has shut down (and disposed its database)."""
    future = asyncio.get_running_loop().run_in_executor(None, fn, *args)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        raise


async def run_daily(services) -> None:
    while True:
        try:
            counts = await _in_thread(run_once, services)
            if counts:
                log.info("retention (%d days): %s", services.settings.retention_days, counts)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - tried again tomorrow; the product goes on
            log.exception("retention job failed")
        await asyncio.sleep(DAY)
