from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from domain.dossiers import service
from domain.dossiers.models import Dossier
from tests.dossiers.conftest import OWNER_ID, OWNER_PHONE, record

CODE = "000.00.15.H22-240918-0003"


def test_a_dossier_is_created_with_its_first_history_row(database, hasher):
    with database.session() as s:
        service.create(s, hasher, record(), source="test")
    with database.session() as s:
        dossier = service.get(s, CODE.lower())  # codes are matched case-insensitively
        assert dossier.status == "received"
        assert [(h.status, h.source) for h in dossier.history] == [("received", "test")]
        with pytest.raises(service.DossierExists):
            service.create(s, hasher, record(), source="test")


def test_owner_numbers_are_not_stored_anywhere_in_clear(database, hasher, seeded):
    with database.session() as s:
        rows = s.execute(text("select * from dossiers")).all()
    dump = repr(rows)
    for secret_part in (OWNER_ID, OWNER_PHONE, OWNER_ID[-4:], OWNER_PHONE[-4:]):
        assert secret_part not in dump


def test_status_changes_append_history_in_order(database, hasher, seeded):
    with database.session() as s:
        dossier = service.get(s, seeded)
        service.change_status(s, hasher, dossier, record(status="processing"), source="admin_api")
        service.change_status(s, hasher, dossier, record(status="supplement_required", missing_items="Ảnh 4x6"),
                              source="admin_api")
    with database.session() as s:
        dossier = service.get(s, seeded)
        assert [h.status for h in dossier.history] == ["received", "processing", "supplement_required"]
        assert dossier.missing_items == ["Ảnh 4x6"]
        times = [service.lockout.as_utc(h.recorded_at) for h in dossier.history]
        assert times == sorted(times)


def test_refused_changes_change_nothing(database, hasher, seeded):
    with database.session() as s:
        dossier = service.get(s, seeded)
        service.change_status(s, hasher, dossier, record(status="result_ready"), source="t")
        with pytest.raises(service.InvalidChange, match="from result_ready to processing"):
            service.change_status(s, hasher, dossier, record(status="processing"), source="t")
        with pytest.raises(service.InvalidChange, match="already"):
            service.change_status(s, hasher, dossier, record(status="result_ready"), source="t")
    with database.session() as s:
        dossier = service.get(s, seeded)
        assert dossier.status == "result_ready" and len(dossier.history) == 2


def test_an_older_change_than_the_last_one_is_refused(database, hasher, seeded):
    old = (datetime.now(timezone.utc) - timedelta(days=30)).isoformat()
    with database.session() as s:
        dossier = service.get(s, seeded)
        with pytest.raises(service.InvalidChange, match="older"):
            service.change_status(s, hasher, dossier, record(status="processing", status_changed_at=old), source="t")


def test_upsert_is_idempotent(database, hasher):
    with database.session() as s:
        assert service.upsert(s, hasher, record(), source="import") == "created"
        assert service.upsert(s, hasher, record(), source="import") == "unchanged"
        assert service.upsert(s, hasher, record(agency="UBND quận 1"), source="import") == "updated"
        assert service.upsert(s, hasher, record(status="processing"), source="import") == "updated"
    with database.session() as s:
        assert len(service.get(s, CODE).history) == 2


def test_an_officer_can_find_a_persons_dossiers_by_full_number(database, hasher):
    with database.session() as s:
        service.create(s, hasher, record(), source="t")
        service.create(s, hasher, record("G03.77-240719-0043", owner_phone="0987654321"), source="t")
        service.create(s, hasher, record("H10.75.03-250513-0215", owner_id_number="001099012345",
                                         owner_phone=""), source="t")
    with database.session() as s:
        by_id = [d.receipt_code for d in service.find_by_owner(s, hasher, id_number=OWNER_ID)]
        by_phone = [d.receipt_code for d in service.find_by_owner(s, hasher, phone=OWNER_PHONE)]
    assert by_id == ["000.00.15.H22-240918-0003", "G03.77-240719-0043"]
    assert by_phone == ["000.00.15.H22-240918-0003"]


def test_overdue_is_computed_not_stored(database, hasher):
    with database.session() as s:
        late = service.create(s, hasher, record(appointment_date="2020-01-01", status="processing"), source="t")
        assert service.overdue(late)
        assert not hasattr(Dossier, "overdue")


def test_the_migration_matches_the_models(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.db.base import Base

    mine = {"dossiers", "dossier_status_history", "dossier_subscriptions", "status_check_attempts"}
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)

    def table_of(change) -> str | None:
        change = change[0] if isinstance(change, list) else change
        for part in change[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else part
            table = getattr(getattr(part, "table", None), "name", None)
            if table in mine or name in mine:
                return table or name
        return None

    assert [c for c in diff if table_of(c)] == []
