"""Database fixtures: every DB test runs on SQLite and, where reachable, PostgreSQL."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from core.db import Database

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_reachable() -> str | None:
    try:
        with create_engine(POSTGRES_ADMIN_URL).connect() as connection:
            connection.execute(text("select 1"))
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable here"
        return str(error).splitlines()[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A migrated, empty database of each kind (a fresh PostgreSQL schema per test)."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'test.db'}")
        db.migrate()
        yield db
        db.dispose()
        return
    problem = _postgres_reachable()
    if problem:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {problem}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    db = Database(f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{schema}")
    try:
        db.migrate()
        yield db
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()
