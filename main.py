"""App factory: `uvicorn main:create_app --factory`."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

# every concern's tables, so that Base.metadata (migrations, trace, erasure) knows them all
import connectors.models  # noqa: F401
import core.outbox.models  # noqa: F401
import domain.audit.models  # noqa: F401
import domain.dossiers.models  # noqa: F401
import domain.drafts.models  # noqa: F401
import domain.feedback.models  # noqa: F401
import domain.handoff.models  # noqa: F401
from api import guards, retention_job
from api.console import review_pages
from api.console import router as console
from api.console import ws as console_ws
from api.routers import (
    actions,
    chat,
    conversations,
    dossiers,
    drafts,
    health,
    metrics,
    procedures,
    understand,
    web,
)
from api.routers import desk as desk_api
from api.routers import feedback as feedback_api
from api.routers import stats as stats_api
from connectors.hub import ChannelHub
from connectors.telegram import webhook as telegram
from connectors.web import webhook as web_channel
from connectors.zalo import webhook as zalo
from core.broker import RedisBroker
from core.db import Database
from core.pii import install_log_masking
from core.rasa_client import RasaClient
from core.secrets_of import rasa_api_token
from core.settings import ROOT, Settings, get_settings
from domain import services as services_module
from domain.handoff import live
from domain.services import Services


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        install_log_masking()
        rasa = RasaClient(settings.rasa_urls, settings.rasa_timeout_seconds, auth_token=rasa_api_token(settings),
                          max_connections=settings.rasa_max_connections, max_in_flight=settings.rasa_max_in_flight,
                          pool_timeouts_before_reset=settings.rasa_pool_timeouts_before_reset)
        db = Database(settings.database_url)
        await run_in_threadpool(db.migrate)  # embedded default: the SQLite file is created here
        app.state.services = Services(settings=settings, rasa=rasa, db=db)
        app.state.action_executor = actions.build_executor()
        services_module.set_current(app.state.services)
        app.state.channels = ChannelHub.from_services(app.state.services)  # Telegram, Zalo, web push
        await app.state.channels.start()
        # load the catalogue, search index and embedding model before the first question
        warm_up = asyncio.create_task(run_in_threadpool(app.state.services.warm_up))
        retention = asyncio.create_task(retention_job.run_daily(app.state.services))  # RETENTION_DAYS
        broker = None
        if settings.redis_url:  # console live updates shared by every app process
            broker = await run_in_threadpool(RedisBroker(settings.redis_url, "console-live", live.hub.deliver).start)
            live.hub.use_broker(broker)
        yield
        if broker is not None:
            live.hub.use_broker(None)
            await run_in_threadpool(broker.stop)
        await app.state.channels.stop()
        for task in (warm_up, retention):
            task.cancel()
        # a cancelled thread-pool call still runs to its end: wait, so no query outlives the pool
        await asyncio.gather(warm_up, retention, return_exceptions=True)
        services_module.set_current(None)
        await rasa.close()
        db.dispose()

    app = FastAPI(
        title="Trợ lý dịch vụ công",
        description="Vietnamese public-service assistant: chat, understanding, procedures.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for module in (health, metrics, understand, chat, procedures, actions, web, dossiers, conversations, console, console_ws,
                   telegram, zalo, web_channel, drafts):
        app.include_router(module.router)
    for module in (feedback_api, desk_api, stats_api, review_pages):  # the officers' improvement loop
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=ROOT / "api" / "static"), name="static")
    guards.install(app, settings.max_request_bytes)  # body size limit, 422 answers that never crash
    if settings.cors_allow_origins:
        # the web chat widget is embedded in province portals on other domains; no cookies cross
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_allow_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-Session-Token"])
    return app
