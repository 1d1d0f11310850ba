"""Several app processes start at once (uvicorn workers, replicas) on an empty database: the
migrations run once, the others wait for them instead of failing on "already exists"."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import inspect

from core.db import Database
from core.settings import ROOT

MIGRATE = "import sys; from core.db import Database; Database(sys.argv[1]).migrate()"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    from tests.db.conftest import POSTGRES_ADMIN_URL, _postgres_reachable

    problem = _postgres_reachable()
    if problem:
        pytest.skip(problem)
    import uuid

    from sqlalchemy import create_engine, text

    name = f"migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create database "{name}"'))
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'drop database "{name}" with (force)'))
    admin.dispose()


def test_four_processes_migrating_at_once_all_succeed(empty_database_url):
    processes = [subprocess.Popen([sys.executable, "-c", MIGRATE, empty_database_url], cwd=ROOT,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=300)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], "\n".join(e[-600:] for e in errors)
    db = Database(empty_database_url)
    assert "conversations" in inspect(db.engine).get_table_names()
    db.dispose()
