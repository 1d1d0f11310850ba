"""App factory: `uvicorn api.main:create_app --factory`."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api import services as services_module
from api.pii import install_log_masking
from api.db import Database
from api.rasa_client import RasaClient
from api.routers import actions, chat, health, procedures, understand, web
from api.services import Services
from api.settings import ROOT, Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        install_log_masking()
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        db = Database(settings.database_url)
        await run_in_threadpool(db.migrate)  # embedded default: the SQLite file is created here
        app.state.services = Services(settings=settings, rasa=rasa, db=db)
        app.state.action_executor = actions.build_executor()
        services_module.set_current(app.state.services)
        yield
        services_module.set_current(None)
        await rasa.close()
        db.dispose()

    app = FastAPI(
        title="Trợ lý dịch vụ công",
        description="Vietnamese public-service assistant: chat, understanding, procedures.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for module in (health, understand, chat, procedures, actions, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=ROOT / "api" / "static"), name="static")
    return app
