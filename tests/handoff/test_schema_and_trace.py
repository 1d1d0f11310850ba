"""The migration matches the models on both databases; the trace includes other concerns' rows."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from core.db.base import Base
from domain.handoff import service
from domain.handoff.office_hours import OfficeHours
from domain.handoff.trace import build_trace, related_rows

MINE = {"officers", "officer_sessions", "conversations", "conversation_messages", "handoffs", "conversation_notes"}


def _table_of(diff) -> str | None:
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item if isinstance(item, tuple) else (item,):
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if hasattr(part, "name") and getattr(part, "name", None) in MINE:
                return part.name
            if isinstance(part, str) and part in MINE:
                return part
    return None


def test_migration_matches_the_models(database):
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if _table_of(d) in MINE] == []


def test_trace_lists_procedures_statuses_and_related_rows(database):
    metadata = MetaData()
    drafts = Table("form_drafts_probe", metadata, Column("id", Integer, primary_key=True),
                   Column("sender_id", String(128)), Column("form", String(64)), Column("secret_hash", String(64)))
    metadata.create_all(database.engine)
    Base.metadata._add_table(drafts.name, None, drafts)  # as another concern's model would
    try:
        with database.session() as s:
            conversation = service.get_or_create(s, "web-tr", "web")
            from domain.handoff.messages import annotate, log_message

            asked = log_message(s, conversation, direction="in", author="citizen", text="hồ sơ H01-240101-0001 sao rồi")
            annotate(asked, {"intent": "check_status", "confidence": 0.9, "procedure_code": "1.001",
                             "filled_fields": {"receipt_code": "H01-240101-0001"}})
            log_message(s, conversation, direction="out", author="bot", text="Hồ sơ đang được xử lý.")
            s.execute(insert(drafts).values(sender_id="web-tr", form="tam_tru", secret_hash="x" * 64))
            s.execute(insert(drafts).values(sender_id="web-other", form="khai_sinh", secret_hash="y"))
            service.request_handoff(s, "web-tr", hours=OfficeHours.parse("00:00-24:00", "mon-sun"))
        with database.session() as s:
            trace = build_trace(s, "web-tr")
            assert build_trace(s, "web-nobody") is None
            assert related_rows(s, "web-tr")["form_drafts_probe"] == [{"id": 1, "sender_id": "web-tr",
                                                                       "form": "tam_tru"}]
    finally:
        Base.metadata.remove(drafts)
        metadata.drop_all(database.engine)
    assert trace["procedures"] == [{"code": "1.001", "first_seen_at": trace["messages"][0]["created_at"]}]
    assert trace["statuses_disclosed"][0]["answer"] == "Hồ sơ đang được xử lý."
    assert trace["drafts"] == [{"id": 1, "sender_id": "web-tr", "form": "tam_tru"}]   # no secret column
    assert trace["handoffs"][0]["reason"] == "request_human"
    assert trace["intents"][0]["intent"] == "check_status"
