"""Security tests: an in-process app (real routers, real database, a stand-in Rasa)."""
from __future__ import annotations

import pytest

from core.settings import Settings
from domain import services as services_module
from domain.dossiers import service
from domain.dossiers.identity import OwnerHasher
from domain.services import Services
from tests.channels.conftest import fake_rasa, no_warm_up  # noqa: F401  (fixtures re-exported)
from tests.db.conftest import database  # noqa: F401  (fixture re-exported for this package)
from tests.dossiers.conftest import SECRET, TOKEN, record

ACTION_SECRET = "test-action-secret-0123456789"
SESSION_SECRET = "test-session-secret-0123456789"
RECEIPT = "000.00.15.H22-240918-0003"


@pytest.fixture
def settings(database, tmp_path) -> Settings:  # noqa: F811
    return Settings(database_url=database.url, dossier_secret=SECRET, admin_api_token=TOKEN,
                    action_secret=ACTION_SECRET, web_session_secret=SESSION_SECRET,
                    rasa_auth_token="test-rasa-token", cache_dir=tmp_path / "cache")


@pytest.fixture
def services(settings, database):  # noqa: F811
    running = Services(settings=settings, rasa=None, db=database)
    services_module.set_current(running)
    yield running
    services_module.set_current(None)


@pytest.fixture
def seeded(database):  # noqa: F811
    with database.session() as session:
        service.create(session, OwnerHasher(SECRET), record(RECEIPT), source="test")
    return RECEIPT
