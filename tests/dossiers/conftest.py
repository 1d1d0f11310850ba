"""Dossier tests: the shared `database` fixture (SQLite and PostgreSQL) plus helpers."""
from __future__ import annotations

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routers import dossiers as dossiers_router
from core.settings import Settings
from domain import services as services_module
from domain.dossiers import service
from domain.dossiers.identity import OwnerHasher
from domain.dossiers.records import parse_record
from domain.services import Services
from tests.db.conftest import database  # noqa: F401  (fixture re-exported for this package)

SECRET = "test-dossier-secret-0123456789abcdef"
TOKEN = "test-admin-token-9876543210"

# an owner whose numbers must never show up anywhere
OWNER_ID = "074161004292"
OWNER_PHONE = "0912345678"


def record(receipt_code: str = "000.00.15.H22-240918-0003", **fields):
    values = {"receipt_code": receipt_code, "procedure_code": "1.001193", "status": "received",
              "owner_id_number": OWNER_ID, "owner_phone": OWNER_PHONE, "agency": "UBND phường Bến Nghé",
              "appointment_date": date(2099, 1, 15).isoformat()}
    values.update(fields)
    return parse_record(values, require_owner=False)


@pytest.fixture
def hasher() -> OwnerHasher:
    return OwnerHasher(SECRET)


@pytest.fixture
def settings(database) -> Settings:  # noqa: F811
    return Settings(database_url=database.url, dossier_secret=SECRET, admin_api_token=TOKEN)


@pytest.fixture
def services(settings, database):  # noqa: F811
    """The app services as actions see them (domain.services.current())."""
    running = Services(settings=settings, rasa=None, db=database)
    services_module.set_current(running)
    yield running
    services_module.set_current(None)


def admin_app(settings, database) -> FastAPI:  # noqa: F811
    app = FastAPI()
    app.include_router(dossiers_router.router)
    app.state.services = Services(settings=settings, rasa=None, db=database)
    return app


@pytest.fixture
def admin(settings, database):  # noqa: F811
    """A client of the admin API, authenticated."""
    with TestClient(admin_app(settings, database), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client


@pytest.fixture
def seeded(database, hasher):  # noqa: F811
    """One dossier, received, appointment far in the future."""
    with database.session() as session:
        service.create(session, hasher, record(), source="test")
    return "000.00.15.H22-240918-0003"
