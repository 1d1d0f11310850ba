"""Retention and erasure (Decree 13/2023): what a citizen's conversation leaves behind is deleted
on request and after RETENTION_DAYS, in every concern's tables and in Rasa's tracker."""
from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import create_engine, func, select, text

import main  # noqa: F401  (registers every concern's tables, as the app does)
from api import erasure
from core import outbox, rasa_tracker
from core.db.base import Base, utcnow
from core.settings import Settings
from domain import audit, retention
from domain.handoff import service
from domain.handoff.messages import log_message
from domain.handoff.models import ConversationMessage
from tests.handoff.conftest import database, make_router, open_settings, rasa  # noqa: F401


def _conversation(session, sender: str, at=None) -> None:
    conversation = service.get_or_create(session, sender, "web")
    message = log_message(session, conversation, direction="in", author="citizen",
                          text="tên tôi Nguyễn Văn An, cccd 040093012457", now=at)
    message.created_at = at or utcnow()
    audit.form_state(session, sender, "1.004194", "filling", {"ho_ten": "Nguyễn Văn An"})
    outbox.enqueue(session, "web", sender, "officer_reply", {"text": "Chào anh An"})


def _count(session, table_name: str, **where) -> int:
    table = Base.metadata.tables[table_name]
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    return session.scalar(query)


def test_erasing_a_conversation_removes_its_rows_everywhere_and_nothing_else(database):
    with database.session() as s:
        _conversation(s, "web-an")
        _conversation(s, "web-binh")
    with database.session() as s:
        counts = retention.erase_sender(s, "web-an")
    assert counts["conversations"] == 1 and counts["conversation_messages"] == 1
    with database.session() as s:
        for table, column in (("conversations", "sender_id"), ("trace_events", "sender_id"),
                              ("outbox_messages", "recipient_id")):
            assert _count(s, table, **{column: "web-an"}) == 0
            assert _count(s, table, **{column: "web-binh"}) == 1
        assert _count(s, "conversation_messages") == 1                    # Bình's message stays


def test_rows_past_the_retention_period_are_deleted_or_emptied(database):
    old = utcnow() - timedelta(days=120)
    with database.session() as s:
        _conversation(s, "web-old", at=old)
        s.execute(Base.metadata.tables["trace_events"].update().values(created_at=old))
        s.execute(Base.metadata.tables["outbox_messages"].update().values(created_at=old))
        _conversation(s, "web-new")
        s.execute(Base.metadata.tables["trace_events"].update()
                  .where(Base.metadata.tables["trace_events"].c.sender_id == "web-new").values(created_at=utcnow()))
        s.execute(Base.metadata.tables["outbox_messages"].update()
                  .where(Base.metadata.tables["outbox_messages"].c.recipient_id == "web-new")
                  .values(created_at=utcnow()))
    with database.session() as s:
        counts = retention.expire(s, 90)
    assert counts["conversation_messages"] == 1 and counts["trace_events"] == 1
    with database.session() as s:
        texts = dict(s.execute(select(ConversationMessage.id, ConversationMessage.text)).all())
        assert sorted(t is None for t in texts.values()) == [False, True]   # old text emptied, new kept
        assert _count(s, "trace_events") == 1 and _count(s, "outbox_messages") == 1
        assert _count(s, "conversations") == 2                              # statistics keep the row


def test_rasa_tracker_events_are_erased_and_expired(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    engine = create_engine(rasa_tracker.tracker_database_url(settings))
    with engine.begin() as c:
        c.execute(text("create table events (id integer primary key, sender_id text, type_name text, "
                       "timestamp real, data text)"))
        now = time.time()
        for sender, ts in (("web-an", now), ("web-an", now - 200 * 86400), ("web-binh", now - 200 * 86400),
                           ("web-binh", now)):
            c.execute(text("insert into events (sender_id, type_name, timestamp, data) values (:s, 'user', :t, '{}')"),
                      {"s": sender, "t": ts})
    assert rasa_tracker.erase_conversation(settings, "web-an") == 2
    assert rasa_tracker.expire_events(settings, now - 90 * 86400) == 1
    with engine.connect() as c:
        assert c.execute(text("select sender_id from events")).scalars().all() == ["web-binh"]
    engine.dispose()


def test_no_tracker_database_yet_is_not_an_error(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    assert rasa_tracker.erase_conversation(settings, "web-x") == 0


async def test_the_citizen_asks_confirms_and_everything_is_gone(database, make_router, rasa):  # noqa: F811
    router = make_router(open_settings())
    await router.handle("web-e", "tên tôi Nguyễn Văn An, số điện thoại 0912345678")
    [ask] = await router.handle("web-e", "xóa hết dữ liệu của tôi đi")
    assert ask.text == erasure.ASK and [b.payload for b in ask.buttons] == [erasure.CONFIRM, erasure.CANCEL]
    assert rasa.sent_by("web-e") == ["tên tôi Nguyễn Văn An, số điện thoại 0912345678"]   # never reaches Rasa
    [kept] = await router.handle("web-e", erasure.CANCEL)
    assert kept.text == erasure.KEPT
    with database.session() as s:
        assert _count(s, "conversation_messages") > 0
    [done] = await router.handle("web-e", erasure.CONFIRM)
    assert done.text == erasure.DONE
    with database.session() as s:
        assert _count(s, "conversations", sender_id="web-e") == 0
        assert _count(s, "conversation_messages") == 0


def test_the_sqlite_database_file_is_private(tmp_path):
    import stat

    from core.db import Database

    db = Database(f"sqlite:///{tmp_path / 'app.db'}")
    db.migrate()
    db.dispose()
    assert stat.S_IMODE((tmp_path / "app.db").stat().st_mode) == 0o600


def test_erasure_reaches_the_long_button_payloads_shown_to_that_citizen(database):
    from connectors import payload_map

    subscribe = '/subscribe_status_updates{"receipt_code": "000.00.15.H22-240918-0003"}'
    with database.session() as s:
        mine = payload_map.shorten(s, subscribe, 64, owner="telegram:1")
        theirs = payload_map.shorten(s, subscribe, 64, owner="telegram:2")
    assert mine != theirs
    with database.session() as s:
        retention.erase_sender(s, "telegram:1")
    with database.session() as s:
        assert payload_map.resolve(s, mine) is None
        assert payload_map.resolve(s, theirs) == subscribe
